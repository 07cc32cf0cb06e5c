"""TF-IDF features of one text, computed as scikit-learn's fitted TfidfVectorizer does, without
its per-call input checks (which cost more than the maths for a single message)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from functools import lru_cache

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

# The topic classifier, the risk model and the whose-risk model cut a message into the same
# n-grams: the cut is made once per analyzer settings and message, and shared.
_ANALYZERS: dict[str, Callable[[str], tuple[str, ...]]] = {}
ANALYSIS_PARAMS = ("analyzer", "ngram_range", "token_pattern", "lowercase", "strip_accents", "preprocessor",
                   "tokenizer", "stop_words")


def _shared_analyzer(vectorizer: TfidfVectorizer) -> Callable[[str], tuple[str, ...]]:
    params = vectorizer.get_params()
    key = repr([params[name] for name in ANALYSIS_PARAMS])
    if key not in _ANALYZERS:
        analyze = vectorizer.build_analyzer()
        _ANALYZERS[key] = lru_cache(maxsize=16)(lambda text: tuple(analyze(text)))
    return _ANALYZERS[key]


class OneText:
    """`features(text)` -> (column indices, values) of the vectorizer's L2-normalised row for `text`."""

    def __init__(self, vectorizer: TfidfVectorizer, offset: int = 0) -> None:
        assert vectorizer.norm == "l2" and vectorizer.use_idf, "only what Teduh's vectorizers use"
        self._analyze = _shared_analyzer(vectorizer)
        self._vocabulary: dict[str, int] = vectorizer.vocabulary_
        self._idf = np.asarray(vectorizer.idf_, dtype=np.float64)
        self._sublinear = bool(vectorizer.sublinear_tf)
        self.offset, self.width = offset, len(self._vocabulary)  # this vectorizer's columns in a union

    def features(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        vocabulary = self._vocabulary
        counts = Counter(i for term in self._analyze(text) if (i := vocabulary.get(term)) is not None)
        if not counts:
            return np.empty(0, dtype=np.intp), np.empty(0)
        columns = np.fromiter(counts.keys(), dtype=np.intp, count=len(counts))
        values = np.fromiter(counts.values(), dtype=np.float64, count=len(counts))
        if self._sublinear:
            values = np.log(values) + 1.0
        values *= self._idf[columns]
        values /= np.sqrt(values @ values)
        return columns + self.offset, values
