"""One call from raw text to what Teduh understood: `Nlu.parse`."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

import sklearn

from bot import policy
from bot.nlu.classifier import IntentClassifier, Ranking
from bot.nlu.data import NluData
from bot.nlu.language import LanguageGuesser
from bot.nlu.normalize import Normalizer, raw_tokens
from bot.nlu.risk import Risk, RiskDetector, RiskLevel, from_ranking

SELF_LABEL_WINDOW = 3  # a label within this many words after "aku"/"i" reads as a self-label
SWITCH_MAX_WORDS = 5  # longer messages mentioning "english" are about something else
ANSWER_MAX_WORDS = 6  # longer messages are not short answers to a yes/no question


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

    def __init__(self, data: NluData, threshold: float) -> None:
        vocabulary = {t for ex in data.examples for t in raw_tokens(ex.text)}
        self.normalize = Normalizer(data.lexicon.slang, vocabulary)
        texts = [self.normalize(ex.text) for ex in data.examples]
        self._known = frozenset(t for text in texts for t in text.split())
        self.classifier = IntentClassifier(texts, [ex.intent for ex in data.examples])
        self.language = LanguageGuesser(texts, [ex.lang for ex in data.examples])
        self.risk = RiskDetector(data.risk_phrases, self.normalize.tokens, self._known)
        self.threshold = threshold
        lex = data.lexicon
        self._yes = {w for word in lex.yes for w in self.normalize.tokens(word)}
        self._no = {w for word in lex.no for w in self.normalize.tokens(word)}
        self._safe = [tuple(self.normalize.tokens(word)) for word in lex.safe]
        self._unsure = [self.normalize(phrase) for phrase in lex.unsure]
        self._switch = {lang: [self.normalize(p) for p in phrases] for lang, phrases in lex.language_switch.items()}
        self._first_person = {w for word in lex.first_person for w in self.normalize.tokens(word)}
        self._labels = [tuple(self.normalize.tokens(label)) for label in lex.self_labels]

    def parse(self, text: str) -> Parse:
        tokens = tuple(self.normalize.tokens(text))
        normalized = " ".join(tokens)
        with sklearn.config_context(assume_finite=True, skip_parameter_validation=True):  # our input: one str
            ranking = self.classifier.rank(normalized) if tokens else []
            language = self.language.guess(normalized)
        intent, confidence = ranking[0] if ranking else (None, 0.0)
        risk = self.risk.assess(tokens, ranking)
        if risk.phrase is None and risk.level is RiskLevel.HIGH and not self._known.intersection(tokens):
            # Not one word the model was trained on: its risk guess rests on letter patterns
            # alone, so ask directly instead of sending the crisis reply.
            risk = Risk(RiskLevel.POSSIBLE, risk.intent)
        return Parse(
            text=text, tokens=tokens, language=language,
            intent=intent if confidence >= self.threshold else None, confidence=confidence,
            ranking=ranking, risk=risk,
        )

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
        "I don't know" counts as the kind says (policy.ASKS).
        """
        tokens = parse.tokens
        if not tokens or len(tokens) > ANSWER_MAX_WORDS:
            return None
        padded = f" {parse.normalized} "
        if any(f" {phrase} " in padded for phrase in self._unsure if phrase):
            return policy.ASKS[asks].unsure
        if asks == policy.SAFETY and (safe := self._safety(tokens)) is not None:
            return safe
        said = set(tokens)
        yes, no = bool(said & self._yes), bool(said & self._no)
        return "yes" if yes and not no else "no" if no and not yes else None

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


def load_nlu(intents_dir: Path, threshold: float) -> Nlu:
    """Convenience for tools: read `intents_dir` and train, raising ContentError on problems."""
    from bot.nlu.data import read_nlu_data
    from bot.problems import Collector, ContentError

    out = Collector(intents_dir.parent)
    data = read_nlu_data(intents_dir, out)
    if out.errors:
        raise ContentError(out.errors)
    return Nlu(data, threshold)
