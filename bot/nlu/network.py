"""A small neural network over TF-IDF features: the risk model's second opinion.

A linear model weighs every n-gram on its own, so a risky-looking word counts the same
wherever it stands; one hidden layer can learn words that change each other's meaning
("lock" beside "box"). The risk model averages its probabilities with the linear model's
(see risk_model). Trained with scikit-learn's MLPClassifier, kept as plain arrays (never
pickle), and run for one message with NumPy, as `predict_proba` computes it.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from bot.nlu import model_cache
from bot.nlu.classifier import expit
from bot.nlu.tfidf import Analysis, fitted_vocabularies, row, union_of, vocabulary_keys

if TYPE_CHECKING:
    from sklearn.pipeline import Pipeline

# Chosen against training time: 40,000 features, 64 hidden units and 25 passes train in about
# 30 s on 2 cores. 97,000 features and 128 units took 6 minutes; 50 passes or three networks of
# different seeds averaged did no better on tests/data/risk_dev in the whole pipeline.
CHAR_FEATURES = 20_000
WORD_FEATURES = 20_000
FEATURES = (Analysis("char_wb", (2, 5)), Analysis("word", (1, 2)))
MIN_DF = 2  # n-grams in fewer training texts are left out
HIDDEN = 64
ALPHA = 1e-4  # L2 penalty
EPOCHS = 25
BATCH = 1024
WEIGHTS = "balanced"
WEIGHT_POWER = 0.5  # class weights: "balanced" to this power (see sample_weights); both are in the cache key


def build_pipeline(examples: int, seed: int = 0) -> Pipeline:
    """An untrained pipeline for `examples` training texts (a batch is never larger), its weights drawn from `seed`.
    scikit-learn is imported here, for training: a start from the cache does without it."""
    from sklearn.neural_network import MLPClassifier
    from sklearn.pipeline import make_pipeline, make_union

    char, word = FEATURES
    features = make_union(char.vectorizer(min_df=MIN_DF, max_features=CHAR_FEATURES),
                          word.vectorizer(min_df=MIN_DF, max_features=WORD_FEATURES))
    network = MLPClassifier(hidden_layer_sizes=(HIDDEN,), alpha=ALPHA, batch_size=min(BATCH, examples),
                            max_iter=EPOCHS, random_state=seed)
    return make_pipeline(features, network)


class NetworkClassifier:
    """Class probabilities for a normalized text from a one-hidden-layer network."""

    def __init__(self, texts: Sequence[str], classes: Sequence[str], cache: Path | None = None, seed: int = 0) -> None:
        """Trains, or loads the same network from `cache` (a folder) when it was trained from the same data;
        `seed` draws its first weights and the order of its batches (see README, "Telling a change from chance")."""
        if len(set(classes)) < 2:
            raise ValueError("the network needs at least two classes with examples")
        params = repr(("network", FEATURES, MIN_DF, CHAR_FEATURES, WORD_FEATURES, HIDDEN, ALPHA, min(BATCH, len(texts)),
                       EPOCHS, WEIGHTS, WEIGHT_POWER, seed))
        name = "network-" + model_cache.key(texts, classes, params)
        needed = {"classes", "w1", "b1", "w2", "b2"} | vocabulary_keys(FEATURES)
        arrays = model_cache.load_or_train(cache, name, needed,
                                           lambda: _train(build_pipeline(len(texts), seed), texts, classes))
        self.intents: tuple[str, ...] = tuple(str(c) for c in arrays["classes"])
        self._features = union_of(FEATURES, arrays)
        self._w1, self._b1, self._w2, self._b2 = arrays["w1"], arrays["b1"], arrays["w2"], arrays["b2"]

    def proba(self, normalized: str) -> np.ndarray:
        """Probabilities per class (in `intents` order), as scikit-learn's predict_proba."""
        columns, values = row(self._features, normalized)
        hidden = np.maximum(values @ self._w1[columns] + self._b1, 0.0)  # only the rows of words present
        scores = hidden @ self._w2 + self._b2
        if len(scores) == 1:  # two classes: one logistic output, for the second
            p = float(expit(scores[0]))
            return np.array([1.0 - p, p])
        odds = np.exp(scores - scores.max())  # softmax
        return odds / odds.sum()


def sample_weights(classes: Sequence[str]) -> np.ndarray:
    """Small classes weigh more.

    Measured before round 5 with POSSIBLE 0.29 (false alarms on the topic test
    tests/data/nlu_test_en / hard false alarms on risk_dev): unweighted, 0.051 / 0.096, the large
    risk classes drowning the small topic ones ("burned out" read as risk); fully balanced,
    0.032 / 0.114; the square root of the balanced weights, 0.042 / 0.102.
    """
    from sklearn.utils.class_weight import compute_sample_weight

    return np.asarray(compute_sample_weight(WEIGHTS, list(classes))) ** WEIGHT_POWER


def _train(pipeline: Pipeline, texts: Sequence[str], classes: Sequence[str]) -> model_cache.Arrays:
    """Fit, then keep only the arrays prediction needs."""
    from sklearn.exceptions import ConvergenceWarning

    with warnings.catch_warnings():  # EPOCHS is a chosen limit, not a failure to converge
        warnings.simplefilter("ignore", ConvergenceWarning)
        pipeline.fit(list(texts), list(classes), mlpclassifier__sample_weight=sample_weights(classes))
    union, network = pipeline.steps[0][1], pipeline.steps[1][1]
    (w1, w2), (b1, b2) = network.coefs_, network.intercepts_
    arrays: model_cache.Arrays = {
        "classes": np.array([str(c) for c in network.classes_]),
        "w1": w1.astype(np.float32), "b1": b1, "w2": w2, "b2": b2,  # float32: the one large array, half the memory
    }
    return arrays | fitted_vocabularies(union)
