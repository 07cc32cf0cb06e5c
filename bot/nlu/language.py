"""Per-message language guess (id/en), learned from the training examples themselves."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy.special import logsumexp
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.naive_bayes import MultinomialNB
from sklearn.pipeline import make_pipeline

from bot.nlu.tfidf import OneText

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
        vectorizer, bayes = self._model.steps[0][1], self._model.steps[1][1]
        self._features = OneText(vectorizer)  # predict_proba's maths without its per-call input checks:
        self._log_prob = bayes.feature_log_prob_.T.copy()
        self._log_prior = bayes.class_log_prior_

    def proba(self, normalized: str) -> np.ndarray:
        """Per-language probabilities, as the pipeline's predict_proba."""
        columns, values = self._features.features(normalized)
        joint = values @ self._log_prob[columns] + self._log_prior
        return np.exp(joint - logsumexp(joint))

    def guess(self, normalized: str) -> str | None:
        if sum(c.isalpha() for c in normalized) < 2:
            return None
        probs = self.proba(normalized)
        best = int(probs.argmax())
        return self._classes[best] if probs[best] >= MIN_CONFIDENCE else None
