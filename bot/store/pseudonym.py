"""Keyed pseudonyms: a stable one per user, and one per user per day for events.

Both are HMAC-SHA256 under the operator's secret, so nobody without the secret can
recompute them from a Telegram id, and the daily ones cannot be linked across days.
Without TEDUH_SECRET, the terminal keeps its own secret in a file (`local_secret`).
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
import secrets
import tempfile
from datetime import date, timedelta
from pathlib import Path

from bot.config import MIN_SECRET_LENGTH, ConfigError

log = logging.getLogger(__name__)

LENGTH = 32  # hex characters kept: 128 bits
AFTER_DELETE = "records kept under the old secret can then no longer be erased by id"


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
    """The terminal channel's secret, kept in `path`: created on first use, owner-only (0600).

    The new secret is written and synced in a temporary file beside `path`, then hard-linked to
    `path`; a link fails if the name exists, so processes starting at once all end up with the
    first one's secret, and `path` never holds a half-written one. A file that is empty, too short
    or open to group or others raises ConfigError naming the file and the fix.
    """
    try:
        return _read(path)
    except FileNotFoundError:
        pass
    value = secrets.token_urlsafe(48)
    if not _publish(path, value + "\n"):
        return _read(path)  # another process made it first
    log.info("created a local secret in %s", path)
    return value


def _publish(path: Path, text: str) -> bool:
    """Put `text` at `path` whole and owner-only; False (and nothing written) if `path` already exists."""
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)  # 0600
    try:
        with os.fdopen(fd, "w") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        try:
            os.link(temporary, path)
        except FileExistsError:
            return False
    finally:
        os.unlink(temporary)
    folder = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(folder)  # the new name survives a crash
    finally:
        os.close(folder)
    return True


def _read(path: Path) -> str:
    """The secret in `path`; ConfigError if it is open to group or others, empty, short or not text."""
    with open(path, "rb") as fh:
        mode = os.fstat(fh.fileno()).st_mode & 0o777
        if mode & 0o077:
            raise ConfigError([f"{path}: the local secret is readable or writable by group or others "
                               f"(mode {mode:04o}); run `chmod 600 {path}`, or delete it if someone else may "
                               f"have read it ({AFTER_DELETE})"])
        raw = fh.read()
    try:
        value = raw.decode("utf-8").strip()
    except UnicodeDecodeError:
        value = None
    if not value or len(value) < MIN_SECRET_LENGTH:
        what = ("is not text" if value is None else "is empty" if not value
                else f"has only {len(value)} characters (at least {MIN_SECRET_LENGTH} needed)")
        raise ConfigError([f"{path}: the local secret {what}; delete it to create a new one ({AFTER_DELETE})"])
    return value
