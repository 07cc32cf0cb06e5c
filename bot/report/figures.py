"""The operators' figures, computed from the store under one small-cell rule.

The rule (README, "Privacy and statistics"): every figure is added up from day cells, the events
of one UTC day, one channel and one category (a language, a topic, an answer, a hotline). A day
cell that fewer than MIN_USERS people make up is left out of every figure, and a figure says when
it left something out. Every published number is then a sum of cells that could each be shown
alone, so no combination of reports (windows of different lengths, a total minus its parts, a
share times its denominator, all channels minus one) brings a left-out cell back. Reports cover
whole days up to yesterday, so a cell never changes while it is shown. `Cell`, `add_up` and
`Share` are the rule; every format prints only what they give.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from bot.core import policy

MIN_USERS = 5
SUPPRESSED = f"<{MIN_USERS}"  # a figure all of whose day cells were left out
PARTIAL = "+"  # after a count that left day cells out: "12+"


@dataclass(frozen=True)
class DayCell:
    """The events of one day, channel and category: how many, and how many distinct people."""

    events: int
    people: int

    @property
    def shown(self) -> bool:
        return self.people >= MIN_USERS


@dataclass(frozen=True)
class Cell:
    """A published count: the sum of its shown day cells, and whether any were left out."""

    value: int = 0
    left_out: bool = False

    def __add__(self, other: Cell) -> Cell:
        return Cell(self.value + other.value, self.left_out or other.left_out)

    @property
    def hidden(self) -> bool:
        return self.left_out and not self.value

    def plain(self) -> int | str:
        """12, "12+" (12 shown, more left out), "<5" (all left out) or 0."""
        if not self.left_out:
            return self.value
        return f"{self.value}{PARTIAL}" if self.value else SUPPRESSED


def add_up(cells: Iterable[DayCell]) -> Cell:
    """The rule: shown day cells are added up, the others left out (and said to be)."""
    total, left_out = 0, False
    for cell in cells:
        if cell.shown:
            total += cell.events
        elif cell.events:
            left_out = True
    return Cell(total, left_out)


@dataclass(frozen=True)
class Share:
    """A share, shown only when nothing was left out of its part or its whole: a share of the
    shown cells alone would be biased (days with 1 to 4 people out, days with none in)."""

    value: float = 0.0
    hidden: bool = False

    def plain(self) -> float | str:
        if self.hidden:
            return SUPPRESSED
        return int(self.value) if float(self.value).is_integer() else round(self.value, 4)


def part_of(part: Cell, whole: Cell) -> Share:
    """A count's share of a total."""
    if part.left_out or whole.left_out:
        return Share(hidden=True)
    return Share(part.value / whole.value if whole.value else 0.0)


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
    not_understood: tuple[tuple[str, Cell, Share], ...]  # language, typed messages, share not understood
    feedback: tuple[tuple[str, Cell, Cell], ...]  # response id, up, down; most disliked first
    unreached: tuple[tuple[str, Cell], ...]  # hotline id, "couldn't get through?" presses
    languages: tuple[tuple[str, Cell, Share], ...]  # language, messages, share


Cells = dict[tuple[str, str, str], DayCell]  # (ISO day, category, channel) -> its day cell


class _Query:
    def __init__(self, conn: sqlite3.Connection, first: date, last: date, channel: str | None) -> None:
        self.conn = conn
        self.where = "day BETWEEN ? AND ?" + (" AND channel = ?" if channel else "")
        self.params: tuple[str, ...] = (first.isoformat(), last.isoformat(), *((channel,) if channel else ()))

    def cells(self, key: str, condition: str, count: str = "COUNT(*)") -> Cells:
        """The day cells of the events matching `condition`, by `key`; a NULL key makes no cell."""
        rows = self.conn.execute(
            f"SELECT day, {key}, channel, {count}, COUNT(DISTINCT user_day) FROM events"
            f" WHERE {self.where} AND ({condition}) GROUP BY day, {key}, channel", self.params)
        return {(day, k, channel): DayCell(n, people) for day, k, channel, n, people in rows if k is not None}

    def unreached(self) -> Cells:
        """Day cells per hotline: the presses on replies that listed it."""
        people: dict[tuple[str, str, str], set[str]] = defaultdict(set)
        presses: dict[tuple[str, str, str], int] = defaultdict(int)
        for day, channel, hotlines, user_day in self.conn.execute(
                f"SELECT day, channel, unreached, user_day FROM events WHERE {self.where} AND unreached IS NOT NULL",
                self.params):
            for hotline in hotlines.split():
                people[(day, hotline, channel)].add(user_day)
                presses[(day, hotline, channel)] += 1
        return {key: DayCell(presses[key], len(who)) for key, who in people.items()}


