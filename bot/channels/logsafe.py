"""Logging and error text that never show the bot token (httpx logs request URLs, which contain it)."""

from __future__ import annotations

import logging
import sys
import traceback
from types import TracebackType

MASK = "<token>"
MIN_SECRET = 8  # a token's secret part shorter than this is not masked on its own (it would mask ordinary words)


def mask(text: str, token: str) -> str:
    """`text` with the token, and the secret part after its colon, replaced by <token>."""
    text = text.replace(token, MASK)
    secret = token.partition(":")[2]
    return text.replace(secret, MASK) if len(secret) >= MIN_SECRET else text


class RedactToken(logging.Filter):
    def __init__(self, token: str) -> None:
        super().__init__()
        self.token = token
        self._formatter = logging.Formatter()

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if record.exc_info:
            record.exc_text = self._formatter.formatException(record.exc_info)
            record.exc_info = None
        if record.exc_text:  # also when another filter formatted it first
            record.exc_text = mask(record.exc_text, self.token)
        record.msg, record.args = mask(message, self.token), None
        return True


def protect(token: str) -> None:
    """Mask the token in everything the root logger's handlers write and in an uncaught traceback.

    Also quiets httpx's per-request lines, and python-telegram-bot's full dump (with a
    traceback) of an answer that is not JSON, such as a wrong server's HTML page: the
    error it raises says the same, and the channel reports it in one line.
    """
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("telegram.request.BaseRequest").setLevel(logging.CRITICAL)
    for handler in logging.getLogger().handlers:
        handler.addFilter(RedactToken(token))

    def excepthook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        sys.stderr.write(mask("".join(traceback.format_exception(kind, error, tb)), token))

    sys.excepthook = excepthook
