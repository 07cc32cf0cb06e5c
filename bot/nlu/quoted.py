"""Someone else's words quoted by the writer (lexicon `reported`): risk that is only in the quote is theirs.

"sahabatku ngechat gini: "gue mau b*nuh d1ri, obatnya udh gue beli banyak"" and "di grup kelas ada yg nulis "besok gue
gak bakal dateng lagi, selamanya"" got the writer's own crisis reply: the first person inside the quote is the friend.
A quote counts as someone else's when a `reported` word stands outside it ("ngechat", "nulis", "texted") and the
writer is not the one who said it (no first-person word just before that word: "aku bilang ke mama "aku mau mati""
is the writer's own).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Sequence

QUOTE = re.compile(r'["“”„«»]([^"“”„«»]{3,})["“”„«»]')
REPORTER = 3  # words before a `reported` word where a first-person word makes the writer the one who said it


class Quoted:
    def __init__(self, reported: Sequence[str], tokens: Callable[[str], list[str]],
                 first_person: Collection[str]) -> None:
        self._reported = frozenset(w for word in reported for w in tokens(word))
        self._tokens, self._first_person = tokens, first_person

    def outside(self, text: str) -> str | None:
        """The message without what it quotes of someone else, when it does; else None."""
        if not self._reported or not QUOTE.search(text):
            return None
        rest = QUOTE.sub(" … ", text)
        words = self._tokens(rest)
        said = [i for i, word in enumerate(words) if word in self._reported]
        if not said or any(not self._first_person.isdisjoint(words[max(0, i - REPORTER):i]) for i in said):
            return None
        return rest
