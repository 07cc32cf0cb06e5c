"""Per-message language guess (id/en), learned from the training examples themselves."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from bot.nlu import model_cache
from bot.nlu.tfidf import Analysis, OneText

if TYPE_CHECKING:
    from sklearn.feature_extraction.text import TfidfVectorizer

FEATURES = Analysis("char_wb", (1, 3))
ALPHA = 0.1  # naive Bayes smoothing
MIN_CONFIDENCE = 0.75  # below this the message is too short or too mixed to tell


class LanguageGuesser:
    """Character n-gram naive Bayes over normalized text; `None` when unsure."""

    def __init__(self, texts: Sequence[str], langs: Sequence[str], cache: Path | None = None) -> None:
        """Trains, or loads the fitted arrays from `cache` when trained from the same texts."""
        name = "language-" + model_cache.key(texts, langs, repr(("naive bayes", FEATURES, ALPHA)))
        needed = ("classes", "terms", "idf", "log_prob", "log_prior")
        arrays = model_cache.load_or_train(cache, name, needed, lambda: _train(FEATURES.vectorizer(), texts, langs))
        self._classes: list[str] = [str(c) for c in arrays["classes"]]
        terms = arrays["terms"].tobytes().decode("utf-8").split("\0")
        self._features = OneText(FEATURES, terms, arrays["idf"])  # predict_proba's maths, no per-call checks
        self._log_prob = arrays["log_prob"]
        self._log_prior = arrays["log_prior"]

    def proba(self, normalized: str) -> np.ndarray:
        """Per-language probabilities, as the pipeline's predict_proba."""
        columns, values = self._features.features(normalized)
        joint = values @ self._log_prob[columns] + self._log_prior
        odds = np.exp(joint - joint.max())  # softmax: scipy's logsumexp costs more than the maths here
        return odds / odds.sum()

    def guess(self, normalized: str) -> str | None:
        if sum(c.isalpha() for c in normalized) < 2:
            return None
        probs = self.proba(normalized)
        best = int(probs.argmax())
        return self._classes[best] if probs[best] >= MIN_CONFIDENCE else None


def _train(vectorizer: TfidfVectorizer, texts: Sequence[str], langs: Sequence[str]) -> model_cache.Arrays:
    from sklearn.naive_bayes import MultinomialNB
    from sklearn.pipeline import make_pipeline

    model = make_pipeline(vectorizer, MultinomialNB(alpha=ALPHA))
    model.fit(list(texts), list(langs))
    vectorizer, bayes = model.steps[0][1], model.steps[1][1]
    terms = sorted(vectorizer.vocabulary_, key=vectorizer.vocabulary_.__getitem__)
    return {"classes": np.array([str(c) for c in model.classes_]),
            "terms": np.frombuffer("\0".join(terms).encode("utf-8"), dtype=np.uint8),
            "idf": vectorizer.idf_, "log_prob": bayes.feature_log_prob_.T.copy(),
            "log_prior": bayes.class_log_prior_}
