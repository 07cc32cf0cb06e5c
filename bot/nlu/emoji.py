"""Emoji that name a means, read as their word in the message's language (lexicon `emoji`).

The models never saw emoji (normalization drops them), so "💊💊💊 x30 just now. bye" read as "x30 just now bye"
and got the goodbye answer. Only incoming messages are spelled: the training texts keep theirs dropped.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from bot.library.content import LANGS


class Emoji:
    def __init__(self, words: Mapping[str, Mapping[str, str]]) -> None:
        """`words`: emoji -> {language: word}."""
        self._table = {lang: {ord(e): f" {by_lang[lang]} " for e, by_lang in words.items()} for lang in LANGS}
        self._codes = frozenset(ord(e) for e in words)

    def spell(self, text: str, language: Callable[[str], str | None]) -> str:
        """`text` with each emoji of a means as its word in the language `language` guesses for the text (Indonesian
        when it cannot tell: a message of emoji and a word or two)."""
        if self._codes.isdisjoint(map(ord, text)):
            return text
        return text.translate(self._table[language(text) or "id"])
