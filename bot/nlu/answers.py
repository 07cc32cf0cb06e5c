"""How a short message answers the bot's yes/no questions, from the lexicon's answer words (`intents/lexicon.yml`).

Read on normalized tokens: "gak" is "tidak", "idk" is "i dont know". The kinds of question and what
their answers mean are in `policy.ASKS`; the dialogue asks, this module only reads.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.core import policy
from bot.nlu.data import Lexicon
from bot.nlu.normalize import Normalizer

SAFETY_KINDS = (policy.SAFETY, policy.LATE_SAFETY)
CLAUSE_MAX_WORDS = 5  # a first clause this short, before a comma, may answer "are you safe?"
QUESTION_MIN_WORDS = 3  # a message of this many words or more that ends in "?" asks; its "ga" is no answer
ANSWER_FIRST_WORDS = 2  # a "no" to a risk question, a "yes" to "are you safe?", answers only among the first words
ANSWER_MAX_WORDS = 6  # longer messages are not short answers to a yes/no question (but see Answers.answer)
# the risk questions: answered first, then explained
ANSWERED_FIRST = (policy.SAFETY, "risk", policy.LATE, policy.LATE_SAFETY)
FIRST_SENTENCE = re.compile(r"([^.!?\n]*)([.!?\n])")
PAUSE = re.compile(r"[,.;:!?…\n]|\s-\s")  # inside a message: where a speaker may take back what they said


class Answers:
    """The lexicon's answer words, normalized once; each method reads one message's tokens."""

    def __init__(self, lex: Lexicon, normalize: Normalizer) -> None:
        self.normalize = normalize
        self._yes = {w for word in lex.yes for w in normalize.tokens(word)}
        self._no = {w for word in lex.no for w in normalize.tokens(word)}
        self._safe = [tuple(normalize.tokens(word)) for word in lex.safe]
        self._unsure = [normalize(phrase) for phrase in lex.unsure]
        self._unsure_tokens = [tuple(normalize.tokens(phrase)) for phrase in lex.unsure]
        self._fillers = {tuple(normalize.tokens(word)) for word in lex.fillers}
        self._filler_phrases = [normalize(word) for word in lex.fillers]
        self._degree = [normalize(phrase) for phrase in lex.degree]
        self._agree = [normalize(phrase) for phrase in lex.agree]
        self._decline = [normalize(phrase) for phrase in lex.decline]
        self._unsafe = [normalize(phrase) for phrase in lex.unsafe]
        self._admit = [normalize(phrase) for phrase in lex.admit]
        self._admit_phrases = sorted({tuple(normalize.tokens(p)) for p in lex.admit} - {()}, key=len, reverse=True)
        self._contrast = {w for word in lex.contrast for w in normalize.tokens(word)}
        self.first_person = {w for word in lex.first_person for w in normalize.tokens(word)}
        self._deflect = sorted({tuple(normalize.tokens(p)) for p in lex.deflect} - {()}, key=len, reverse=True)
        self._serious = sorted({tuple(normalize.tokens(p)) for p in lex.serious} - {()}, key=len, reverse=True)
        self._question_words = {w for word in lex.question_words for w in normalize.tokens(word)[:1]}
        self._retract = sorted({tuple(normalize.tokens(p)) for p in lex.retract} - {()}, key=len, reverse=True)
        answer_words = [*lex.yes, *lex.no, *lex.safe, *lex.unsure, *lex.degree, *lex.agree, *lex.decline,
                        *lex.fillers]
        # Longest first; a phrase counts only whole ("ya udah", not its "udah", which also stands for "daaah")
        self._answer_phrases = sorted({tuple(normalize.tokens(p)) for p in answer_words} - {()}, key=len,
                                      reverse=True)

    def answer(self, text: str, tokens: tuple[str, ...], asks: str = "offer") -> str | None:
        """'yes' or 'no' when a short message answers a yes/no question of kind `asks`, else None.

        To the safety question, "aman" / "safe" is a yes and "ga aman" / "not safe" a no.
        "I don't know", "sometimes" and "ok" count as the kind says (policy.ASKS, policy.CONFIRM_ASK).
        """
        whole = tokens
        if len(tokens) > ANSWER_MAX_WORDS and asks in ANSWERED_FIRST:  # the bot's risk questions are
            # answered first, then explained: "yeah im safe. just tired of everything"; a question is no answer
            first = FIRST_SENTENCE.match(text)  # (one sentence alone may still end in a comment, below)
            clauses = PAUSE.split(text, maxsplit=1) if first is None else [text]
            clause = tuple(self.normalize.tokens(clauses[0])) if len(clauses) > 1 else ()
            if clause and (self.only_answer(clause) if asks not in SAFETY_KINDS else len(clause) <= CLAUSE_MAX_WORDS):
                tokens = clause  # no full stop: the first clause, if short ("yeah im home, im safe", "im fine rn, it
                # only gets bad at night"; not "gw takut ga ada yg percaya, …") or, to "are you thinking about ending
                # your life?", made of answer words alone ("nggak sih, cuma capek"; "no energy for anything, …" is no "no")
            elif first is not None:
                tokens = tuple(self.normalize.tokens(first[1])) if first[2] != "?" else ()
        ask = policy.CONFIRM_ASK if asks == policy.CONFIRM else policy.ASKS[asks]
        if asks in ANSWERED_FIRST and self._contrast.intersection(tokens):
            parts = self._clauses(tokens)  # "a bit, but i would not do it": the answer, then a comment
            if ask.degree and any(self._admits(part) for part in parts):
                return ask.degree  # "ga sih, tapi kadang kepikiran": owned up to in any part
            tokens = parts[0]
        if asks in ANSWERED_FIRST and ask.asked and ask.confirms_risk and self._means_it(tokens):
            return ask.confirms_risk  # "ga bercanda", "serius": meant
        if asks in ANSWERED_FIRST and ask.unsure and ask.asked and self._starts_unsure(whole):
            return ask.unsure  # "aku ga tau harus jawab apa soalnya capek banget": not knowing, then why
        if not tokens or len(tokens) > ANSWER_MAX_WORDS:
            return None
        padded = f" {' '.join(tokens)} "
        if ask.degree and self._admits(tokens):
            return ask.degree
        if _said(padded, self._unsure) and (ask.unsure or ask.asked) and not (ask.decline and
                                                                      _said(padded, self._decline)):
            return ask.unsure  # (a late yes, only listened for, reads on past "maybe": "maybe a little"; an offer
            # put off with a "maybe" is put off: "skip dulu, maybe tmrw")
        asking = len(tokens) >= QUESTION_MIN_WORDS and text.rstrip().endswith("?")  # "psikolog gratis ada ga?" asks
        if asks in SAFETY_KINDS and not asking and (safe := self._safety(tokens)) is not None:
            return safe
        if (degree := ask.degree) and _said(padded, self._degree):
            return degree
        said = set(tokens)
        agreed = _said(padded, self._agree)
        if ask.agree and agreed and not _outside(padded, self._agree) & self._no and self.only_answer(tokens):
            return ask.agree  # "ok", "boleh dong", "sure why not"; not "mau ujian", "ok ga usah"
        if (ask.decline and not agreed and not _outside(padded, self._filler_phrases) & self._yes
                and _said(padded, self._decline)):
            return ask.decline  # "nanti aja", "skip", "udah cukup, makasih ya"; not "boleh, nanti aku baca"
        if not ask.asked or asking or self._opens_question(tokens):  # "gimana biar ga kepikiran terus": a question,
            return None  # its "ga" answers nothing
        yes, no = bool(said & self._yes), bool(said & self._no)
        said_it = "yes" if yes and not no else "no" if no and not yes else None
        if said_it and ask.confirms_risk and said_it != ask.confirms_risk and not self._opens_with(
                tokens, self._yes if said_it == "yes" else self._no):
            return None  # an answer that would end the crisis path comes first: not the "ga" of "pengen tidur trs
        return said_it  # ga bangun lg" to "are you thinking about ending your life?", nor the "ya" of "jgn bilang
        # siapa2 ya" to "are you safe?"

    def _opens_with(self, tokens: Sequence[str], words: set[str]) -> bool:
        """Whether one of `words` comes first or second ("i don't think so", "kayaknya nggak"), "I" and fillers
        aside."""
        rest = [t for t in tokens if t not in self.first_person and (t,) not in self._fillers]
        return bool(words.intersection(rest[:ANSWER_FIRST_WORDS]))

    def _opens_question(self, tokens: Sequence[str]) -> bool:
        """Whether the message opens with a question word ("gimana", "why"; lexicon `question_words`), fillers
        aside."""
        rest = [t for t in tokens if (t,) not in self._fillers]
        return bool(rest) and rest[0] in self._question_words

    def _clauses(self, tokens: Sequence[str]) -> list[tuple[str, ...]]:
        """`tokens` cut at the contrast words ("tapi", "but"), which belong to no part."""
        parts: list[tuple[str, ...]] = [()]
        for token in tokens:
            if token in self._contrast:
                parts.append(())
            else:
                parts[-1] += (token,)
        return parts

    def _starts_unsure(self, tokens: Sequence[str]) -> bool:
        """Whether the message opens with "I don't know" ("hmm aku ga tau harus jawab apa…"), fillers and "aku"
        aside."""
        for at, token in enumerate(tokens):
            if _phrase_at(tokens, at, self._unsure_tokens):
                return True
            if token not in self.first_person and (token,) not in self._fillers:
                return False
        return False

    def _admits(self, tokens: Sequence[str]) -> bool:
        """Thoughts owned up to ("kepikiran sih", "sometimes") with no "no" word beside them ("ga kepikiran")."""
        padded = f" {' '.join(tokens)} "
        owned = _said(padded, [*self._admit, *self._degree])
        return owned and not self._no.intersection(tokens)

    def _means_it(self, tokens: Sequence[str]) -> bool:
        """Whether a short answer says it is meant ("ga bercanda", "serius"), with no other "no" word ("serius ga")."""
        if len(tokens) > ANSWER_MAX_WORDS:
            return False
        for at in range(len(tokens)):
            if phrase := _phrase_at(tokens, at, self._serious):
                rest = [*tokens[:at], *tokens[at + len(phrase):]]
                return not self._no.intersection(rest)
        return False

    def deflects(self, tokens: Sequence[str]) -> bool:
        """Whether a short message brushes a question off ("just curious lol", "bercanda doang kok"): made only of
        `deflect` phrases, answer words and fillers, at least one of them a deflection, with no "no" word."""
        if not tokens or len(tokens) > ANSWER_MAX_WORDS or self._no.intersection(tokens):
            return False
        at, found = 0, False
        while at < len(tokens):
            phrase = _phrase_at(tokens, at, self._deflect)
            found = found or phrase is not None
            phrase = phrase or _phrase_at(tokens, at, self._answer_phrases)
            if phrase is None:
                return False
            at += len(phrase)
        return found

    def retracts(self, tokens: Sequence[str]) -> bool:
        """Whether the message takes a joke or an exaggeration back ("lebay doang", "i was just kidding"; lexicon
        `retract`): such a word not right after a "no" word ("ga bercanda" means it), no `serious` phrase and
        no "not safe" (`unsafe`) anywhere in it."""
        if _said(f" {' '.join(tokens)} ", self._unsafe) or any(_phrase_at(tokens, at, self._serious)
                                                               for at in range(len(tokens))):
            return False
        return any(_phrase_at(tokens, at, self._retract) and (at == 0 or tokens[at - 1] not in self._no)
                   for at in range(len(tokens)))

    def says_unsafe(self, tokens: tuple[str, ...]) -> bool:
        """A short message that says "I'm not safe" ("ga aman", "i don't feel safe"), with or without a question."""
        padded = f" {' '.join(tokens)} "
        return len(tokens) <= ANSWER_MAX_WORDS and _said(padded, self._unsafe)

    def only_answer(self, tokens: Sequence[str], text: str = "") -> bool:
        """Whether the message is made only of answer words and fillers ("ok ga usah", "not now", "idk"):
        read alone, the risk model took some for a crisis, but they hold nothing to be at risk about. With its
        `text`, thoughts denied in one breath count too ("ga sampe kepikiran kok"); not after a pause ("nggak.
        kepikiran sih" may take the "no" back)."""
        at, denied = 0, False
        breath = bool(text) and not PAUSE.search(text.strip().rstrip(".!?… "))
        while at < len(tokens):
            phrase = _phrase_at(tokens, at, self._answer_phrases)
            if phrase is None and denied and breath:  # "never thought about it": thoughts denied
                phrase = _phrase_at(tokens, at, self._admit_phrases)
            if phrase is None:
                return False
            denied = denied or bool(self._no.intersection(phrase))
            at += len(phrase)
        return bool(tokens)

    def _safety(self, tokens: tuple[str, ...]) -> str | None:
        """'yes' for a "safe" word, 'no' when a "no" word stands shortly before it ("gak ngerasa aman")."""
        for i in range(len(tokens)):
            for word in self._safe:
                if word and tokens[i:i + len(word)] == word:
                    before = []
                    for token in reversed(tokens[max(0, i - 3):i]):  # back to the nearest "aku"/"i"
                        if token in self.first_person:
                            break
                        before.append(token)
                    return "no" if self._no.intersection(before) else "yes"
        return None


def _phrase_at(tokens: Sequence[str], at: int, phrases: Sequence[tuple[str, ...]]) -> tuple[str, ...] | None:
    """The first of `phrases` (token tuples; longest first where it matters) that starts at `tokens[at]`."""
    return next((p for p in phrases if p and tuple(tokens[at:at + len(p)]) == p), None)


def _outside(padded: str, phrases: Sequence[str]) -> set[str]:
    """The words of `padded` outside every one of `phrases` that stands whole in it ("not" of "why not" is not)."""
    for phrase in sorted((p for p in phrases if p), key=len, reverse=True):
        while f" {phrase} " in padded:
            padded = padded.replace(f" {phrase} ", " ")
    return set(padded.split())


def _said(padded: str, phrases: Sequence[str]) -> bool:
    """Whether one of `phrases` (normalized) stands whole in `padded`, the message's tokens with a space each side."""
    return any(f" {p} " in padded for p in phrases if p)
