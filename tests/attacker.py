"""An attacker on the operators' reports: reads every figure published, tries to recover hidden ones.

The unknowns ("atoms") are finer than the report's day cells: the events of one channel and UTC
day that agree in everything the store keeps but who sent them (kind, language, topic, answer,
risk, confidence band, hour, feedback, hotlines). A day cell of any view (messages by language,
by hour, by weekday; typed messages by topic, by band...) is a sum of atoms, so one view minus
another is an equation too. The attacker knows which atoms exist (the strongest assumption).
Every figure a report prints is a claim about a set of atoms: exact (a number: the atoms add up
to it), hidden (null, "<5") or partial (a lower bound, "12+"). An exact zero makes each of its
atoms zero (counts are never negative). A share whose whole (or part) is pinned down pins its
part (or whole) when only one whole number fits its printed precision (share times denominator).
Gauss-Jordan elimination over the rationals then says which sums of atoms the published numbers
determine: window differences, totals minus their visible parts and every other linear
combination at once.
"""

from __future__ import annotations

import math
import sqlite3
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from fractions import Fraction
from pathlib import Path

from bot.core import policy

Atom = tuple  # ("users", channel, day) or ("ev", channel, day, what is known of one kind of event)
Vector = dict[Atom, Fraction]
WIB = timezone(timedelta(hours=7))


@dataclass(frozen=True)
class Claim:
    atoms: frozenset[Atom]
    kind: str  # "exact", "hidden" or "partial"
    value: int
    where: str  # the output and figure, for messages


@dataclass(frozen=True)
class ShareClaim:
    part: frozenset[Atom]
    whole: frozenset[Atom]
    value: float
    eps: float  # half the printed precision
    where: str


Event = dict[str, object]


def _counted(e: Event) -> bool:
    return e["kind"] != "feedback"


# What each view counts, written here apart from the report's code: the categories one event counts in.
MEASURES: dict[str, Callable[[Event], tuple[str, ...]]] = {
    "messages": lambda e: (e["language"],) if _counted(e) else (),
    "high": lambda e: ("",) if e["risk"] in ("high", "emergency") else (),
    "possible": lambda e: ("",) if e["risk"] == "possible" else (),
    "typed": lambda e: (e["language"],) if e["kind"] == "text" else (),
    "missed": lambda e: (e["language"],) if e["kind"] == "text" and e["response_id"] == policy.NOT_UNDERSTOOD else (),
    "typed_topic": lambda e: (e["intent"],) if e["kind"] == "text" and e["intent"] else (),
    "pressed": lambda e: (e["response_id"],) if e["kind"] == "press" and e["response_id"] else (),
    "up": lambda e: (e["response_id"],) if e["feedback"] == 1 else (),
    "down": lambda e: (e["response_id"],) if e["feedback"] == -1 else (),
    "unreached": lambda e: tuple(dict.fromkeys(str(e["unreached"] or "").split())),
    "hour": lambda e: (f"{e['wib_hour']:02d}",) if _counted(e) else (),
    "weekday": lambda e: (str(e["wib_weekday"]),) if _counted(e) else (),
    "band": lambda e: (f"{e['language']} {e['confidence']}",) if e["kind"] == "text" and e["confidence"] else (),
}
COLUMNS = ("kind", "language", "intent", "response_id", "risk", "confidence", "feedback", "unreached")


class Truth:
    """The database as the strongest attacker would know its shape: every kind of event that occurred
    on each day and channel (an atom; its count unknown), and which atoms make up each day cell."""

    def __init__(self, db: Path) -> None:
        self.count: dict[Atom, int] = defaultdict(int)
        self.cells: dict[tuple[str, str, str, str], set[Atom]] = defaultdict(set)  # (measure, channel, day, cat)
        self.people: dict[tuple[str, str, str, str], set[str]] = defaultdict(set)
        conn = sqlite3.connect(db)
        try:
            rows = conn.execute(f"SELECT channel, day, hour, user_day, {', '.join(COLUMNS)} FROM events").fetchall()
        finally:
            conn.close()
        for channel, day, hour, user_day, *values in rows:
            e: Event = dict(zip(COLUMNS, values, strict=True))
            wib = datetime.combine(date.fromisoformat(day), time(hour), timezone.utc).astimezone(WIB)
            e["wib_hour"], e["wib_weekday"] = wib.hour, wib.isoweekday()
            atom: Atom = ("ev", channel, day, *(str(e[k]) for k in (*COLUMNS, "wib_hour", "wib_weekday")))
            self.count[atom] += 1
            for measure, categories in MEASURES.items():
                for category in categories(e):
                    self.cells[(measure, channel, day, str(category))].add(atom)
                    self.people[(measure, channel, day, str(category))].add(user_day)
            if _counted(e):
                users: Atom = ("users", channel, day)
                self.people[("users", channel, day, "")].add(user_day)
                self.cells[("users", channel, day, "")].add(users)
        for (measure, channel, day, _c), who in self.people.items():
            if measure == "users":
                self.count[("users", channel, day)] = len(who)

    def atoms(self, measure: str, channels: Iterable[str], days: Iterable[str], category: str) -> frozenset[Atom]:
        found: set[Atom] = set()
        for channel in channels:
            for day in days:
                found |= self.cells.get((measure, channel, day, category), set())
        return frozenset(found)

    def categories(self, measure: str) -> set[str]:
        return {c for (m, _ch, _d, c) in self.cells if m == measure}

    def total(self, atoms: Iterable[Atom]) -> int:
        return sum(self.count.get(a, 0) for a in atoms)


def block(atom: Atom) -> tuple[str, ...]:
    """Equations never mix people and events."""
    return (atom[0],)


