"""One call from raw text to what Teduh understood: `Nlu.parse`."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from bot.core import policy
from bot.core.policy import RISK_INTENTS
from bot.nlu.classifier import IntentClassifier, Ranking
from bot.nlu.data import NluData
from bot.nlu.language import LanguageGuesser
from bot.nlu.means import Means, Pattern
from bot.nlu.prepared import prepare
from bot.nlu.risk import NO_RISK, Risk, RiskDetector, RiskLevel, from_ranking
from bot.nlu.risk_model import FAINT, Judgement, RiskModel

SELF_LABEL_WINDOW = 3  # a label within this many words after "aku"/"i" reads as a self-label
SWITCH_MAX_WORDS = 5  # longer messages mentioning "english" are about something else
ANSWER_MAX_WORDS = 6  # longer messages are not short answers to a yes/no question (but see Nlu.answer)
ANSWERED_FIRST = (policy.SAFETY, "risk", policy.LATE)  # the risk questions: answered first, then explained
FIRST_SENTENCE = re.compile(r"([^.!?\n]*)([.!?\n])")
# The topics a message made only of answer words and fillers can be: "ok makasih", and "kak" or "hmm" as a ping
ANSWER_TOPICS = frozenset({"thanks", "greet"})
AGREE_RISK, AGREE_TOPIC = 0.3, 0.4  # both together: ask (see Nlu._risk); 0.25 -> 0.3 with the network, on risk_dev


@dataclass(frozen=True)
class Parse:
    text: str
    tokens: tuple[str, ...]
    language: str | None  # None: too short or too mixed to tell
    intent: str | None  # None: confidence under the threshold, "not understood"
    confidence: float
    ranking: Ranking
    risk: Risk

    @property
    def normalized(self) -> str:
        return " ".join(self.tokens)


class Nlu:
    """Normalizer, language guesser, intent classifier and risk detector, trained once."""

    def __init__(self, data: NluData, threshold: float, cache: Path | None = None) -> None:
        """Trains the models, or loads them from `cache` when they were trained from the same data."""
        everything = [ex.text for ex in data.examples] + [ex.text for ex in data.risk_corpus]
        self.normalize, normalized, self._known = prepare(everything, data.lexicon.slang, cache)  # or from the cache
        texts = [normalized[ex.text] for ex in data.examples]
        self.classifier = IntentClassifier(texts, [ex.intent for ex in data.examples], cache)
        self.language = LanguageGuesser(texts, [ex.lang for ex in data.examples], cache)
        self.risk = RiskDetector(data.risk_phrases, self.normalize.tokens, self._known)
        self.means = Means(data.means, self.normalize.tokens) if data.means else None
        self.risk_model = RiskModel(data.risk_corpus, [(ex.text, ex.intent) for ex in data.examples], self.normalize,
                                    cache, normalized=normalized)
        self.threshold = threshold
        lex = data.lexicon
        self._yes = {w for word in lex.yes for w in self.normalize.tokens(word)}
        self._no = {w for word in lex.no for w in self.normalize.tokens(word)}
        self._safe = [tuple(self.normalize.tokens(word)) for word in lex.safe]
        self._unsure = [self.normalize(phrase) for phrase in lex.unsure]
        self._unsure_tokens = [tuple(self.normalize.tokens(phrase)) for phrase in lex.unsure]
        self._fillers = {tuple(self.normalize.tokens(word)) for word in lex.fillers}
        self._degree = [self.normalize(phrase) for phrase in lex.degree]
        self._agree = [self.normalize(phrase) for phrase in lex.agree]
        self._decline = [self.normalize(phrase) for phrase in lex.decline]
        self._unsafe = [self.normalize(phrase) for phrase in lex.unsafe]
        self._admit = [self.normalize(phrase) for phrase in lex.admit]
        self._admit_phrases = sorted({tuple(self.normalize.tokens(p)) for p in lex.admit} - {()}, key=len, reverse=True)
        self._contrast = {w for word in lex.contrast for w in self.normalize.tokens(word)}
        answer_words = [*lex.yes, *lex.no, *lex.safe, *lex.unsure, *lex.degree, *lex.agree, *lex.decline,
                        *lex.fillers]
        # Longest first; a phrase counts only whole ("ya udah", not its "udah", which also stands for "daaah")
        self._answer_phrases = sorted({tuple(self.normalize.tokens(p)) for p in answer_words} - {()}, key=len,
                                      reverse=True)
        self._switch = {lang: [self.normalize(p) for p in phrases] for lang, phrases in lex.language_switch.items()}
        self._first_person = {w for word in lex.first_person for w in self.normalize.tokens(word)}
        self._labels = [tuple(self.normalize.tokens(label)) for label in lex.self_labels]

    def parse(self, text: str, *, about_other: bool = False) -> Parse:
        """`about_other`: the conversation is about someone else at risk, so an unclear message is more likely
        about them (risk_model.OTHER_IN_CONTEXT)."""
        tokens = tuple(self.normalize.tokens(text))
        normalized = " ".join(tokens)
        ranking = self.classifier.rank(normalized) if tokens else []
        language = self.language.guess(normalized)
        risk, judged = self._risk(text, tokens, ranking, about_other)
        intent, confidence = ranking[0] if ranking else (None, 0.0)
        if self._only_answer(tokens):  # "idk", "ok ga usah", "not really": an answer, nothing to be at risk
            risk = risk if risk.level is RiskLevel.EMERGENCY else NO_RISK  # about, no topic but thanks or hi
            intent = intent if intent in ANSWER_TOPICS else None  # ("never" got self-esteem, "ya" a goodbye)
        if intent in RISK_INTENTS and not risk.any and judged.score < FAINT and judged.stage != "topic":
            # A risk topic on top, but the risk model reads a plainly harmless message that is not about
            # the topic either ("ngakak sampe mati"): the next topic, else not understood.
            intent, confidence = next(((i, c) for i, c in ranking if i not in RISK_INTENTS), (None, 0.0))
        return Parse(
            text=text, tokens=tokens, language=language,
            intent=intent if confidence >= self.threshold else None, confidence=confidence,
            ranking=ranking, risk=risk,
        )

    def _risk(self, text: str, tokens: Sequence[str], ranking: Ranking,
              about_other: bool = False) -> tuple[Risk, Judgement]:
        """The risk model's judgement, with two additions.

        When in doubt, ask: two weaker signals that agree (the risk model near its threshold,
        a risk topic on top of the topic classifier) make the bot ask directly. And the
        maintainers' phrase list raises the level of a message the model already finds risky
        (not ideation the model reads as past); in a message the model reads as harmless (a
        joke, a game, the news) a phrase alone sets nothing off. The means patterns (a pill count
        swallowed, a rope bought) raise the level of a message the model finds at least faintly
        risky (`FAINT`), as a whole or in one sentence, or any message when the pattern says `alone`:
        means predict imminent risk better than the word "suicide". A pattern for one person's risk
        (`who`) only raises a message the model already reads at least high as that person's: it says how soon,
        not whether ("temenku udah ga butuh lagi buku paket kelas 10", read as possible, stays a question)."""
        means = self.means.match(tokens) if self.means else None
        judged = self.risk_model.judge(text, " ".join(tokens), peak=means is not None, about_other=about_other)
        risk = _as_risk(judged)
        top, top_confidence = ranking[0] if ranking else ("", 0.0)
        if (risk.level is RiskLevel.NONE and judged.score >= AGREE_RISK and top in RISK_INTENTS
                and top_confidence >= AGREE_TOPIC):
            risk = Risk(RiskLevel.POSSIBLE, top)
        by_phrase = self.risk.match(tokens)
        if by_phrase.level > risk.level and risk.any and judged.stage != "past":
            risk = replace(by_phrase, who=risk.who)
        sure = risk.level >= RiskLevel.HIGH

        def counts(p: Pattern) -> bool:  # a pattern for one person's risk: where the model is sure of theirs
            return p.who is None or (p.who == judged.who and sure)

        if self.means and means is not None and not counts(means):
            means = self.means.match(tokens, counts)
        if (means is not None and LEVELS[means.level] > risk.level and (judged.peak >= FAINT or means.alone)
                and judged.stage != "past"):
            risk = Risk(LEVELS[means.level], KIND_INTENTS[means.kind], f"means:{means.id}",
                        "other" if judged.who == "other" else "self")
        if risk.phrase is None and risk.level >= RiskLevel.HIGH and not self._known.intersection(tokens):
            # Not one word the models were trained on: the guess rests on letter patterns alone,
            # so ask directly instead of sending the crisis reply.
            risk = replace(risk, level=RiskLevel.POSSIBLE)
        return risk, judged

    def with_ranking(self, parse: Parse, ranking: Ranking) -> Parse:
        """Another NLU's intent ranking (Rasa's) in place of ours. Risk stays the higher of
        what the text itself shows (phrases and our model) and what that ranking shows."""
        known = [(i, float(c)) for i, c in ranking if i in self.classifier.intents]
        intent, confidence = known[0] if known else (None, 0.0)
        theirs = from_ranking(known)
        risk = parse.risk if parse.risk.level >= theirs.level else theirs
        # Not one word of the message is in Teduh's training data ("asdfgh qwerty"): whatever the
        # other model guessed, there is nothing to answer from.
        understood = confidence >= self.threshold and bool(self._known.intersection(parse.tokens))
        return replace(parse, intent=intent if understood else None, confidence=confidence,
                       ranking=known, risk=risk)

    def answer(self, parse: Parse, asks: str = "offer") -> str | None:
        """'yes' or 'no' when a short message answers a yes/no question of kind `asks`, else None.

        To the safety question, "aman" / "safe" is a yes and "ga aman" / "not safe" a no.
        "I don't know", "sometimes" and "ok" count as the kind says (policy.ASKS, policy.CONFIRM_ASK).
        """
        tokens = parse.tokens
        if len(tokens) > ANSWER_MAX_WORDS and asks in ANSWERED_FIRST:  # the bot's risk questions are
            # answered first, then explained: "yeah im safe. just tired of everything"; a question is no answer
            first = FIRST_SENTENCE.match(parse.text)  # (one sentence alone may still end in a comment, below)
            tokens = tokens if first is None else tuple(self.normalize.tokens(first[1])) if first[2] != "?" else ()
        ask = policy.CONFIRM_ASK if asks == policy.CONFIRM else policy.ASKS[asks]
        if asks in ANSWERED_FIRST and self._contrast.intersection(tokens):
            parts = self._clauses(tokens)  # "a bit, but i would not do it": the answer, then a comment
            if ask.degree and any(self._admits(part) for part in parts):
                return ask.degree  # "ga sih, tapi kadang kepikiran": owned up to in any part
            tokens = parts[0]
        if asks in ANSWERED_FIRST and ask.unsure and ask.asked and self._starts_unsure(parse.tokens):
            return ask.unsure  # "aku ga tau harus jawab apa soalnya capek banget": not knowing, then why
        if not tokens or len(tokens) > ANSWER_MAX_WORDS:
            return None
        padded = f" {' '.join(tokens)} "
        if ask.degree and self._admits(tokens):
            return ask.degree
        if any(f" {phrase} " in padded for phrase in self._unsure if phrase) and (ask.unsure or ask.asked):
            return ask.unsure  # (a late yes, only listened for, reads on past "maybe": "maybe a little")
        if asks == policy.SAFETY and (safe := self._safety(tokens)) is not None:
            return safe
        if (degree := ask.degree) and any(f" {p} " in padded for p in self._degree if p):
            return degree
        said = set(tokens)
        agreed = any(f" {p} " in padded for p in self._agree if p)
        if ask.agree and agreed and not said & self._no and self._only_answer(tokens):
            return ask.agree  # "ok", "boleh dong"; not "mau ujian"
        if ask.decline and not agreed and not said & self._yes and any(f" {p} " in padded for p in self._decline):
            return ask.decline  # "nanti aja", "skip"; not "boleh, nanti aku baca"
        if not ask.asked:
            return None
        yes, no = bool(said & self._yes), bool(said & self._no)
        return "yes" if yes and not no else "no" if no and not yes else None

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
        """Whether the message opens with "I don't know" ("hmm aku ga tau harus jawab apa…"), fillers and "aku" aside."""
        for at, token in enumerate(tokens):
            if any(p and tuple(tokens[at:at + len(p)]) == p for p in self._unsure_tokens):
                return True
            if token not in self._first_person and (token,) not in self._fillers:
                return False
        return False

    def _admits(self, tokens: Sequence[str]) -> bool:
        """Thoughts owned up to ("kepikiran sih", "sometimes") with no "no" word beside them ("ga kepikiran")."""
        padded = f" {' '.join(tokens)} "
        owned = any(f" {p} " in padded for p in [*self._admit, *self._degree] if p)
        return owned and not self._no.intersection(tokens)

    def says_unsafe(self, parse: Parse) -> bool:
        """A short message that says "I'm not safe" ("ga aman", "i don't feel safe"), with or without a question."""
        padded = f" {parse.normalized} "
        return len(parse.tokens) <= ANSWER_MAX_WORDS and any(f" {p} " in padded for p in self._unsafe if p)

    def _only_answer(self, tokens: Sequence[str]) -> bool:
        """Whether the message is made only of answer words and fillers ("ok ga usah", "not now", "idk"):
        read alone, the risk model took some for a crisis, but they hold nothing to be at risk about."""
        at, denied = 0, False
        while at < len(tokens):
            phrase = next((p for p in self._answer_phrases if tuple(tokens[at:at + len(p)]) == p), None)
            if phrase is None and denied:  # "ga sampe kepikiran kok", "never thought about it": thoughts denied
                phrase = next((p for p in self._admit_phrases if tuple(tokens[at:at + len(p)]) == p), None)
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
                        if token in self._first_person:
                            break
                        before.append(token)
                    return "no" if self._no.intersection(before) else "yes"
        return None

    def language_request(self, parse: Parse) -> str | None:
        """The language a message asks the bot to switch to ('english please'), if any."""
        if len(parse.tokens) > SWITCH_MAX_WORDS:
            return None
        padded = f" {parse.normalized} "
        for lang, phrases in self._switch.items():
            if any(f" {p} " in padded for p in phrases if p):
                return lang
        return None

    def self_label(self, parse: Parse) -> bool:
        """Whether the user labels themself with a diagnosis ('aku depresi', 'i have adhd')."""
        tokens = parse.tokens
        for i, token in enumerate(tokens):
            if token not in self._first_person:
                continue
            window = tokens[i + 1: i + 1 + SELF_LABEL_WINDOW + 2]
            for label in self._labels:
                n = len(label)
                if any(window[j:j + n] == label for j in range(min(SELF_LABEL_WINDOW, len(window)))):
                    return True
        return False


KIND_INTENTS = {"suicide": "suicidal_thoughts", "self_harm": "self_harm", "abuse": "abuse_violence"}
LEVELS = {"none": RiskLevel.NONE, "possible": RiskLevel.POSSIBLE, "high": RiskLevel.HIGH,
          "emergency": RiskLevel.EMERGENCY}


def _as_risk(judged: Judgement) -> Risk:
    """The risk model's judgement in the dialogue's terms (kind -> risk intent)."""
    if judged.level == "none":
        return Risk(RiskLevel.NONE)
    return Risk(LEVELS[judged.level], KIND_INTENTS.get(judged.kind, "suicidal_thoughts"), None, judged.who)


def load_nlu(intents_dir: Path, threshold: float, cache: Path | None = None) -> Nlu:
    """Convenience for tools: read `intents_dir` and train, raising ContentError on problems."""
    from bot.library.problems import Collector, ContentError
    from bot.nlu.data import read_nlu_data

    out = Collector(intents_dir.parent)
    data = read_nlu_data(intents_dir, out)
    if out.errors:
        raise ContentError(out.errors)
    return Nlu(data, threshold, cache)
