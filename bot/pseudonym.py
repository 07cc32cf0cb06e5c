"""Keyed pseudonyms: a stable one per user, and one per user per day for events.

Both are HMAC-SHA256 under the operator's secret, so nobody without the secret can
recompute them from a Telegram id, and the daily ones cannot be linked across days.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
import secrets
from datetime import date, timedelta
from pathlib import Path

log = logging.getLogger(__name__)

LENGTH = 32  # hex characters kept: 128 bits


class Pseudonyms:
    def __init__(self, secret: str) -> None:
        self._key = secret.encode()

    def _mac(self, *parts: str) -> str:
        return hmac.new(self._key, "\x1f".join(parts).encode(), hashlib.sha256).hexdigest()[:LENGTH]

    def user(self, channel: str, user_id: str) -> str:
        """Stable: keys the user's preferences."""
        return self._mac("user", channel, user_id)

    def daily(self, channel: str, user_id: str, day: date) -> str:
        """Rotates every day: keys the user's events."""
        return self._mac("day", channel, user_id, day.isoformat())

    def days(self, channel: str, user_id: str, first: date, last: date) -> list[str]:
        """Every daily pseudonym from `first` to `last`, both included (for erasure)."""
        return [self.daily(channel, user_id, first + timedelta(days=n)) for n in range((last - first).days + 1)]


def local_secret(path: Path) -> str:
    """The terminal channel's secret: read from `path`, or created there readable only by its owner."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text().strip()
    value = secrets.token_urlsafe(48)
    with os.fdopen(fd, "w") as fh:
        fh.write(value + "\n")
    log.info("created a local secret in %s", path)
    return value
