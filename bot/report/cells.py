"""Day cells: every count the report can publish, per UTC day, channel and category, with its verdict.

The report shows one set of events several ways: the day's messages by language, by hour of day
and by day of week; typed messages by language, by topic and by confidence band. Each view is a
partition of the same events, so the shown cells of one view minus the shown cells of another could
give a left-out cell away (all 24 hours shown, English left out: English = the hours minus
Indonesian). So a day cell is left out when fewer than MIN_USERS people make it up (the rule), and
then, one UTC day and channel at a time, more cells are left out until no left-out cell is a linear
combination of the shown ones (`_protect`). Both steps look at one day and channel only, so a cell's
verdict never depends on the window, the channel filter or the language of the report.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

import numpy as np

from bot.core import policy

MIN_USERS = 5
WIB = timezone(timedelta(hours=7), "WIB")  # Indonesian western time, where most users live; no DST


@dataclass(frozen=True)
class Fine:
    """What the report may know of one event: never its words, never who."""

    kind: str
    language: str
    intent: str | None
    response_id: str | None
    risk: str
    band: str | None
    wib_hour: int
    wib_weekday: int  # 1 Monday .. 7 Sunday, in WIB
    feedback: int | None
    unreached: tuple[str, ...]


def _messages(e: Fine) -> Iterable[str]:
    return (e.language,) if e.kind != "feedback" else ()


# Every event-count view: the categories an event counts in (none, one, or for "couldn't get
# through?" presses one per hotline on the reply). A view's categories never overlap.
MEASURES: dict[str, Callable[[Fine], Iterable[str]]] = {
    "messages": _messages,
    "crisis_high": lambda e: ("",) if e.risk in ("high", "emergency") else (),
    "crisis_possible": lambda e: ("",) if e.risk == "possible" else (),
    "typed": lambda e: (e.language,) if e.kind == "text" else (),
    "missed": lambda e: (e.language,) if e.kind == "text" and e.response_id == policy.NOT_UNDERSTOOD else (),
    "typed_topics": lambda e: (e.intent,) if e.kind == "text" and e.intent else (),
    "pressed": lambda e: (e.response_id,) if e.kind == "press" and e.response_id else (),
    "up": lambda e: (e.response_id,) if e.feedback == 1 and e.response_id else (),
    "down": lambda e: (e.response_id,) if e.feedback == -1 and e.response_id else (),
    "unreached": lambda e: e.unreached,
    "hours": lambda e: (f"{e.wib_hour:02d}",) if e.kind != "feedback" else (),
    "weekdays": lambda e: (str(e.wib_weekday),) if e.kind != "feedback" else (),
    "bands": lambda e: (f"{e.language} {e.band}",) if e.kind == "text" and e.band else (),
}
# Which cell goes first when one more must be left out: the newer, finer views before the core figures.
PRIORITY = {"hours": 0, "weekdays": 0, "bands": 1, "pressed": 2, "typed_topics": 3, "unreached": 4, "up": 5,
            "down": 5, "missed": 6, "typed": 7, "crisis_possible": 8, "crisis_high": 8, "messages": 9}


@dataclass(frozen=True)
class DayCell:
    """The events of one day, channel and category: how many, how many people, and whether shown."""

    events: int
    people: int
    shown: bool


Key = tuple[str, str, str]  # (ISO day, category, channel)
Cells = dict[str, dict[Key, DayCell]]  # measure -> its day cells; "users" counts people


def read(conn: sqlite3.Connection, first: date, last: date, channel: str | None) -> Cells:
    """Every day cell of the window, each with its verdict."""
    where = "day BETWEEN ? AND ?" + (" AND channel = ?" if channel else "")
    params = (first.isoformat(), last.isoformat(), *((channel,) if channel else ()))
    blocks: dict[tuple[str, str], dict[Fine, set[str]]] = defaultdict(lambda: defaultdict(set))
    counts: dict[tuple[str, str], dict[Fine, int]] = defaultdict(lambda: defaultdict(int))
    for day, hour, chan, kind, lang, intent, rid, risk, band, feedback, unreached, user_day in conn.execute(
            "SELECT day, hour, channel, kind, language, intent, response_id, risk, confidence, feedback,"
            f" unreached, user_day FROM events WHERE {where}", params):
        wib = datetime.combine(date.fromisoformat(day), time(hour), timezone.utc).astimezone(WIB)
        fine = Fine(kind, lang, intent, rid, risk, band, wib.hour, wib.isoweekday(), feedback,
                    tuple(dict.fromkeys((unreached or "").split())))
        blocks[(day, chan)][fine].add(user_day)
        counts[(day, chan)][fine] += 1
    out: Cells = defaultdict(dict)
    for (day, chan), people in blocks.items():
        everyone = set().union(*(who for fine, who in people.items() if fine.kind != "feedback"))
        if everyone:
            out["users"][(day, "", chan)] = DayCell(len(everyone), len(everyone), len(everyone) >= MIN_USERS)
        for (measure, category), cell in _protect(counts[(day, chan)], people).items():
            out[measure][(day, category, chan)] = cell
    return out


def _protect(counts: dict[Fine, int], people: dict[Fine, set[str]]) -> dict[tuple[str, str], DayCell]:
    """One day and channel's cells: fewer than MIN_USERS people left out, then as many more as it
    takes that no left-out cell is a linear combination of shown ones."""
    belongs = {fine: frozenset((m, c) for m, categories in MEASURES.items() for c in categories(fine))
               for fine in counts}
    names = sorted(set().union(*belongs.values()))
    events: dict[tuple[str, str], int] = defaultdict(int)
    who: dict[tuple[str, str], set[str]] = defaultdict(set)
    for fine, cells in belongs.items():
        for n in cells:
            events[n] += counts[fine]
            who[n] |= people[fine]
    shown = {n: len(who[n]) >= MIN_USERS for n in names}
    # Events in exactly the same cells are one unknown to anyone reading the report.
    columns = sorted({tuple(sorted(cells)) for cells in belongs.values()})
    matrix = np.array([[1.0 if n in col else 0.0 for col in columns] for n in names]).reshape(len(names), -1)
    while True:
        open_rows = [i for i, n in enumerate(names) if shown[n]]
        hidden_rows = [i for i, n in enumerate(names) if not shown[n]]
        given = _given_away(matrix[open_rows], matrix[hidden_rows]) if hidden_rows and open_rows else None
        if given is None:
            break
        weights = np.linalg.lstsq(matrix[open_rows].T, matrix[hidden_rows[given]], rcond=None)[0]
        helping = [names[open_rows[i]] for i, w in enumerate(weights) if abs(w) > 1e-9]
        shown[min(helping, key=lambda n: (PRIORITY[n[0]], events[n], n))] = False
    return {n: DayCell(events[n], len(who[n]), shown[n]) for n in names}


def _given_away(open_rows: np.ndarray, hidden_rows: np.ndarray) -> int | None:
    """The first hidden row that lies in the span of the open rows, if any."""
    _u, singular, vt = np.linalg.svd(open_rows, full_matrices=False)
    rank = int((singular > 1e-9 * max(open_rows.shape)).sum())
    basis = vt[:rank]
    rest = hidden_rows - (hidden_rows @ basis.T) @ basis
    for i, norm in enumerate(np.linalg.norm(rest, axis=1)):
        if norm < 1e-7:
            return i
    return None
