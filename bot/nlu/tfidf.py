"""TF-IDF features of one text, computed as scikit-learn's fitted TfidfVectorizer does, without
its per-call input checks (which cost more than the maths for a single message)."""

from __future__ import annotations

from collections import Counter

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer


class OneText:
    """`features(text)` -> (column indices, values) of the vectorizer's L2-normalised row for `text`."""

    def __init__(self, vectorizer: TfidfVectorizer, offset: int = 0) -> None:
        assert vectorizer.norm == "l2" and vectorizer.use_idf, "only what Teduh's vectorizers use"
        self._analyze = vectorizer.build_analyzer()
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
