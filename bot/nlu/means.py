"""Means, methods and acts: word lists and the patterns that combine them (`intents/risk_means.yml`).

A pattern is a row of slots, `"{swallowed} {count} {pills}"`: each slot is a word list of the
file (or `{count}`, a number of at least `count` or one of the `bulk` words), matched in order
on normalized tokens with up to `GAP` other words between slots (or the pattern's own `within`).
A pattern names the level it points to (high: plan, preparation or means; emergency: an act under
way), the kind and the stage; `unless` words (rat poison, a haircut) cancel it. The file holds
every word; this module only matches. The pipeline lets a pattern raise the model's judgement,
never create one out of a message the model reads as plainly harmless (unless it says `alone`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

GAP = 3  # other words allowed between two slots of a pattern, unless it says `within`
MAX_WITHIN = 40  # `within` at most: an act and what it did to the body, told clauses apart, need about 20
LEVELS = ("high", "emergency")
KINDS = ("suicide", "self_harm", "abuse")
STAGES = ("wish", "thoughts", "method", "intent", "plan", "preparation", "act")
WHOS = ("self", "other")  # a pattern's `who`: it counts only where the pipeline already flags that person's risk
SLOT = re.compile(r"\{([a-z_]+)\}|(\S+)")
NUMBER = re.compile(r"^(\d+)(?:an|\+)?$")  # 30, 50an, 20+
COUNT = "count"
UNITS = "units"  # the word list of what makes a number an age, a time or a size, not a count
PILLS = "pills"  # the word list of medicines, which `dose:` is about
# Indonesian possessive endings: a word of the lists also counts as "nadinya", "obatku", and an `unless` word also
# cancels as "sepatunya", "rambutku", "tendamu".
SUFFIXES = ("nya", "ku", "mu")

Phrase = tuple[str, ...]
Slot = dict[str, tuple[Phrase, ...]]  # a word list by first word: {"obat": (("obat",), ("obat", "tidur")), …}


@dataclass(frozen=True)
class Pattern:
    id: str
    slots: tuple[Slot | None, ...]  # None: {count}
    level: str
    kind: str
    stage: str
    unless: Slot  # words or phrases that cancel it; "obat batuk" cancels as a phrase, not "obat" alone
    alone: bool = False  # raises the level even of a message the risk model reads as harmless
    who: str | None = None  # "self" / "other": counts only for that person's risk, once flagged (None: anyone)
    within: int = GAP  # other words allowed between two slots


@dataclass(frozen=True)
class MeansData:
    """The file as read: word lists and patterns still in maintainers' words."""

    count: int
    words: dict[str, tuple[str, ...]]
    patterns: tuple[dict[str, object], ...]
    method_words: tuple[str, ...] = ()  # the lists whose words name a means: the method check reads those messages
    stopped: tuple[str, ...] = ()  # an act the writer says did not happen ("ga jadi", "didn't take any")
    done: tuple[str, ...] = ()  # ...unless one of these says something was taken or done after all ("terlanjur")
    dose: tuple[str, ...] = ()  # a medicine taken as a usual dose ("1 tablet", "sakit kepala", "sesuai resep")
    excess: tuple[str, ...] = ()  # ...unless one of these says too much, or on purpose ("semua", "biar mati")


