"""Per-user flood control: a gentle note once, then quiet, until the user slows down."""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from enum import Enum


class Verdict(Enum):
    ANSWER = "answer"
    NOTE = "note"  # over the limit for the first time in this burst: say so once
    QUIET = "quiet"  # still over the limit: drop (the caller still answers any message with risk)


class Flood:
    def __init__(self, limit: int = 8, window_s: float = 10.0, clock: Callable[[], float] = time.monotonic,
                 max_users: int = 50_000) -> None:
        self.limit, self.window_s, self.clock, self.max_users = limit, window_s, clock, max_users
        self._times: dict[str, deque[float]] = {}
        self._noted: set[str] = set()

    def check(self, user: str) -> Verdict:
        now = self.clock()
        times = self._times.setdefault(user, deque())
        while times and now - times[0] > self.window_s:
            times.popleft()
        times.append(now)
        if len(self._times) > self.max_users:  # forget the quiet ones; memory stays bounded
            self._times = {u: t for u, t in self._times.items() if t and now - t[-1] <= self.window_s}
            self._noted &= self._times.keys()
        if len(times) <= self.limit:
            self._noted.discard(user)
            return Verdict.ANSWER
        if user in self._noted:
            return Verdict.QUIET
        self._noted.add(user)
        return Verdict.NOTE
