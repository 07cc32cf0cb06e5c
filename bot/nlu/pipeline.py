"""One call from raw text to what Teduh understood: `Nlu.parse`."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, fields, is_dataclass, replace
from pathlib import Path

from bot.core.policy import RISK_INTENTS
from bot.nlu.answers import Answers
from bot.nlu.classifier import IntentClassifier, Ranking
from bot.nlu.data import NluData
from bot.nlu.denial import Denial
from bot.nlu.emoji import Emoji
from bot.nlu.language import LanguageGuesser
from bot.nlu.lookalike import LookalikeCheck
from bot.nlu.means import Means
from bot.nlu.method_check import MethodCheck
from bot.nlu.opening import Opening
from bot.nlu.prepared import prepare
from bot.nlu.risk import NO_RISK, Risk, RiskDetector, RiskLevel, from_ranking
from bot.nlu.risk_model import FAINT, SENTENCE_END, RiskModel
from bot.nlu.risk_reading import RiskReading
from bot.nlu.whose import Whose

SELF_LABEL_WINDOW = 3  # a label within this many words after "aku"/"i" reads as a self-label
SWITCH_MAX_WORDS = 5  # longer messages mentioning "english" are about something else
# The topics a message made only of answer words and fillers can be: "ok makasih", and "kak" or "hmm" as a ping
ANSWER_TOPICS = frozenset({"thanks", "greet"})
# After a greeting, talk about the bot itself keeps the greeting's answer, which says what Teduh is ("hallo botnya
# nyala gak"); any other topic understood after it is the message's ("hi, i need help" got a hello, not the lines)
SMALL_TALK = frozenset({"greet", "bot_identity", "capabilities", "out_of_scope"})


@dataclass(frozen=True)
class Parse:
    text: str  # as read: without links, @handles and the like (see normalize.without_furniture), emoji of means spelled
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

    def __init__(self, data: NluData, threshold: float, cache: Path | None = None, network_seed: int = 0) -> None:
        """Trains the models, or loads them from `cache` when they were trained from the same data (and seed)."""
        everything = [ex.text for ex in (*data.examples, *data.risk_corpus, *data.method_corpus)]
        self.normalize, normalized, self._known = prepare(everything, data.lexicon.slang, cache,  # or from the cache
                                                          [ex.text for ex in data.lookalikes])
        texts = [normalized[ex.text] for ex in data.examples]
        self.classifier = IntentClassifier(texts, [ex.intent for ex in data.examples], cache)
        self.language = LanguageGuesser(texts, [ex.lang for ex in data.examples], cache)
        self.risk = RiskDetector(data.risk_phrases, self.normalize.tokens, self._known)
        self.means = Means(data.means, self.normalize.tokens) if data.means else None
        lookalikes = (LookalikeCheck(data.lookalikes, data.risk_corpus, self.normalize.reading, cache, normalized)
                      if data.lookalikes else None)
        self.risk_model = RiskModel(data.risk_corpus, [(ex.text, ex.intent) for ex in data.examples],
                                    self.normalize.reading, cache, normalized=normalized, network_seed=network_seed,
                                    lookalikes=lookalikes)
        self.normalize.keep_as_written(_strings((data.lexicon, data.risk_phrases, data.means)))
        self.method_check = None
        if data.method_corpus and self.means:  # more harmless examples: the risk corpus's harmless ones naming a means
            means = self.means
            harmless = [ex for ex in data.risk_corpus if ex.label.level == "none" and means.names_means(
                normalized[ex.text].split())]
            self.method_check = MethodCheck([*data.method_corpus, *harmless], self.normalize, cache, normalized)
        self.threshold = threshold
        lex = data.lexicon
        self.answers = Answers(lex, self.normalize)
        self._switch = {lang: [self.normalize(p) for p in phrases] for lang, phrases in lex.language_switch.items()}
        self._first_person = self.answers.first_person
        self.whose = Whose(lex, self.normalize.tokens, self._first_person)
        self._labels = [tuple(self.normalize.tokens(label)) for label in lex.self_labels]
        self.opening = Opening(lex.greetings, lex.address, self.normalize.tokens)
        self._reach_tags = frozenset(tag.lstrip("#") for tag in lex.reach_tags)
        self.emoji = Emoji(lex.emoji)
        self.denial = Denial(lex.denial, self.normalize.tokens, SENTENCE_END)
        laughter = frozenset(t for word in lex.laughter for t in self.normalize.tokens(word))
        self.reading = RiskReading(self.risk_model, self.risk, self.means, self.method_check, self.whose, self._known,
                                   laughter)

    def parse(self, text: str, *, about_other: bool = False, in_risk_talk: bool = False) -> Parse:
        """`in_risk_talk`: a risk reply was just sent, so one word may go on from it ("selamanya");
        `about_other`: the conversation is about someone else at risk, so an unclear message is more likely
        about them (risk_model.OTHER_IN_CONTEXT). Links, @handles and the like are not read, nor a greeting before
        the message (the training corpus keeps them as written: taking them out there would retrain the models)."""
        text = self.emoji.spell(self.normalize.without_furniture(text, self._reach_tags),
                                lambda t: self.language.guess(self.normalize.reading(t)))  # "💊" -> "obat"/"pills"
        tokens = tuple(self.normalize.tokens(text, respell=True))
        normalized = " ".join(tokens)
        ranking = self.classifier.rank(normalized) if tokens else []
        language = self.language.guess(normalized)
        said, said_tokens, said_ranking = self._after_greeting(text, tokens, ranking)
        if (said != text and self._top(said_ranking) not in (None, *SMALL_TALK)  # "hi, i need help": its topic, not
                and any(c.isalpha() for c in said)):  # a greeting; "halo? ada yg bales gak" (the bot after it) or
            ranking = said_ranking  # "halo 3" (a number alone, read as medication) stays one
        kept = self.denial.without(said, said_tokens)  # "aku ga kepikiran bunuh diri kok, cuma kesel": the denial
        read = tuple(self.normalize.tokens(kept, respell=True)) if kept is not None else said_tokens  # is not read
        risk, judged = self.reading.read(said, said_tokens, said_ranking, about_other, in_risk_talk, (kept, read))
        intent, confidence = ranking[0] if ranking else (None, 0.0)
        if self.answers.only_answer(tokens, text):  # "idk", "ok ga usah", "not really": an answer, nothing at risk
            risk = risk if risk.level is RiskLevel.EMERGENCY else NO_RISK  # about, no topic but thanks or hi
            intent = intent if intent in ANSWER_TOPICS else None  # ("never" got self-esteem, "ya" a goodbye)
        if intent in RISK_INTENTS and not risk.any and kept and read:
            # A risk topic denied ("ga kepikiran bunuh diri kok, cuma kesel sama nilai"): the topic of the rest
            ranking = self.classifier.rank(" ".join(read))
            intent, confidence = ranking[0] if ranking else (None, 0.0)
        if (intent in RISK_INTENTS and not risk.any and (judged.score < FAINT or judged.lookalike)
                and judged.stage != "topic"):
            # A risk topic on top, but the risk model reads a plainly harmless message that is not about the topic
            # either ("ngakak sampe mati"), or a look-alike (an ordinary farewell): the next topic, else not understood.
            intent, confidence = next(((i, c) for i, c in ranking if i not in RISK_INTENTS), (None, 0.0))
        intent = intent if confidence >= self.threshold else None
        return Parse(
            text=text, tokens=tokens, language=language, intent=intent, confidence=confidence,
            ranking=ranking, risk=self.reading.friend_topic(risk, intent if said == text else self._top(said_ranking),
                                                     said_tokens, about_other),
        )

    def _top(self, ranking: Ranking) -> str | None:
        """The topic on top, when the classifier is sure enough of it."""
        return ranking[0][0] if ranking and ranking[0][1] >= self.threshold else None

    def _after_greeting(self, text: str, tokens: tuple[str, ...], ranking: Ranking) -> tuple[str, tuple[str, ...],
                                                                                          Ranking]:
        """What risk is read from: the message after its greeting ("hi, walking into the sea now": one "hi" took it
        from the emergency reply to none). The topic is still read from all of it ("halo? ada yg bales gak")."""
        after = self.opening.rest(text)
        if after == text:
            return text, tokens, ranking
        rest = tuple(self.normalize.tokens(after, respell=True))
        return after, rest, self.classifier.rank(" ".join(rest)) if rest else []

    def says_whose(self, parse: Parse) -> str | None:
        """Whose risk the message says it is (see `Whose.said`)."""
        return self.whose.said(parse.tokens)

    def with_ranking(self, parse: Parse, ranking: Ranking, *, about_other: bool = False) -> Parse:
        """Another NLU's intent ranking (Rasa's) in place of ours. Risk stays the higher of
        what the text itself shows (phrases and our model) and what that ranking shows."""
        known = [(i, float(c)) for i, c in ranking if i in self.classifier.intents]
        intent, confidence = known[0] if known else (None, 0.0)
        theirs = from_ranking(known)
        risk = parse.risk if parse.risk.level >= theirs.level else theirs
        # Not one word of the message is in Teduh's training data ("asdfgh qwerty"): whatever the
        # other model guessed, there is nothing to answer from.
        understood = confidence >= self.threshold and bool(self._known.intersection(parse.tokens))
        intent = intent if understood else None
        return replace(parse, intent=intent, confidence=confidence, ranking=known,
                       risk=self.reading.friend_topic(risk, intent, parse.tokens, about_other))

    def answer(self, parse: Parse, asks: str = "offer") -> str | None:
        """'yes' or 'no' when the message answers a yes/no question of kind `asks`, else None (see answers)."""
        return self.answers.answer(parse.text, parse.tokens, asks)

    def deflects(self, parse: Parse) -> bool:
        """A short message that brushes a question off ("just curious lol"); see answers.Answers.deflects."""
        return self.answers.deflects(parse.tokens)

    def says_stopped(self, parse: Parse) -> bool:
        """Whether the message says an act did not happen ("aku ga jadi minum kok, udah aku buang"): risk_means.yml
        `stopped`."""
        return self.means is not None and self.means.says_stopped(parse.tokens)

    def says_unsafe(self, parse: Parse) -> bool:
        """A short message that says "I'm not safe" ("ga aman"), asked or not."""
        return self.answers.says_unsafe(parse.tokens)

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


def _strings(value: object) -> Iterator[str]:
    """Every string in the maintainers' lists (lexicon, risk phrases, means file), however nested."""
    if isinstance(value, str):
        yield value
    elif is_dataclass(value) and not isinstance(value, type):
        yield from _strings([getattr(value, f.name) for f in fields(value)])
    elif isinstance(value, dict):
        yield from _strings([*value.keys(), *value.values()])
    elif isinstance(value, (list, tuple, set, frozenset)):
        for item in value:
            yield from _strings(item)
