"""The summary that leads every report: totals for the period, each against the period before.

A change is computed only from two published figures (both exact, nothing left out), so it says
nothing the two windows' own figures do not; when either was left out in part, no change is given.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.report.figures import Cell, Report, Share

Figure = Cell | Share


@dataclass(frozen=True)
class Line:
    id: str  # stable: people, messages, crisis_high, crisis_possible, not_understood, helpful, not_helpful
    now: Figure
    before: Figure | None  # None: the database does not keep the whole period before
    change: float | None  # now minus before, when both are exact

    @property
    def relative(self) -> float | None:
        """The change as a share of the figure before (counts only, when it was not zero)."""
        if self.change is None or isinstance(self.now, Share) or not self.before or not self.before.value:
            return None
        return self.change / self.before.value


@dataclass(frozen=True)
class Rising:
    intent: str
    now: int
    before: int

    @property
    def change(self) -> int:
        return self.now - self.before


@dataclass(frozen=True)
class Summary:
    lines: tuple[Line, ...]
    rising: tuple[Rising, ...]  # typed topics rising fastest, both periods exact
    top: tuple[tuple[str, Cell], ...]  # the most typed topics


def _totals(report: Report) -> dict[str, Figure]:
    days = report.daily
    typed = sum((n for _lang, n, _r in report.not_understood), Cell())
    if any(r.hidden for _lang, _n, r in report.not_understood) or typed.left_out:
        rate = Share(hidden=True)
    else:
        missed = sum(r.value * n.value for _lang, n, r in report.not_understood)
        rate = Share(missed / typed.value if typed.value else 0.0)
    return {
        "people": sum((d.users for d in days), Cell()),
        "messages": sum((d.messages for d in days), Cell()),
        "crisis_high": sum((d.crisis_high for d in days), Cell()),
        "crisis_possible": sum((d.crisis_possible for d in days), Cell()),
        "not_understood": rate,
        "helpful": sum((u for _rid, u, _d in report.feedback), Cell()),
        "not_helpful": sum((d for _rid, _u, d in report.feedback), Cell()),
    }


def _exact(figure: Figure | None) -> bool:
    return figure is not None and figure.flag == "exact"


def summarize(report: Report) -> Summary:
    now = _totals(report)
    before = _totals(report.previous) if report.previous else {}
    lines = []
    for key, figure in now.items():
        prior = before.get(key)
        change = figure.value - prior.value if _exact(figure) and prior is not None and _exact(prior) else None
        lines.append(Line(key, figure, prior, change))
    rising: list[Rising] = []
    if report.previous:
        earlier = dict(report.previous.typed_topics)
        for intent, cell in report.typed_topics:
            prior = earlier.get(intent, Cell())
            if _exact(cell) and _exact(prior) and cell.value > prior.value:
                rising.append(Rising(intent, cell.value, prior.value))
    rising.sort(key=lambda r: (-r.change, r.intent))
    top = tuple((i, c) for i, c in report.typed_topics if c.value)[:3]
    return Summary(tuple(lines), tuple(rising[:3]), top)


def to_machine(summary: Summary) -> dict[str, object]:
    """The summary for JSON: numbers or null, each with its flag beside it."""
    def pair(name: str, figure: Figure | None) -> dict[str, object]:
        if figure is None:
            return {name: None, f"{name}_flag": "not_kept"}
        return {name: figure.number(), f"{name}_flag": figure.flag}

    return {
        "figures": [{"figure": line.id, **pair("value", line.now), **pair("previous", line.before),
                     "change": line.change, "change_flag": "exact" if line.change is not None else "not_shown"}
                    for line in summary.lines],
        "rising": [{"intent": r.intent, "messages": r.now, "previous": r.before, "change": r.change}
                   for r in summary.rising],
    }
