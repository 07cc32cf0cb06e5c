"""Tiered risk detection: none / possible / high, tuned for recall.

Two signals, and the stronger wins:
- the maintainer-edited phrase list `intents/risk_phrases.yml`, matched on
  normalized tokens, in order, with up to `GAP` extra words between them and
  with typo tolerance for words the model does not know (one edit for words
  of 4+ letters, two for 8+; a word censored with `*` is always tried);
- the intent classifier: a risk intent on top with confidence >= `HIGH_CONFIDENCE`
  is high; any risk intent scoring >= `POSSIBLE_CONFIDENCE` is possible.
Missing a teen in danger is far worse than asking one question too many.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from enum import IntEnum
from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from bot.core.policy import RISK_INTENTS
from bot.nlu.classifier import Ranking
from bot.nlu.data import RiskPhrase

GAP = 2
HIGH_CONFIDENCE = 0.8
POSSIBLE_CONFIDENCE = 0.3


class RiskLevel(IntEnum):
    NONE = 0
    POSSIBLE = 1  # the bot asks directly, and names help
    HIGH = 2  # the crisis reply
    EMERGENCY = 3  # an act under way: 119/112 first

    @property
    def label(self) -> str:
        return self.name.lower()


@dataclass(frozen=True)
class Risk:
    level: RiskLevel
    intent: str | None = None  # which risk intent: suicidal_thoughts, self_harm, abuse_violence
    phrase: str | None = None  # the matched phrase, when the phrase list fired
    who: str = "self"  # whose risk: "self" (the writer) or "other" (a friend, a sibling, …)
    past: bool = False  # read as ideation that is over ("dulu aku pernah mau bundir, sekarang udah baik")

    @property
    def any(self) -> bool:
        return self.level > RiskLevel.NONE


NO_RISK = Risk(RiskLevel.NONE)


@dataclass(frozen=True)
class _Phrase:
    tokens: tuple[str, ...]
    risk: Risk


class RiskDetector:
    def __init__(self, phrases: Iterable[RiskPhrase], tokenize: Callable[[str], list[str]],
                 known: frozenset[str] = frozenset()) -> None:
        self._known = known  # real words from the training data are never "corrected"
        self._by_first: dict[str, list[_Phrase]] = defaultdict(list)
        for p in phrases:
            tokens = tuple(tokenize(p.text))
            if tokens:
                level = RiskLevel.HIGH if p.level == "high" else RiskLevel.POSSIBLE
                self._by_first[tokens[0]].append(_Phrase(tokens, Risk(level, p.intent, p.text)))
        self._words = frozenset(t for group in self._by_first.values() for p in group for t in p.tokens)
        self._vocab = sorted(self._words)
        self._correct = lru_cache(maxsize=50_000)(self._nearest)

    def _nearest(self, token: str) -> str:
        """The phrase word this token is a typo of, or the token itself."""
        if "*" not in token and (token in self._words or token in self._known or len(token) < 4):
            return token
        limit = 2 if len(token) >= 8 else 1
        found = process.extractOne(token, self._vocab, scorer=Levenshtein.distance, score_cutoff=limit)
        return found[0] if found else token

    def match(self, tokens: Sequence[str]) -> Risk:
        """The highest-level phrase found in `tokens`."""
        fixed = [self._correct(t) for t in tokens]
        best = NO_RISK
        for i, token in enumerate(fixed):
            for phrase in self._by_first.get(token, ()):
                if phrase.risk.level > best.level and _in_order(fixed, i, phrase.tokens):
                    best = phrase.risk
                    if best.level is RiskLevel.HIGH:
                        return best
        return best

    def assess(self, tokens: Sequence[str], ranking: Ranking) -> Risk:
        """Combine the phrase list with the classifier's ranking."""
        by_phrase = self.match(tokens)
        by_model = from_ranking(ranking)
        return by_phrase if by_phrase.level >= by_model.level else by_model


def from_ranking(ranking: Ranking) -> Risk:
    top_intent, top_conf = ranking[0] if ranking else ("", 0.0)
    if top_intent in RISK_INTENTS and top_conf >= HIGH_CONFIDENCE:
        return Risk(RiskLevel.HIGH, top_intent)
    for intent, conf in ranking:
        if intent in RISK_INTENTS and conf >= POSSIBLE_CONFIDENCE:
            return Risk(RiskLevel.POSSIBLE, intent)
    return NO_RISK


def _in_order(tokens: Sequence[str], start: int, wanted: tuple[str, ...]) -> bool:
    """`wanted` occurs from `start` on, in order, within len(wanted) + GAP tokens."""
    pos = start
    end = min(len(tokens), start + len(wanted) + GAP)
    for word in wanted[1:]:
        pos += 1
        while pos < end and tokens[pos] != word:
            pos += 1
        if pos >= end:
            return False
    return True
