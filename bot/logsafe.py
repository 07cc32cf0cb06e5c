"""Logging that never shows the bot token (httpx logs request URLs, which contain it)."""

from __future__ import annotations

import logging

MASK = "<token>"


class RedactToken(logging.Filter):
    def __init__(self, token: str) -> None:
        super().__init__()
        self.token = token
        self._formatter = logging.Formatter()

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if record.exc_info:
            record.exc_text = self._formatter.formatException(record.exc_info).replace(self.token, MASK)
            record.exc_info = None
        record.msg, record.args = message.replace(self.token, MASK), None
        return True


def protect(token: str) -> None:
    """Mask the token in everything the root logger's handlers write; quiet httpx's per-request lines."""
    logging.getLogger("httpx").setLevel(logging.WARNING)
    for handler in logging.getLogger().handlers:
        handler.addFilter(RedactToken(token))
