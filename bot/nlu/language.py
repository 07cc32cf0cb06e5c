"""Per-message language guess (id/en), learned from the training examples themselves."""

from __future__ import annotations

from collections.abc import Sequence

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.naive_bayes import MultinomialNB
from sklearn.pipeline import make_pipeline

MIN_CONFIDENCE = 0.75  # below this the message is too short or too mixed to tell


class LanguageGuesser:
    """Character n-gram naive Bayes over normalized text; `None` when unsure."""

    def __init__(self, texts: Sequence[str], langs: Sequence[str]) -> None:
        self._model = make_pipeline(
            TfidfVectorizer(analyzer="char_wb", ngram_range=(1, 3), sublinear_tf=True),
            MultinomialNB(alpha=0.1),
        )
        self._model.fit(list(texts), list(langs))
        self._classes: list[str] = list(self._model.classes_)

    def guess(self, normalized: str) -> str | None:
        if sum(c.isalpha() for c in normalized) < 2:
            return None
        probs = self._model.predict_proba([normalized])[0]
        best = int(probs.argmax())
        return self._classes[best] if probs[best] >= MIN_CONFIDENCE else None