def _by(cells: Cells, part: int) -> dict[str, list[DayCell]]:
    """Day cells grouped by day (part 0) or by category (part 1)."""
    out: dict[str, list[DayCell]] = defaultdict(list)
    for key, cell in cells.items():
        out[key[part]].append(cell)
    return out


def _totals(cells: Cells) -> dict[str, Cell]:
    """One published count per category, over every day and channel."""
    return {k: add_up(found) for k, found in _by(cells, 1).items()}


def build(db_path: Path, today: date, days: int = 30, channel: str | None = None) -> Report:
    """The report for the `days` whole days before `today`; raises sqlite3.Error if the file can't be read."""
    last = today - timedelta(days=1)
    first = last - timedelta(days=days - 1)
    conn = sqlite3.connect(db_path.resolve().as_uri() + "?mode=ro", uri=True)
    try:
        q = _Query(conn, first, last, channel)
        users = _by(q.cells("''", "kind != 'feedback'", "COUNT(DISTINCT user_day)"), 0)
        messages = q.cells("language", "kind != 'feedback'")
        high = _by(q.cells("''", "risk IN ('high', 'emergency')"), 0)
        possible = _by(q.cells("''", "risk = 'possible'"), 0)
        per_day = _by(messages, 0)
        daily = []
        for n in range(days):
            key = (first + timedelta(days=n)).isoformat()
            daily.append(Day(first + timedelta(days=n), add_up(users.get(key, [])), add_up(per_day.get(key, [])),
                             add_up(high.get(key, [])), add_up(possible.get(key, []))))

        intents = _totals(q.cells("intent", "kind IN ('text', 'press')"))  # what people asked about, not /start
        typed = _totals(q.cells("language", "kind = 'text'"))
        missed = _totals(q.cells("language", f"kind = 'text' AND response_id = '{policy.NOT_UNDERSTOOD}'"))
        not_understood = [(lang, n, part_of(missed.get(lang, Cell()), n)) for lang, n in sorted(typed.items())]
        up, down = _totals(q.cells("response_id", "feedback = 1")), _totals(q.cells("response_id", "feedback = -1"))
        rated = [(rid, up.get(rid, Cell()), down.get(rid, Cell())) for rid in set(up) | set(down)]
        unreached = _totals(q.unreached())
        langs = _totals(messages)
        everyone = sum(langs.values(), Cell())
    finally:
        conn.close()
    return Report(
        first, last, channel, tuple(daily),
        intents=tuple(sorted(intents.items(), key=_biggest)),
        not_understood=tuple(not_understood),
        feedback=tuple(sorted(rated, key=_most_disliked)),
        unreached=tuple(sorted(unreached.items(), key=_biggest)),
        languages=tuple((lang, cell, part_of(cell, everyone)) for lang, cell in sorted(langs.items(), key=_biggest)),
    )


def _rank(cell: Cell) -> tuple[int, float]:
    """Shown figures largest first, then wholly hidden ones, then zeros. Hidden ones keep no order
    among themselves: it would leak their values."""
    if cell.value:
        return (0, -cell.value)
    return (1, 0) if cell.left_out else (2, 0)


def _biggest(item: tuple[str, Cell]) -> tuple[tuple[int, float], str]:
    return (_rank(item[1]), item[0])


def _most_disliked(row: tuple[str, Cell, Cell]) -> tuple[tuple[int, float], str]:
    rid, _up, down = row
    return (_rank(down), rid)
