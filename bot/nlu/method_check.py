"""The method check: does a message that names a means ask about using it on oneself?

A question about a method, or how deadly, painful or quick it is, is the C-SSRS method stage, and
teens hide it ("hypothetically", "for a story", "asking for a friend"); the risk model, which has
to weigh every kind of message, read most such questions as harmless, and word patterns catch only
the wordings someone wrote down. This small model learns the one distinction from its own corpus,
`intents/risk_methods/` (method questions, and harmless questions in the same words: a pet, pests,
a fever dose, a lesson, the news), with the risk corpus's harmless messages that name a means as more
harmless examples; the pipeline asks it only about messages that name a means (`method_words` in
`intents/risk_means.yml`). It can raise a reading, never lower one. Its own files are apart from the
risk model's corpus, so editing them does not retrain that model.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from bot.nlu.classifier import IntentClassifier
from bot.nlu.risk_data import RiskExample

METHOD = "method"
# P(method) that makes a message naming a means a method question. The rule (2026-12-05): the lowest value, in
# steps of 0.05 from 0.5, that adds no false alarm on any risk test set (tests/data/risk_*) or topic test, with
# risk_reading.ORDINARY_TOPIC. 0.9: risk_dev3 +2 caught, the other eight sets +2 caught and no false alarm; 0.85 added
# 3 false alarms (risk_dev2, risk_fresh), 0.5 eleven.
ASKS_AT = 0.9


class MethodCheck:
    def __init__(self, corpus: Sequence[RiskExample], normalize: Callable[[str], str], cache: Path | None = None,
                 normalized: Mapping[str, str] | None = None) -> None:
        """`corpus`: method questions (a risky label) and harmless messages in the same words (level none);
        `normalized`: forms already computed."""
        known = normalized or {}
        texts = [known[ex.text] if ex.text in known else normalize(ex.text) for ex in corpus]
        labels = [METHOD if ex.label.level != "none" else "harmless" for ex in corpus]
        self._model = IntentClassifier(texts, labels, cache)
        self._column = self._model.intents.index(METHOD)

    def probability(self, normalized: str) -> float:
        """How likely the message asks about a method for the writer's own use."""
        return float(self._model.proba(normalized)[self._column])

    def asks(self, normalized: str) -> bool:
        return self.probability(normalized) >= ASKS_AT
