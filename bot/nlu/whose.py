"""Whose risk a message's words say it is: the writer's, or someone else's they name (lexicon `other_people`,
`someone_else`, `own_abuse`, `silenced`, `reported`, `told_to_die`, `not_me`, `its_me`, `me_too`)."""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence

from bot.nlu.data import Lexicon
from bot.nlu.means import without_ending
from bot.nlu.quoted import Quoted
from bot.nlu.risk_model import Judgement

NOT_ME_WINDOW = 4  # words after "bukan aku" / "not me" within which the person meant must be named
# In a talk about someone else at risk, a message of at most this many words that does not speak of the writer is
# about them ("skrg", "dari tadi sore"); "kadang pengen ngilang juga" (four) stays the writer's own.
FEW = 3


class Whose:
    def __init__(self, lex: Lexicon, tokens: Callable[[str], list[str]], first_person: Collection[str]) -> None:
        self._first_person = first_person
        self._others = {w for word in lex.other_people for w in tokens(word)}
        self._maybe_others = self._others | {w for word in lex.someone_else for w in tokens(word)}
        self._own_abuse = [said for p in lex.own_abuse if len(said := tuple(tokens(p))) > 1]
        self._silenced = [said for p in lex.silenced if len(said := tuple(tokens(p))) > 1]
        self._threat = {w for word in lex.silenced_threat for w in tokens(word)}
        self._friends = {w for word in lex.silenced_unless for w in tokens(word)}
        self._not_me = [t for p in lex.not_me if (t := tuple(tokens(p)))]
        self._its_me = [t for p in lex.its_me if (t := tuple(tokens(p)))]
        self._me_too = [t for p in lex.me_too if (t := tuple(tokens(p)))]
        self._not_me_unless = {w for p in lex.not_me_unless for w in tokens(p)}
        self._often = {w for p in lex.degree if len(words := tokens(p)) == 1 for w in words}
        self._quoted = Quoted(lex.reported, tokens, first_person)
        self._told_to_die = [said for p in lex.told_to_die if len(said := tuple(tokens(p))) > 1]

    def of(self, judged: Judgement, tokens: Sequence[str], text: str, about_other: bool,
           judge: Callable[[str], Judgement]) -> str:
        """Whose the risk model's reading `judged` of a message is, once its words are heard: abuse told as done to the
        writer ("aku dipukulin rame2 sama …"), a message that speaks of nobody but the writer ("aku barusan nyilet,
        darah di mana2") and one that says the writer was told to die ("my dad said he wishes i was dead") are the
        writer's; risk in someone else's quoted words is theirs, when the words around the quote (read by `judge`) show
        none or show it as someone else's too."""
        if judged.who == "other" and judged.kind == "abuse" and self.says_own_abuse(tokens):
            return "self"
        if judged.who == "other" and not about_other and (self.only_writer(tokens) or self.told_to_die(tokens)):
            return "self"
        if (judged.who == "self" and judged.kind in ("suicide", "self_harm") and judged.level != "none"
                and (outside := self._quoted.outside(text)) is not None
                and ((around := judge(outside)).level == "none" or around.who == "other")):
            return "other"
        return judged.who

    def says_own_abuse(self, tokens: Sequence[str]) -> bool:
        """Whether abuse is told as done to the writer (lexicon `own_abuse`; a `degree` word may stand after its first
        word: "aku sering dipukul"), not after a person word ("temen aku dipukulin" is the friend's); or as a threat
        that silences the writer (`silenced`: "kalo aku cerita ke mama, dia bakal nyakitin adekku") in a message that
        says the threat (`silenced_threat`) and names no friend (`silenced_unless`)."""
        if (self._said(tokens, self._silenced, lambda _: False) and not self._threat.isdisjoint(tokens)
                and not self._names(tokens, self._friends)):
            return True
        return self._said(tokens, self._own_abuse, lambda i: (
            tokens[i] in self._first_person and i > 0 and self.names_someone(tokens[i - 1:i])))  # "temen aku"

    def _said(self, tokens: Sequence[str], phrases: Sequence[tuple[str, ...]], skip: Callable[[int], bool]) -> bool:
        """Whether one of `phrases` is said, a one-word `degree` word allowed after its first word, not where `skip`."""
        for i, token in enumerate(tokens):
            for phrase in phrases:
                if token != phrase[0] or skip(i):
                    continue
                at = i + 2 if tokens[i + 1:i + 2] and tokens[i + 1] in self._often else i + 1
                if tuple(tokens[at:at + len(phrase) - 1]) == phrase[1:]:
                    return True
        return False

    def said(self, tokens: Sequence[str]) -> str | None:
        """"other" when the message says the risk is someone else's, not the writer's ("eh bukan aku, temen sebangku
        aku", lexicon `not_me`, with a person word at most `NOT_ME_WINDOW` words after it); "self" when it says the
        friend it told of is the writer ("the friend is me", `its_me`); "too" when the writer says they do the same
        ("tbh i kinda do it too", `me_too`); else None. Not with a `not_me_unless` word in between or just after
        ("bukan aku yang salah", "itu aku banget")."""

        def ends(phrases: Sequence[tuple[str, ...]], i: int) -> list[int]:  # where each phrase said at i ends
            return [i + len(p) for p in phrases if tuple(tokens[i:i + len(p)]) == p]

        for i in range(len(tokens)):
            for end in ends(self._not_me, i):
                for token in tokens[end:end + NOT_ME_WINDOW]:
                    if token in self._not_me_unless:
                        break
                    if self.names_someone((token,)):
                        return "other"
            if any(not self._not_me_unless.intersection(tokens[end:end + 1]) for end in ends(self._its_me, i)):
                return "self"
            if ends(self._me_too, i):
                return "too"
        return None

    def about_them(self, tokens: Sequence[str]) -> bool:
        """In a talk about someone else at risk, whether an unclear reading of a message is theirs: it names someone,
        or it is a few words (`FEW`) with no first person. On the conversation sets (2026-12-05), the next message
        after a friend's danger ("skrg") had got the writer's own risk question."""
        return self.names_someone(tokens) or (len(tokens) <= FEW and self._first_person.isdisjoint(tokens))

    def told_to_die(self, tokens: Sequence[str]) -> bool:
        """Whether someone told the writer to die or wished them dead ("papa nyuruh aku mati aja"): lexicon
        `told_to_die`, not after a first-person word ("aku bilang mending kamu mati": the writer said it); the writer is
        the one hurt, not the one who said it."""
        return self._said(tokens, self._told_to_die, lambda i: i > 0 and tokens[i - 1] in self._first_person)

    def only_writer(self, tokens: Sequence[str]) -> bool:
        """Whether the message speaks of the writer (`first_person`) and of nobody else (`other_people`,
        `someone_else`): "just jumped from the roof. cant stand up. my ankle looks wrong" is the writer's own risk,
        whatever the risk model reads."""
        return not self._first_person.isdisjoint(tokens) and not self._names(tokens, self._maybe_others)

    def names_someone(self, tokens: Sequence[str]) -> bool:
        """Whether a word names another person, also with an ending: temenku, temen2, sister's (sisters)."""
        return self._names(tokens, self._others)

    @staticmethod
    def _names(tokens: Sequence[str], people: Collection[str]) -> bool:
        """Whether a word is one of `people`, also with an ending."""
        for token in tokens:
            forms = {token, without_ending(token)}
            forms |= {f.rstrip("2") for f in forms}
            forms |= {f[:-1] for f in forms if f.endswith("s")}
            if forms & people:
                return True
        return False