class Means:
    def __init__(self, data: MeansData, tokenize: Callable[[str], list[str]]) -> None:
        self._min = data.count
        lists = {name: _index(tokenize(w) for w in words) for name, words in data.words.items()}
        self._bulk = lists.get("bulk", {})
        self._stopped, self._done = _index(tokenize(w) for w in data.stopped), _index(tokenize(w) for w in data.done)
        self._dose, self._excess = _index(tokenize(w) for w in data.dose), _index(tokenize(w) for w in data.excess)
        self._pills = lists.get(PILLS, {})
        self._units = frozenset(lists.get(UNITS, {}))  # one word each: the first words are the words
        self._other_means = _index(p for name in data.method_words if name != PILLS  # a rope, a blade, a poison
                                   for phrases in lists.get(name, {}).values() for p in phrases)
        self._means = _index(phrase for name in data.method_words for phrases in lists.get(name, {}).values()
                             for phrase in phrases)

        def slot(name: str, word: str) -> Slot | None:
            if name == COUNT:
                return None
            return lists.get(name, {}) if name else _index([tokenize(word)])

        self.patterns = tuple(
            Pattern(str(p["id"]), tuple(slot(name, word) for name, word in slots_of(str(p["when"]))),
                    str(p["level"]), str(p["kind"]), str(p["stage"]),
                    _index(tokenize(w) for w in list_of(p.get("unless"))), p.get("alone") is True,
                    str(p["who"]) if p.get("who") else None, _within(p))
            for p in data.patterns)
        # A bit per slot, set by each first word of its phrases: a pattern is tried only when every
        # one of its slots has its first word somewhere in the message (one integer test each).
        bits: dict[int, int] = {}
        self._bits: dict[str, int] = {}
        self._needs: list[int] = []
        for pattern in self.patterns:
            need = 0
            for words in pattern.slots:
                if words is not None:
                    bit = bits.setdefault(id(words), 1 << len(bits))
                    need |= bit
                    for word in words:
                        self._bits[word] = self._bits.get(word, 0) | bit
            self._needs.append(need)

    def match(self, tokens: Sequence[str], allowed: Callable[[Pattern], bool] | None = None) -> Pattern | None:
        """The gravest pattern found in `tokens` (emergency before high), or None; only `allowed` ones, if given."""
        bare = [without_ending(t) for t in tokens]
        said = set(tokens) | set(bare)
        present = 0
        for word in said:
            present |= self._bits.get(word, 0)
        candidates = [p for p, need in zip(self.patterns, self._needs, strict=True)
                      if need & present == need and (allowed is None or allowed(p))]
        if not candidates:  # most messages: no pattern has all its words
            return None
        readings = [(tokens, set(tokens)), (bare, set(bare))] if bare != list(tokens) else [(tokens, said)]
        found = [p for p in candidates
                 if not any(p.unless.keys() & words and self._anywhere(seq, p.unless) for seq, words in readings)
                 and any(self._at(seq, p.slots, p.within, 0, 0, first=True) for seq, _ in readings)]
        return max(found, key=lambda p: LEVELS.index(p.level), default=None)

    def names_means(self, tokens: Sequence[str]) -> bool:
        """Whether a word or phrase of the `method_words` lists occurs in `tokens` (a pill, a bridge, a rope)."""
        return not self._means.keys().isdisjoint(tokens) and self._anywhere(tokens, self._means)

    def says_stopped(self, tokens: Sequence[str]) -> bool:
        """Whether the writer says the act did not happen ("ga jadi aku telen, aku buang ke wc", "put the blade
        down. didn't cut") and nothing says it did after all ("tried to stop but i'd already swallowed them")."""
        return self._anywhere(tokens, self._stopped) and not self._anywhere(tokens, self._done)

    def says_dose(self, tokens: Sequence[str]) -> bool:
        """Whether a medicine (`pills`) is told as taken in a usual dose ("yes mom i took my meds", "minum panadol 1
        tablet buat sakit kepala") with nothing that says too much or names another means: no `dose.unless` word, no
        `bulk` word outside a dose phrase, no number of at least `count`, no word of the other `method_words` lists."""
        bare = [without_ending(t) for t in tokens]  # "kepalanya", "obatku"
        dose = {i + k for i in range(len(bare)) for n in self._lengths(bare, i, self._dose) for k in range(n)}
        bulk = any(i not in dose for seq in (tokens, bare) for i in range(len(seq))  # "every" of "every night" is
                   if self._lengths(seq, i, self._bulk))  # the dose's, "every pill" too much
        return (bool(dose) and self._anywhere(bare, self._pills) and not bulk
                and not any(self._counted(tokens, i, t.strip("x")) for i, t in enumerate(tokens))  # "meds x15"
                and not any(self._anywhere(seq, slot) for seq in (tokens, bare)
                            for slot in (self._excess, self._other_means)))

    def _counts(self, token: str) -> bool:
        """Whether `token` is a number of at least `count` (30, 50an, 20+)."""
        number = NUMBER.match(token)
        return bool(number) and int(number.group(1)) >= self._min

    def _counted(self, tokens: Sequence[str], i: int, token: str) -> bool:
        """Whether `token`, at `i`, is a count: a number of at least `count` not followed by one of the `units` (an
        age, a time, a size: "saya 17 tahun")."""
        return self._counts(token) and (i + 1 == len(tokens) or tokens[i + 1] not in self._units)

    def _at(self, tokens: Sequence[str], slots: Sequence[Slot | None], gap: int, start: int, n: int,
            *, first: bool = False) -> bool:
        if n == len(slots):
            return True
        end = len(tokens) if first else min(len(tokens), start + gap + 1)
        for i in range(start, end):
            for length in self._lengths(tokens, i, slots[n]):
                if self._at(tokens, slots, gap, i + length, n + 1):
                    return True
        return False

    def _anywhere(self, tokens: Sequence[str], slot: Slot) -> bool:
        """Whether one of the slot's words or phrases occurs anywhere in `tokens`."""
        return any(self._lengths(tokens, i, slot) for i in range(len(tokens)))

    def _lengths(self, tokens: Sequence[str], i: int, slot: Slot | None) -> list[int]:
        """How many tokens from `i` on the slot takes (none: an empty list)."""
        if slot is None:
            if self._counted(tokens, i, tokens[i]):
                return [1]
            slot = self._bulk
        return [len(p) for p in slot.get(tokens[i], ()) if tuple(tokens[i:i + len(p)]) == p]


def without_ending(token: str) -> str:
    """`token` without a possessive ending, when at least four letters remain (sepatunya -> sepatu)."""
    for suffix in SUFFIXES:
        if token.endswith(suffix) and len(token) - len(suffix) >= 4:
            return token[:-len(suffix)]
    return token


def _index(phrases: Iterable[Sequence[str]]) -> Slot:
    by_first: dict[str, list[Phrase]] = {}
    for phrase in phrases:
        if phrase:
            by_first.setdefault(phrase[0], []).append(tuple(phrase))
    return {first: tuple(found) for first, found in by_first.items()}


def list_of(value: object) -> list[str]:
    return [str(v) for v in value] if isinstance(value, list) else []


def _within(pattern: dict[str, object]) -> int:
    """The pattern's `within` (validated by means_file.read_means), else `GAP`."""
    within = pattern.get("within", GAP)
    return within if isinstance(within, int) else GAP


def slots_of(when: str) -> list[tuple[str, str]]:
    """`"{swallowed} {count} pills"` -> [("swallowed", ""), ("count", ""), ("", "pills")]."""
    return [(m.group(1) or "", m.group(2) or "") for m in SLOT.finditer(when)]