class Span:
    """Linear equations over atoms, kept in reduced row echelon form (Gauss-Jordan, exact)."""

    def __init__(self) -> None:
        self.rows: dict[Atom, tuple[Vector, Fraction]] = {}  # pivot -> (row, value); pivots appear once

    def reduce(self, vec: Vector, value: Fraction) -> tuple[Vector, Fraction]:
        vec = dict(vec)
        for pivot in [a for a in vec if a in self.rows]:
            c = vec.pop(pivot)
            row, rv = self.rows[pivot]
            for atom, x in row.items():
                if atom != pivot:
                    vec[atom] = vec.get(atom, Fraction(0)) - c * x
                    if not vec[atom]:
                        del vec[atom]
            value -= c * rv
        return vec, value

    def add(self, vec: Vector, value: Fraction) -> None:
        vec, value = self.reduce(vec, value)
        if not vec:
            assert value == 0, "the attacker's model of the report is wrong: published figures contradict it"
            return
        pivot = min(vec)
        c = vec[pivot]
        vec, value = {a: x / c for a, x in vec.items()}, value / c
        for other, (row, rv) in list(self.rows.items()):
            k = row.get(pivot)
            if k:
                new = {a: row.get(a, Fraction(0)) - k * vec.get(a, Fraction(0)) for a in set(row) | set(vec)}
                self.rows[other] = ({a: x for a, x in new.items() if x}, rv - k * value)
        self.rows[pivot] = (vec, value)

    def value_of(self, atoms: frozenset[Atom]) -> Fraction | None:
        """The sum of `atoms` if the equations determine it, else None."""
        vec, value = self.reduce({a: Fraction(1) for a in atoms}, Fraction(0))
        return -value if not vec else None


class Attacker:
    def __init__(self, claims: list[Claim], shares: list[ShareClaim]) -> None:
        self.claims, self.shares = claims, shares
        self.spans: dict[tuple[str, ...], Span] = defaultdict(Span)
        self.zero: set[Atom] = set()

    def _add(self, atoms: frozenset[Atom], value: int) -> None:
        live = atoms - self.zero
        if not live:
            return
        self.spans[block(next(iter(live)))].add({a: Fraction(1) for a in live}, Fraction(value))

    def value_of(self, atoms: frozenset[Atom]) -> Fraction | None:
        live = atoms - self.zero
        return self.spans[block(next(iter(live)))].value_of(live) if live else Fraction(0)

    def solve(self) -> None:
        """Add every exact claim, then share times denominator until nothing new is learnt."""
        for claim in self.claims:
            if claim.kind == "exact" and claim.value == 0:
                self.zero |= claim.atoms
        for claim in self.claims:
            if claim.kind == "exact" and claim.value:
                self._add(claim.atoms, claim.value)
        learnt = True
        while learnt:
            learnt = False
            for share in self.shares:
                for known, unknown, solve in ((share.whole, share.part, _parts), (share.part, share.whole, _wholes)):
                    given = self.value_of(known)
                    if given is None or self.value_of(unknown) is not None:
                        continue
                    fits = solve(int(given), share.value, share.eps)
                    if len(fits) == 1:
                        self._add(unknown, fits[0])
                        learnt = True

    def recovered(self, targets: dict[frozenset[Atom], str]) -> list[str]:
        """The targets whose exact value the published figures imply."""
        out = []
        for atoms, name in targets.items():
            value = self.value_of(atoms)
            if value is not None:
                out.append(f"{name} = {value}")
        return out


def _parts(whole: int, share: float, eps: float) -> list[int]:
    """Whole numbers n with n / whole within eps of the share."""
    if whole <= 0:
        return []
    low, high = math.ceil((share - eps) * whole - 1e-9), math.floor((share + eps) * whole + 1e-9)
    return list(range(max(low, 0), high + 1))


def _wholes(part: int, share: float, eps: float) -> list[int]:
    """Whole numbers d with part / d within eps of the share (none when the share is too small to tell)."""
    if part <= 0 or share - eps <= 0:
        return []
    low, high = math.ceil(part / (share + eps) - 1e-9), math.floor(part / (share - eps) + 1e-9)
    return list(range(max(low, part), high + 1)) if high - low < 1000 else []


def targets(claims: list[Claim], truth: Truth, min_people: int) -> dict[frozenset[Atom], str]:
    """What must stay hidden: every figure published as hidden or partial, and every day cell
    that fewer than `min_people` people make up."""
    out: dict[frozenset[Atom], str] = {}
    for claim in claims:
        if claim.kind in ("hidden", "partial"):
            out.setdefault(claim.atoms, f"{claim.where} (published {claim.kind})")
    for key, atoms in truth.cells.items():
        if len(truth.people[key]) < min_people:
            out.setdefault(frozenset(atoms), f"day cell {key} ({len(truth.people[key])} people)")
    return out


def dishonest(claims: list[Claim], shares: list[ShareClaim], truth: Truth) -> list[str]:
    """Claims that are false about the real data: the attacker's model (or the report) is wrong."""
    total = truth.total
    out = [f"{c.where}: {c.kind} {c.value}, truth {total(c.atoms)}" for c in claims
           if (c.kind == "exact" and total(c.atoms) != c.value) or (c.kind == "hidden" and not total(c.atoms))
           or (c.kind == "partial" and total(c.atoms) <= c.value)]
    for s in shares:
        whole = total(s.whole)
        if whole == 0 and s.value == 0:
            continue  # a rate of nothing (a day without typed messages) is printed as 0: it says nothing
        if whole == 0 or abs(total(s.part) / whole - s.value) > s.eps + 1e-9:
            out.append(f"{s.where}: share {s.value}, truth {total(s.part)}/{whole}")
    return out
