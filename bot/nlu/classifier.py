"""Intent classifier trained at start from `intents/<lang>/*.yml` with scikit-learn.

Features: TF-IDF over character n-grams (robust to typos and slang) and word
uni/bigrams. Model: a linear SVM whose scores are calibrated into probabilities
by cross-validation, so the confidence threshold means the same across intents.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import numpy as np
from scipy import sparse
from scipy.special import expit
from sklearn.calibration import CalibratedClassifierCV
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.pipeline import Pipeline, make_pipeline, make_union
from sklearn.svm import LinearSVC

Ranking = list[tuple[str, float]]


def build_pipeline(min_class_size: int) -> Pipeline:
    """An untrained pipeline; calibration folds shrink when a class has few examples."""
    folds = max(2, min(5, min_class_size))
    features = make_union(
        TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=1),
        TfidfVectorizer(analyzer="word", ngram_range=(1, 2), sublinear_tf=True, token_pattern=r"\S+"),
    )
    svm = LinearSVC(C=0.5, class_weight="balanced", random_state=0)
    return make_pipeline(features, CalibratedClassifierCV(svm, method="sigmoid", cv=folds, ensemble=False))


class IntentClassifier:
    """Predicts an intent ranking with calibrated confidences for a normalized text."""

    def __init__(self, texts: Sequence[str], intents: Sequence[str]) -> None:
        counts = Counter(intents)
        if len(counts) < 2:
            raise ValueError("the classifier needs at least two intents with examples")
        self._model = build_pipeline(min(counts.values()))
        self._model.fit(list(texts), list(intents))
        self.intents: tuple[str, ...] = tuple(self._model.classes_)

        # For one message at a time, scikit-learn's input checks cost more than the maths.
        # The same computation as predict_proba, on the fitted parts (tests/test_nlu_fast.py):
        union, calibrated = self._model.steps[0][1], self._model.steps[1][1]
        (fitted,) = calibrated.calibrated_classifiers_  # ensemble=False: one classifier on all data
        self._vectorizers = [v for _, v in union.transformer_list]
        self._coef = fitted.estimator.coef_  # (intents, features): read by column, never copied
        self._intercept = fitted.estimator.intercept_
        self._a = np.array([c.a_ for c in fitted.calibrators])
        self._b = np.array([c.b_ for c in fitted.calibrators])

    def proba(self, normalized: str) -> np.ndarray:
        """Calibrated probabilities per intent (in `intents` order), as scikit-learn's predict_proba."""
        features = sparse.hstack([v.transform([normalized]) for v in self._vectorizers]).tocsr()
        scores = self._coef[:, features.indices] @ features.data + self._intercept
        probs = expit(-(self._a * scores + self._b))
        total = probs.sum()
        return probs / total if total else np.full_like(probs, 1 / len(probs))

    def rank(self, normalized: str) -> Ranking:
        """All intents, most likely first."""
        probs = self.proba(normalized)
        order = probs.argsort()[::-1]
        return [(str(self.intents[i]), float(probs[i])) for i in order]
