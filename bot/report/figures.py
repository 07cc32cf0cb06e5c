"""The operators' figures, computed from the store under one small-cell rule.

The rule (README, "Privacy and statistics"): every figure is added up from day cells, the events
of one UTC day, one channel and one category (a language, a topic, an answer, a hotline, an hour).
A day cell that fewer than MIN_USERS people make up is left out of every figure, and so is any
further cell that would give a left-out one away through another view of the same events
(bot/report/cells.py); a figure says when it left something out. Every published number is then
a sum of cells that could each be shown alone, so no combination of reports (windows of different
lengths, a total minus its parts, one view minus another, a share times its denominator, all
channels minus one) brings a left-out cell back. Reports cover whole days up to yesterday, so a
cell never changes while it is shown. `Cell`, `add_up` and `Share` are the rule; every format
prints only what they give.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path

from bot.report import cells as day_cells
from bot.report.cells import MIN_USERS, DayCell

SUPPRESSED = f"<{MIN_USERS}"  # a figure all of whose day cells were left out
PARTIAL = "+"  # after a count that left day cells out: "12+"
__all__ = ["MIN_USERS", "SUPPRESSED", "PARTIAL", "Cell", "Share", "Report", "add_up", "part_of", "build"]


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

    @property
    def flag(self) -> str:
        """How a machine format marks it: "exact", "partial" (a lower bound) or "suppressed"."""
        return "suppressed" if self.hidden else "partial" if self.left_out else "exact"

    def number(self) -> int | None:
        """The figure for machines: None when all of it was left out."""
        return None if self.hidden else self.value


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

    @property
    def flag(self) -> str:
        return "suppressed" if self.hidden else "exact"

    def number(self) -> float | None:
        return None if self.hidden else round(self.value, 4)


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

    @property
    def empty(self) -> bool:
        return not any(c.value or c.left_out for c in (self.users, self.messages, self.crisis_high,
                                                         self.crisis_possible))


Ranked = tuple[tuple[str, Cell], ...]  # a category and its count, most first


@dataclass(frozen=True)
class Report:
    first: date
    last: date
    channel: str | None
    daily: tuple[Day, ...]
    typed_topics: Ranked  # what people typed, by the topic understood
    pressed: Ranked  # the buttons people pressed, by the answer they opened
    not_understood: tuple[tuple[str, Cell, Share], ...]  # language, typed messages, share not understood
    not_understood_over_time: tuple[tuple[date, date, str, Cell, Share], ...]  # period, language, typed, share
    bands: tuple[tuple[str, str, Cell, Share], ...]  # language, confidence band, typed, share of the language's
    hours: tuple[tuple[int, Cell], ...]  # hour of day in WIB (0-23): messages
    weekdays: tuple[tuple[int, Cell], ...]  # ISO day of week in WIB (1 Monday): messages
    feedback: tuple[tuple[str, Cell, Cell], ...]  # response id, up, down; most disliked first
    unreached: Ranked  # hotline id, "couldn't get through?" presses
    languages: tuple[tuple[str, Cell, Share], ...]  # language, messages, share
    previous: Report | None = None  # the period of the same length just before, when the database keeps it

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    @property
    def data_from(self) -> date | None:
        """The first day with anything to show: human formats start their date axis here."""
        return next((d.day for d in self.daily if not d.empty), None)


def _by(cells: dict[day_cells.Key, DayCell], part: int) -> dict[str, list[DayCell]]:
    """Day cells grouped by day (part 0) or by category (part 1)."""
    out: dict[str, list[DayCell]] = defaultdict(list)
    for key, cell in cells.items():
        out[key[part]].append(cell)
    return out


def _totals(cells: dict[day_cells.Key, DayCell], keep: Iterable[str] | None = None) -> dict[str, Cell]:
    """One published count per category, over every day (or the days in `keep`) and channel."""
    days = set(keep) if keep is not None else None
    chosen = {k: c for k, c in cells.items() if days is None or k[0] in days}
    return {k: add_up(found) for k, found in _by(chosen, 1).items()}


def build(db_path: Path, today: date, days: int = 30, channel: str | None = None,
          kept_days: int | None = None) -> Report:
    """The report for the `days` whole days before `today`, with the period before it when the database
    still keeps all of it (`kept_days`: the retention period). Raises sqlite3.Error if the file can't be read."""
    last = today - timedelta(days=1)
    first = last - timedelta(days=days - 1)
    conn = sqlite3.connect(db_path.resolve().as_uri() + "?mode=ro", uri=True)
    try:
        report = _report(day_cells.read(conn, first, last, channel), first, last, channel)
        before = first - timedelta(days=days)
        if kept_days is None or before >= today - timedelta(days=kept_days):
            prior = _report(day_cells.read(conn, before, first - timedelta(days=1), channel), before,
                            first - timedelta(days=1), channel)
            report = _with_previous(report, prior)
    finally:
        conn.close()
    return report


