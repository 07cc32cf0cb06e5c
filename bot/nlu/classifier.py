"""Intent classifier trained at start from `intents/<lang>/*.yml` with scikit-learn.

Features: TF-IDF over character n-grams (robust to typos and slang) and word
uni/bigrams. Model: a linear SVM whose scores are calibrated into probabilities
by cross-validation, so the confidence threshold means the same across intents.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from bot.nlu import model_cache
from bot.nlu.tfidf import Analysis, fitted_vocabularies, row, union_of, vocabulary_keys

if TYPE_CHECKING:
    from sklearn.pipeline import Pipeline

Ranking = list[tuple[str, float]]

FEATURES = (Analysis("char_wb", (2, 5)), Analysis("word", (1, 2)))
C = 0.5  # the SVM's strength
CALIBRATION = "sigmoid"


def _folds(min_class_size: int, max_folds: int) -> int:
    return max(2, min(max_folds, min_class_size))


def build_pipeline(min_class_size: int, min_df: int = 1, max_folds: int = 5) -> Pipeline:
    """An untrained pipeline; calibration folds (at most `max_folds`) shrink when a class has few examples.
    scikit-learn is imported here, for training: a start from the cache does without it."""
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.pipeline import make_pipeline, make_union
    from sklearn.svm import LinearSVC

    features = make_union(*(analysis.vectorizer(min_df=min_df) for analysis in FEATURES))
    svm = LinearSVC(C=C, class_weight="balanced", random_state=0)
    return make_pipeline(features, CalibratedClassifierCV(svm, method=CALIBRATION,
                                                          cv=_folds(min_class_size, max_folds), ensemble=False))


def expit(x: np.ndarray) -> np.ndarray:
    """The logistic function (scipy's expit), without overflow: 1 / (1 + e^-x) = (1 + tanh(x / 2)) / 2."""
    return 0.5 * (1.0 + np.tanh(0.5 * x))


class IntentClassifier:
    """Predicts an intent ranking with calibrated confidences for a normalized text."""

    def __init__(self, texts: Sequence[str], intents: Sequence[str], cache: Path | None = None,
                 min_df: int = 1, max_folds: int = 5) -> None:
        """Trains, or loads the same model from `cache` (a folder) when it was trained from the same data;
        `min_df`: n-grams in fewer training texts are left out; `max_folds`: calibration folds, at most."""
        counts = Counter(intents)
        if len(counts) < 2:
            raise ValueError("the classifier needs at least two intents with examples")
        smallest = min(counts.values())
        params = repr(("linear", FEATURES, min_df, C, "balanced", CALIBRATION, _folds(smallest, max_folds)))
        name = "intents-" + model_cache.key(texts, intents, params)
        needed = {"intents", "coef", "intercept", "a", "b"} | vocabulary_keys(FEATURES)
        arrays = model_cache.load_or_train(
            cache, name, needed, lambda: _train(build_pipeline(smallest, min_df, max_folds), texts, intents))
        self.intents: tuple[str, ...] = tuple(str(i) for i in arrays["intents"])
        # For one message at a time, scikit-learn's input checks cost more than the maths.
        # The same computation as predict_proba, on the fitted parts (tests/test_nlu_fast.py):
        self._features = union_of(FEATURES, arrays)
        self._coef = arrays["coef"]  # (features, intents): a message's features are whole rows, read at once
        self._intercept, self._a, self._b = arrays["intercept"], arrays["a"], arrays["b"]

    def proba(self, normalized: str) -> np.ndarray:
        """Calibrated probabilities per intent (in `intents` order), as scikit-learn's predict_proba."""
        columns, values = row(self._features, normalized)
        scores = values @ self._coef[columns] + self._intercept
        probs = expit(-(self._a * scores + self._b))
        if len(probs) == 1:  # two classes: one decision function, for the second
            return np.array([1.0 - probs[0], probs[0]])
        total = probs.sum()
        return probs / total if total else np.full_like(probs, 1 / len(probs))

    def rank(self, normalized: str) -> Ranking:
        """All intents, most likely first."""
        probs = self.proba(normalized)
        order = probs.argsort()[::-1]
        return [(str(self.intents[i]), float(probs[i])) for i in order]


def _train(pipeline: Pipeline, texts: Sequence[str], intents: Sequence[str]) -> model_cache.Arrays:
    """Fit, then keep only the arrays prediction needs."""
    pipeline.fit(list(texts), list(intents))
    union, calibrated = pipeline.steps[0][1], pipeline.steps[1][1]
    (fitted,) = calibrated.calibrated_classifiers_  # ensemble=False: one classifier on all data
    arrays: model_cache.Arrays = {
        "intents": np.array([str(c) for c in pipeline.classes_]),
        # float32 halves the largest array (the risk model's is 140,000 x 50); probabilities move by < 1e-6.
        # Stored by feature: gathering a message's few hundred rows is 3x faster than as many columns.
        "coef": np.ascontiguousarray(fitted.estimator.coef_.T, dtype=np.float32),
        "intercept": fitted.estimator.intercept_,
        "a": np.array([c.a_ for c in fitted.calibrators]), "b": np.array([c.b_ for c in fitted.calibrators]),
    }
    return arrays | fitted_vocabularies(union)
