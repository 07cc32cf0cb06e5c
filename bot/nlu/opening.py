"""Where what a message says begins: after a greeting and the forms of address that follow it."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

_WORD_RE = re.compile(r"\S+")
_REPEATS_RE = re.compile(r"(.)\1+")
LONGEST = 3  # words in the longest greeting or form of address ("assalamu alaikum", "selamat malam")
REST_MIN = 2  # words the rest needs to be read alone: the risk model reads one word or a number alone poorly ("0": 0.6)


class Opening:
    """A message's opening: a greeting (lexicon `greetings`) at its start, then any forms of address (`address`):
    "halo kak, …", "hi everyone, …", "selamat malam dok, …". A form of address with no greeting before it is not
    an opening ("kak aku …")."""

    def __init__(self, greetings: Iterable[str], address: Iterable[str], tokens: Callable[[str], list[str]]) -> None:
        self._tokens = tokens
        self._greetings = {t for p in greetings if (t := self._key(p))}
        self._address = {t for p in address if (t := self._key(p))}

    def _key(self, said: str) -> tuple[str, ...]:
        """The words of `said`, each letter once in a row: "heyyy", "haii" and "halloo" are "hey", "hai", "halo"."""
        return tuple(_REPEATS_RE.sub(r"\1", token) for token in self._tokens(said))

    def rest(self, text: str) -> str:
        """`text` from its first word after the opening; all of `text` when it has no opening, or fewer than
        `REST_MIN` words after it ("halo kak" is a greeting, and stays one; so is "halo 0")."""
        if not self._greetings:
            return text
        words = list(_WORD_RE.finditer(text))
        at, greeted = 0, False
        while at < len(words):
            size = self._opening_words(text, words, at, greeted)
            if not size:
                break
            at, greeted = at + size, True
        rest = text[words[at].start():] if greeted and at < len(words) else text
        return rest if len(self._tokens(rest)) >= REST_MIN else text

    def _opening_words(self, text: str, words: list[re.Match[str]], at: int, greeted: bool) -> int:
        """How many words from `at` make one greeting, or one form of address after a greeting; 0 if none."""
        for size in range(min(LONGEST, len(words) - at), 0, -1):
            said = self._key(text[words[at].start():words[at + size - 1].end()])
            if said in self._greetings or (greeted and said in self._address):
                return size
        return 0
