"""Intents and responses agree: every answer's intent has examples in both languages, every
intent has an answer, and no example is under two intents.

Each mismatch is reported once, with the fix that is right for it: a misspelt name gets
"did you mean", and the name it resembles is not reported again as a second problem.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.library.content import LANGS, Library, Response
from bot.library.origins import Origins
from bot.library.problems import Collector, closest
from bot.nlu.data import Example, NluData

LANGUAGE_NAMES = {"id": "Indonesian", "en": "English"}


@dataclass
class _Intents:
    """Which intents have examples in which language, and which have an answer."""

    first: dict[tuple[str, str], Example]  # (intent, lang) -> its first example
    answered: dict[str, Response]
    defined_with_errors: set[str]
    settled: set[str] = field(default_factory=set)  # names a message has already explained
    renames: set[frozenset[str]] = field(default_factory=set)  # a misspelt intent and the name it should have

    def langs(self, intent: str) -> list[str]:
        return [lang for lang in LANGS if (intent, lang) in self.first]

    def with_examples(self, lang: str | None = None) -> set[str]:
        return {i for (i, lg) in self.first if lang in (None, lg)}

    def has_answer(self, intent: str) -> bool:
        return intent in self.answered or intent in self.defined_with_errors

    def example(self, intent: str) -> Example:
        return next(self.first[(intent, lang)] for lang in LANGS if (intent, lang) in self.first)


def check_intents(lib: Library, nlu: NluData, out: Collector, origins: Origins) -> None:
    """Answers without examples, intents in one language only, intents without an answer."""
    first: dict[tuple[str, str], Example] = {}
    for ex in nlu.examples:
        first.setdefault((ex.intent, ex.lang), ex)
    if not first:
        return  # no training data at all: reported where it is read
    answered: dict[str, Response] = {}
    for r in lib.responses.values():
        if r.intent is not None:
            answered.setdefault(r.intent, r)
    state = _Intents(first, answered, origins.broken_intents)
    _answers_without_examples(state, out, origins)
    _one_language_only(state, out)
    _under_two_intents(nlu, out, state.renames)
    for intent in sorted(state.with_examples() - state.settled):
        if not state.has_answer(intent):
            ex = state.example(intent)
            out.error(ex.path, ex.line, f"intent '{intent}' has no response: add one in responses/ with "
                                        f"'intent: {intent}', both languages, sources and a route to help")


def same_words(text: str) -> str:
    """An example as the classifier sees it, case, spacing and punctuation aside: 'Thank you!!' is 'thank you'."""
    return " ".join(re.findall(r"\w+", text.casefold()))


def _under_two_intents(nlu: NluData, out: Collector, renames: set[frozenset[str]]) -> None:
    """The same example (case, spacing and punctuation aside) under two intents, unless one of them is a
    misspelling of the other, already reported."""
    first_seen: dict[str, Example] = {}
    for ex in nlu.examples:
        prior = first_seen.setdefault(same_words(ex.text), ex)
        if prior is ex or prior.intent == ex.intent or frozenset((prior.intent, ex.intent)) in renames:
            continue
        where = f"{prior.intent} ({out.rel(prior.path)}:{prior.line})"
        out.error(ex.path, ex.line, f"example '{ex.text}' is under intent {ex.intent} and also under {where}: "
                  "keep it under one intent only" if prior.text == ex.text else
                  f"example '{ex.text}' is under intent {ex.intent}, and '{prior.text}' (the same words, case, "
                  f"spacing and punctuation aside) under {where}: keep them under one intent only")


def _answers_without_examples(state: _Intents, out: Collector, origins: Origins) -> None:
    for intent, r in sorted(state.answered.items()):
        if intent in state.with_examples():
            continue
        line = origins.line(r.id, "intent") or r.where.line
        guess = closest(intent, {i for i in state.with_examples() if not state.has_answer(i)})
        if guess:
            ex = state.example(guess)
            out.error(r.where.path, line, f"{r.id}: intent '{intent}' has no training examples: did you mean "
                                          f"'{guess}' (the intent at {out.rel(ex.path)}:{ex.line})? Rename it to "
                                          f"'{guess}'")
            state.settled.add(guess)
        else:
            out.error(r.where.path, line, f"{r.id}: intent '{intent}' has no training examples in intents/: add "
                                          f"'- intent: {intent}' with examples to intents/id/ and intents/en/")


def _one_language_only(state: _Intents, out: Collector) -> None:
    for intent in sorted(state.with_examples()):
        langs = state.langs(intent)
        if len(langs) == len(LANGS) or intent in state.settled:
            continue
        have, lack = langs[0], next(lang for lang in LANGS if lang not in langs)
        partner = closest(intent, state.with_examples(lack) - state.with_examples(have) - state.settled)
        if partner is not None:
            typo, right = (partner, intent) if state.has_answer(intent) and not state.has_answer(partner) \
                else (intent, partner)
            wrong, other = state.example(typo), state.example(right)
            out.error(wrong.path, wrong.line, f"intent '{typo}' has {LANGUAGE_NAMES[wrong.lang]} examples only, and "
                                              f"'{right}' {LANGUAGE_NAMES[other.lang]} ones only "
                                              f"({out.rel(other.path)}:{other.line}): did you mean '{right}'? "
                                              f"Rename it to '{right}'")
            state.settled.update((typo, right))
            state.renames.add(frozenset((typo, right)))
            continue
        ex = state.first[(intent, have)]
        out.error(ex.path, ex.line, f"intent '{intent}' has {LANGUAGE_NAMES[have]} examples but no "
                                    f"{LANGUAGE_NAMES[lack]} ones: add '- intent: {intent}' with examples to "
                                    f"intents/{lack}/{ex.path.name}")
