"""A wish to die denied in so many words, which the risk check does not read (lexicon `denial`).

"tenang aku ga kepikiran bunuh diri kok, cuma kesel sama nilai rapot" got the crisis reply: to the risk model and the
phrase list, "bunuh diri" weighs the same with "ga" before it. A denial is a negation, a thought or intent word and a
death word in a row ("tidak kepikiran bunuh diri", "not going to kill myself", "tidak ada niat buat bunuh diri"), or a
negation and a word that needs no thought word ("not suicidal"). The rest of the message is still read, and self-harm
is never a denial's ("not suicidal, i just cut"). Not when another negation stands just before it ("bukan berarti aku
ga mau mati"), nor as ideation that is over ("udah ga suicidal", "not suicidal anymore": past ideation gets a
gentle check), nor in a message with an `unless` word: a denial told to someone or taken back ("aku bilang ke bk aku ga
kepikiran bunuh diri, padahal iya"), one that says "not yet" ("not going to kill myself tonight"), or a "but" ("i
don't want to die but i can't keep living like this").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

Phrase = tuple[str, ...]
BEFORE = 3  # words before a negation where another negation makes a double one


@dataclass(frozen=True)
class DenialWords:
    negation: tuple[str, ...] = ()  # "tidak", "not" (as the bot reads "ga", "don't")
    thought: tuple[str, ...] = ()  # "kepikiran", "ada niat", "going to", "want to"
    link: tuple[str, ...] = ()  # "buat", "to", "about": may stand between the thought and the death word
    death: tuple[str, ...] = ()  # "bunuh diri", "mati", "kill myself"
    alone: tuple[str, ...] = ()  # "suicidal": denied with no thought word
    past: tuple[str, ...] = ()  # "udah", "anymore": just before or after, ideation that is over (not a denial)
    unless: tuple[str, ...] = ()  # "bilang", "padahal", "lied", "yet", "tonight"


class Denial:
    def __init__(self, words: DenialWords, tokens: Callable[[str], list[str]], sentence_end: re.Pattern[str]) -> None:
        """`tokens`: a text as the bot reads it (normalized words); `sentence_end`: where a message's sentences end."""
        def phrases(items: Sequence[str]) -> list[Phrase]:
            return sorted({t for item in items if (t := tuple(tokens(item)))}, key=len, reverse=True)

        self._tokens, self._end = tokens, sentence_end
        self._negation = frozenset(w for item in words.negation for w in tokens(item))
        self._past = frozenset(w for item in words.past for w in tokens(item))
        self._thought, self._link = phrases(words.thought), phrases(words.link)
        self._death, self._alone, self._unless = phrases(words.death), phrases(words.alone), phrases(words.unless)
        self._firsts = frozenset(p[0] for p in (*self._death, *self._alone))  # a denial needs one of these

    def without(self, text: str, words: Sequence[str]) -> str | None:
        """`text` (read sentence by sentence, as normalized words) without its denials; None when it has none.
        `words`: the whole message as normalized words, to tell at once that most messages have none."""
        if self._negation.isdisjoint(words) or self._firsts.isdisjoint(words):
            return None
        sentences = [self._tokens(s) for s in self._end.split(text)]
        if any(_at(sentence, phrase, i) for sentence in sentences for phrase in self._unless
               for i in range(len(sentence))):
            return None
        kept, found = [], False
        for sentence in sentences:
            rest = self._remove(sentence)
            found |= len(rest) < len(sentence)
            if rest:
                kept.append(" ".join(rest))
        return ". ".join(kept) if found else None

    def _remove(self, words: list[str]) -> list[str]:
        out: list[str] = []
        i = 0
        while i < len(words):
            end = self._denial_at(words, i)
            if (end and self._negation.isdisjoint(words[max(0, i - BEFORE):i])
                    and self._past.isdisjoint(words[max(0, i - 1):i] + words[end:end + 1])):
                i = end
            else:
                out.append(words[i])
                i += 1
        return out

    def _denial_at(self, words: list[str], i: int) -> int:
        """Where a denial starting at `i` ends, else 0."""
        if words[i] not in self._negation:
            return 0
        j = i + 1
        if end := _match(words, j, self._alone):
            return end
        if not (j := _match(words, j, self._thought)):
            return 0
        return _match(words, _match(words, j, self._link) or j, self._death)


def _at(words: Sequence[str], phrase: Phrase, i: int) -> bool:
    return tuple(words[i:i + len(phrase)]) == phrase


def _match(words: Sequence[str], i: int, phrases: Sequence[Phrase]) -> int:
    """Where the longest of `phrases` said at `i` ends, else 0."""
    return next((i + len(p) for p in phrases if _at(words, p, i)), 0)
