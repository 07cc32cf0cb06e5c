"""An attacker on the operators' reports: reads every figure published, tries to recover hidden ones.

The unknowns are day cells ("atoms"): the events of one measure, channel, UTC day and category.
Every figure a report prints is a claim about a set of atoms: exact (a plain number: the atoms
add up to it), hidden ("<5") or partial ("12+": more than 12). An exact zero makes each of its
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
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

from bot.core import policy

Atom = tuple[str, str, str, str]  # measure, channel, ISO day, category ("" when the measure has none)
Vector = dict[Atom, Fraction]


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


# What each measure counts: (category column, condition); "users" counts people, not events.
MEASURES: dict[str, tuple[str, str]] = {
    "users": ("''", "kind != 'feedback'"),
    "messages": ("language", "kind != 'feedback'"),
    "high": ("''", "risk IN ('high', 'emergency')"),
    "possible": ("''", "risk = 'possible'"),
    "intent": ("intent", "kind IN ('text', 'press') AND intent IS NOT NULL"),
    "typed": ("language", "kind = 'text'"),
    "missed": ("language", f"kind = 'text' AND response_id = '{policy.NOT_UNDERSTOOD}'"),
    "up": ("response_id", "feedback = 1"),
    "down": ("response_id", "feedback = -1"),
}


def truth(db: Path) -> dict[Atom, tuple[int, int]]:
    """Every non-empty atom's true (value, distinct people), read straight from the events table."""
    conn = sqlite3.connect(db)
    out: dict[Atom, tuple[int, int]] = {}
    try:
        for measure, (column, condition) in MEASURES.items():
            value = "COUNT(DISTINCT user_day)" if measure == "users" else "COUNT(*)"
            for channel, day, category, n, people in conn.execute(
                    f"SELECT channel, day, {column}, {value}, COUNT(DISTINCT user_day) FROM events"
                    f" WHERE {condition} GROUP BY channel, day, {column}"):
                out[(measure, channel, day, category)] = (n, people)
        presses: dict[Atom, set[str]] = defaultdict(set)
        counts: dict[Atom, int] = defaultdict(int)
        for channel, day, hotlines, user_day in conn.execute(
                "SELECT channel, day, unreached, user_day FROM events WHERE unreached IS NOT NULL"):
            for hotline in hotlines.split():
                presses[("unreached", channel, day, hotline)].add(user_day)
                counts[("unreached", channel, day, hotline)] += 1
        out.update({atom: (counts[atom], len(people)) for atom, people in presses.items()})
    finally:
        conn.close()
    return out


def block(atom: Atom) -> tuple[str, ...]:
    """Equations never mix blocks: the day's messages add up languages, so messages are one block."""
    return (atom[0],) if atom[0] == "messages" else (atom[0], atom[3])


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


def targets(claims: list[Claim], real: dict[Atom, tuple[int, int]], min_people: int) -> dict[frozenset[Atom], str]:
    """What must stay hidden: every figure published as hidden or partial, and every day cell
    that fewer than `min_people` people make up."""
    out: dict[frozenset[Atom], str] = {}
    for claim in claims:
        if claim.kind in ("hidden", "partial"):
            out.setdefault(claim.atoms, f"{claim.where} (published {claim.kind})")
    for atom, (value, people) in real.items():
        if value and people < min_people:
            out.setdefault(frozenset({atom}), f"day cell {atom} ({people} people)")
    return out


def dishonest(claims: list[Claim], shares: list[ShareClaim], real: dict[Atom, tuple[int, int]]) -> list[str]:
    """Claims that are false about the real data: the attacker's model (or the report) is wrong."""
    def total(atoms: frozenset[Atom]) -> int:
        return sum(real.get(a, (0, 0))[0] for a in atoms)

    out = [f"{c.where}: {c.kind} {c.value}, truth {total(c.atoms)}" for c in claims
           if (c.kind == "exact" and total(c.atoms) != c.value) or (c.kind == "hidden" and not total(c.atoms))
           or (c.kind == "partial" and total(c.atoms) <= c.value)]
    for s in shares:
        whole = total(s.whole)
        if whole == 0 or abs(total(s.part) / whole - s.value) > s.eps + 1e-9:
            out.append(f"{s.where}: share {s.value}, truth {total(s.part)}/{whole}")
    return out