def _with_previous(report: Report, previous: Report) -> Report:
    return replace(report, previous=previous)


def _report(c: day_cells.Cells, first: date, last: date, channel: str | None) -> Report:
    span = [(first + timedelta(days=n)).isoformat() for n in range((last - first).days + 1)]
    per_day = {m: _by(c.get(m, {}), 0) for m in ("users", "messages", "crisis_high", "crisis_possible")}
    daily = tuple(Day(date.fromisoformat(d), *(add_up(per_day[m].get(d, [])) for m in per_day)) for d in span)
    typed, missed = _totals(c.get("typed", {})), _totals(c.get("missed", {}))
    not_understood = tuple((lang, n, part_of(missed.get(lang, Cell()), n)) for lang, n in sorted(typed.items()))
    over_time = []
    step = 1 if len(span) <= 31 else 7
    for end in range(len(span), 0, -step):
        bucket = span[max(0, end - step):end]
        typed_b, missed_b = _totals(c.get("typed", {}), bucket), _totals(c.get("missed", {}), bucket)
        for lang in sorted(typed):
            n = typed_b.get(lang, Cell())
            over_time.append((date.fromisoformat(bucket[0]), date.fromisoformat(bucket[-1]), lang, n,
                              part_of(missed_b.get(lang, Cell()), n)))
    bands = []
    for key, n in sorted(_totals(c.get("bands", {})).items()):
        lang, band = key.split(" ", 1)
        bands.append((lang, band, n, part_of(n, typed.get(lang, Cell()))))
    hours = _totals(c.get("hours", {}))
    weekdays = _totals(c.get("weekdays", {}))
    up, down = _totals(c.get("up", {})), _totals(c.get("down", {}))
    rated = [(rid, up.get(rid, Cell()), down.get(rid, Cell())) for rid in set(up) | set(down)]
    langs = _totals(c.get("messages", {}))
    everyone = sum(langs.values(), Cell())
    return Report(
        first, last, channel, daily,
        typed_topics=_ranked(_totals(c.get("typed_topics", {}))),
        pressed=_ranked(_totals(c.get("pressed", {}))),
        not_understood=not_understood,
        not_understood_over_time=tuple(sorted(over_time, key=lambda row: (row[0], row[2]))),
        bands=tuple(bands),
        hours=tuple((h, hours.get(f"{h:02d}", Cell())) for h in range(24)),
        weekdays=tuple((d, weekdays.get(str(d), Cell())) for d in range(1, 8)),
        feedback=tuple(sorted(rated, key=_most_disliked)),
        unreached=_ranked(_totals(c.get("unreached", {}))),
        languages=tuple((lang, cell, part_of(cell, everyone)) for lang, cell in sorted(langs.items(), key=_biggest)),
    )


def _ranked(totals: dict[str, Cell]) -> Ranked:
    return tuple(sorted(totals.items(), key=_biggest))


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
