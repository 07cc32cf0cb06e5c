"""Where what a message says begins: after a greeting and the form of address that may follow it."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

_WORD_RE = re.compile(r"\S+")
_REPEATS_RE = re.compile(r"(.)\1+")
LONGEST = 3  # words in the longest greeting or form of address ("assalamu alaikum", "selamat malam")


class Opening:
    """A message's opening: a greeting (lexicon `greetings`) at its start, then a form of address (`address`):
    "halo kak, …", "hi everyone, …", "selamat malam dok, …". A form of address with no greeting before it is not
    an opening ("kak aku …"), nor one after a greeting closed by punctuation: in "hi, everyone would be better off
    if i was dead" the sentence starts with "everyone"."""

    def __init__(self, greetings: Iterable[str], address: Iterable[str], tokens: Callable[[str], list[str]]) -> None:
        self._tokens = tokens
        self._greetings = {t for p in greetings if (t := self._key(p))}
        self._address = {t for p in address if (t := self._key(p))}

    def _key(self, said: str) -> tuple[str, ...]:
        """The words of `said`, each letter once in a row: "heyyy", "haii" and "halloo" are "hey", "hai", "halo"."""
        return tuple(_REPEATS_RE.sub(r"\1", token) for token in self._tokens(said))

    def rest(self, text: str) -> str:
        """`text` from its first word after the opening; all of `text` when it has no opening or nothing after it
        ("halo kak" is a greeting, and stays one)."""
        if not self._greetings:
            return text
        words = list(_WORD_RE.finditer(text))
        at, greeted, after_greeting = 0, False, False
        while at < len(words):
            if not self._tokens(words[at].group()):  # punctuation, an emoji: "👋 hi, …", ": hi, …"
                at += 1
                continue
            size, address = self._opening_words(text, words, at, after_greeting)
            if not size:
                break
            closed = not words[at + size - 1].group()[-1].isalnum()  # "hi," / "halo!": what follows is the message
            at, greeted, after_greeting = at + size, True, not address and not closed
        return text[words[at].start():] if greeted and at < len(words) else text

    def _opening_words(self, text: str, words: list[re.Match[str]], at: int, may_address: bool) -> tuple[int, bool]:
        """How many words from `at` make one greeting, or (`may_address`: right after a greeting) one form of address,
        and whether they are the latter. One form of address a greeting: "halo kak, semua barang…" keeps "semua"."""
        for size in range(min(LONGEST, len(words) - at), 0, -1):
            said = self._key(text[words[at].start():words[at + size - 1].end()])
            if said in self._greetings:
                return size, False
            if may_address and said in self._address:
                return size, True
        return 0, False
