"""The operators' figures, computed from the store with small cells suppressed.

Every figure carries the number of distinct people it rests on. Events are keyed by a
pseudonym that changes daily, so across several days that number is a lower bound:
the most distinct users on any single day. A figure resting on fewer than MIN_USERS
shows as "<5" in every format. Zero is shown: it rests on nobody.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from bot import policy

MIN_USERS = 5
SUPPRESSED = f"<{MIN_USERS}"


@dataclass(frozen=True)
class Cell:
    value: float
    users: int  # distinct people the figure rests on (a lower bound across days)

    @property
    def shown(self) -> bool:
        return self.value == 0 or self.users >= MIN_USERS

    def plain(self) -> float | str:
        """The value, or "<5" when it is suppressed."""
        if not self.shown:
            return SUPPRESSED
        return int(self.value) if float(self.value).is_integer() else round(self.value, 4)


@dataclass(frozen=True)
class Day:
    day: date
    users: Cell
    messages: Cell
    crisis_high: Cell
    crisis_possible: Cell


@dataclass(frozen=True)
class Report:
    first: date
    last: date
    channel: str | None
    daily: tuple[Day, ...]
    intents: tuple[tuple[str, Cell], ...]  # most messages first
    not_understood: tuple[tuple[str, Cell, Cell], ...]  # language, typed messages, share not understood
    feedback: tuple[tuple[str, Cell, Cell], ...]  # response id, up, down; most disliked first
    unreached: tuple[tuple[str, Cell], ...]  # hotline id, "couldn't get through?" presses
    languages: tuple[tuple[str, Cell, Cell], ...]  # language, messages, share


def _rate(part: Cell, whole: Cell) -> Cell:
    """A share rests on the people behind its part and behind its whole."""
    users = whole.users if part.value == 0 else min(part.users, whole.users)
    return Cell(part.value / whole.value if whole.value else 0.0, users)


class _Query:
    def __init__(self, conn: sqlite3.Connection, first: date, last: date, channel: str | None) -> None:
        self.conn = conn
        self.where = "day BETWEEN ? AND ?" + (" AND channel = ?" if channel else "")
        self.params: tuple[str, ...] = (first.isoformat(), last.isoformat(), *((channel,) if channel else ()))

    def grouped(self, key: str, condition: str = "1") -> dict[str, Cell]:
        """Count per key over the period, with its support (most distinct users on one day)."""
        rows = self.conn.execute(
            f"SELECT k, SUM(n), MAX(u) FROM (SELECT {key} AS k, COUNT(*) AS n, COUNT(DISTINCT user_day) AS u"
            f" FROM events WHERE {self.where} AND ({condition}) GROUP BY k, day) GROUP BY k",
            self.params).fetchall()
        return {k: Cell(n, u) for k, n, u in rows if k is not None}

    def per_day(self, condition: str = "1") -> dict[str, Cell]:
        return self.grouped("day", condition)


def build(db_path: Path, last: date, days: int = 30, channel: str | None = None) -> Report:
    """The report for the `days` days ending on `last`; raises sqlite3.Error if the file can't be read."""
    first = last - timedelta(days=days - 1)
    conn = sqlite3.connect(db_path.resolve().as_uri() + "?mode=ro", uri=True)
    try:
        q = _Query(conn, first, last, channel)
        messages = q.per_day("kind != 'feedback'")
        high, possible = q.per_day("risk IN ('high', 'emergency')"), q.per_day("risk = 'possible'")
        daily = []
        for n in range(days):
            key = (first + timedelta(days=n)).isoformat()
            m = messages.get(key, Cell(0, 0))
            daily.append(Day(first + timedelta(days=n), Cell(m.users, m.users), m,
                             high.get(key, Cell(0, 0)), possible.get(key, Cell(0, 0))))

        intents = q.grouped("intent", "kind IN ('text', 'press')")  # what people asked about, not /start
        typed = q.grouped("language", "kind = 'text'")
        missed = q.grouped("language", f"kind = 'text' AND response_id = '{policy.NOT_UNDERSTOOD}'")
        not_understood = [(lang, cell, _rate(missed.get(lang, Cell(0, 0)), cell)) for lang, cell in typed.items()]

        up, down = q.grouped("response_id", "feedback = 1"), q.grouped("response_id", "feedback = -1")
        rated = [(rid, up.get(rid, Cell(0, 0)), down.get(rid, Cell(0, 0))) for rid in set(up) | set(down)]

        unreached: dict[str, Cell] = {}
        for hotlines, cell in q.grouped("unreached", "unreached IS NOT NULL").items():
            for hotline in hotlines.split():
                old = unreached.get(hotline, Cell(0, 0))
                unreached[hotline] = Cell(old.value + cell.value, max(old.users, cell.users))

        langs = q.grouped("language", "kind != 'feedback'")
        everyone = Cell(sum(c.value for c in langs.values()), max((c.users for c in langs.values()), default=0))
    finally:
        conn.close()
    return Report(
        first, last, channel, tuple(daily),
        intents=tuple(sorted(intents.items(), key=_biggest)),
        not_understood=tuple(sorted(not_understood)),
        feedback=tuple(sorted(rated, key=_most_disliked)),
        unreached=tuple(sorted(unreached.items(), key=_biggest)),
        languages=tuple((lang, cell, _rate(cell, everyone)) for lang, cell in sorted(langs.items(), key=_biggest)),
    )


def _rank(cell: Cell) -> tuple[int, float]:
    """Shown figures largest first, then hidden ones (1 to 4 people), then zeros. Hidden ones
    keep no order among themselves: it would leak their values."""
    if not cell.value:
        return (2, 0)
    return (0, -cell.value) if cell.shown else (1, 0)


def _biggest(item: tuple[str, Cell]) -> tuple[tuple[int, float], str]:
    return (_rank(item[1]), item[0])


def _most_disliked(row: tuple[str, Cell, Cell]) -> tuple[tuple[int, float], str]:
    rid, _up, down = row
    return (_rank(down), rid)
