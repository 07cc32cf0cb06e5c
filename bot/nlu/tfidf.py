"""TF-IDF features of one text, computed as scikit-learn's fitted TfidfVectorizer does, without
its per-call input checks (which cost more than the maths for a single message), and without
importing scikit-learn: a start from the model cache needs only NumPy (tests/test_nlu_fast.py
checks that the n-grams and the probabilities are scikit-learn's)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import repeat
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import FeatureUnion

TOKEN = re.compile(r"\S+")  # a word: what lies between spaces (the normalizer has split off punctuation)


@dataclass(frozen=True)
class Analysis:
    """How one of Teduh's TfidfVectorizers cuts a text into n-grams: lowercased, then character n-grams
    inside words padded with a space ("char_wb") or word n-grams ("word"); counts log-scaled or not."""

    analyzer: str  # "char_wb" | "word"
    ngram_range: tuple[int, int]
    sublinear_tf: bool = True

    def vectorizer(self, **fitting: Any) -> TfidfVectorizer:
        """scikit-learn's vectorizer with these settings, for training (`fitting`: min_df, max_features)."""
        from sklearn.feature_extraction.text import TfidfVectorizer

        words = {"token_pattern": TOKEN.pattern} if self.analyzer == "word" else {}
        return TfidfVectorizer(analyzer=self.analyzer, ngram_range=self.ngram_range, sublinear_tf=self.sublinear_tf,
                               **words, **fitting)

    def analyze(self, text: str) -> list[str]:
        """The n-grams of `text`, as the vectorizer's build_analyzer() gives them (order aside)."""
        low, high = self.ngram_range
        if self.analyzer == "char_wb":
            return _char_wb(text.lower(), low, high)
        assert self.analyzer == "word", self.analyzer
        return _words(TOKEN.findall(text.lower()), low, high)


def _char_wb(text: str, low: int, high: int) -> list[str]:
    grams: list[str] = []
    for word in text.split():
        padded = f" {word} "
        for n in range(low, high + 1):
            if len(padded) <= n:  # a padded word no longer than n counts once, whole; no longer n-grams follow
                grams.append(padded)
                break
            grams.extend(padded[i:i + n] for i in range(len(padded) - n + 1))
    return grams


def _words(tokens: list[str], low: int, high: int) -> list[str]:
    grams = list(tokens) if low == 1 else []
    for n in range(max(low, 2), high + 1):
        grams.extend(" ".join(tokens[i:i + n]) for i in range(len(tokens) - n + 1))
    return grams


class _Terms:
    """Every n-gram that some model with these analyzer settings knows, each with one id.

    The topic classifier, the risk model and the whose-risk model cut a message into the same
    n-grams: the message is cut and its n-grams looked up and counted once, for all of them.
    """

    def __init__(self, analyze: Callable[[str], list[str]]) -> None:
        self._analyze = analyze
        self.ids: dict[str, int] = {}
        self._counted = lru_cache(maxsize=16)(self._count)

    def add(self, terms: Sequence[str]) -> np.ndarray:
        """The shared ids of a vocabulary's terms (given in column order)."""
        ids = self.ids
        missing = [term for term in terms if term not in ids] if ids else terms
        ids.update(zip(missing, range(len(ids), len(ids) + len(missing)), strict=True))
        return np.fromiter(map(ids.__getitem__, terms), dtype=np.intp, count=len(terms))

    def counts(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """(shared ids, counts) of the known n-grams in `text`."""
        return self._counted(text, len(self.ids))  # a term added since (a reload) makes a new entry

    def _count(self, text: str, _known: int) -> tuple[np.ndarray, np.ndarray]:
        counts = Counter(self._analyze(text))  # each n-gram once, then looked up: all of it runs in C
        found = np.fromiter(map(self.ids.get, counts.keys(), repeat(-1)), dtype=np.intp, count=len(counts))
        known = found >= 0
        return found[known], np.fromiter(counts.values(), dtype=np.float64, count=len(counts))[known]


_TERMS: dict[tuple[str, tuple[int, int]], _Terms] = {}


def _terms_for(analysis: Analysis) -> _Terms:
    key = (analysis.analyzer, analysis.ngram_range)
    if key not in _TERMS:
        _TERMS[key] = _Terms(analysis.analyze)
    return _TERMS[key]


class OneText:
    """`features(text)` -> (column indices, values) of a fitted vectorizer's L2-normalised row for `text`.

    `analysis` gives the analyzer settings; `terms` (in column order) and `idf` are what fitting learnt
    (with scikit-learn's defaults of Teduh's vectorizers: idf weights, rows scaled to length 1).
    """

    def __init__(self, analysis: Analysis, terms: Sequence[str], idf: np.ndarray, offset: int = 0) -> None:
        self._terms = _terms_for(analysis)
        shared = self._terms.add(terms)
        # shared id -> this vectorizer's column, -1 for terms only other models know
        self._column = np.full(len(self._terms.ids), -1, dtype=np.int32)
        self._column[shared] = np.arange(len(shared))
        self._idf = np.asarray(idf, dtype=np.float64)
        self._sublinear = analysis.sublinear_tf
        self.offset, self.width = offset, len(terms)  # this vectorizer's columns in a union

    def features(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        ids, counts = self._terms.counts(text)
        if len(self._column) < len(self._terms.ids):  # terms of a model built since: not this one's
            self._column = np.concatenate([self._column, np.full(len(self._terms.ids) - len(self._column), -1,
                                                                  dtype=self._column.dtype)])
        columns = self._column[ids]
        mine = columns >= 0
        columns = columns[mine]
        if not len(columns):
            return np.empty(0, dtype=np.intp), np.empty(0)
        values = (np.log(counts[mine]) + 1.0) if self._sublinear else counts[mine]
        values *= self._idf[columns]
        values /= np.sqrt(values @ values)
        return (columns + self.offset) if self.offset else columns, values


def fitted_vocabularies(union: FeatureUnion) -> dict[str, np.ndarray]:
    """What a fitted union of vectorizers learnt, as plain arrays: `terms<n>` (in column order) and `idf<n>`."""
    arrays: dict[str, np.ndarray] = {}
    for n, (_, vectorizer) in enumerate(union.transformer_list):
        terms = sorted(vectorizer.vocabulary_, key=vectorizer.vocabulary_.__getitem__)
        assert not any("\0" in term for term in terms)  # normalized text never holds NUL
        arrays[f"terms{n}"] = np.frombuffer("\0".join(terms).encode("utf-8"), dtype=np.uint8)  # compact
        arrays[f"idf{n}"] = vectorizer.idf_
    return arrays


def vocabulary_keys(analyses: Sequence[Analysis]) -> set[str]:
    return {f"{k}{n}" for n in range(len(analyses)) for k in ("terms", "idf")}


def union_of(analyses: Sequence[Analysis], arrays: Mapping[str, np.ndarray]) -> list[OneText]:
    """The one-text features of a union of vectorizers with these settings, from what `fitted_vocabularies` kept."""
    features: list[OneText] = []
    for n, analysis in enumerate(analyses):
        offset = features[-1].offset + features[-1].width if features else 0
        terms = arrays[f"terms{n}"].tobytes().decode("utf-8").split("\0")
        features.append(OneText(analysis, terms, arrays[f"idf{n}"], offset))
    return features


def row(features: Sequence[OneText], text: str) -> tuple[np.ndarray, np.ndarray]:
    """(columns, values) of `text` in the union: what its transform gives, as a sparse row."""
    parts = [f.features(text) for f in features]
    return np.concatenate([c for c, _ in parts]), np.concatenate([v for _, v in parts])
