"""TF-IDF features of one text, computed as scikit-learn's fitted TfidfVectorizer does, without
its per-call input checks (which cost more than the maths for a single message)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from functools import lru_cache
from itertools import repeat

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.pipeline import FeatureUnion

ANALYSIS_PARAMS = ("analyzer", "ngram_range", "token_pattern", "lowercase", "strip_accents", "preprocessor",
                   "tokenizer", "stop_words")


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


_TERMS: dict[str, _Terms] = {}


def _terms_for(vectorizer: TfidfVectorizer) -> _Terms:
    params = vectorizer.get_params()
    key = repr([params[name] for name in ANALYSIS_PARAMS])
    if key not in _TERMS:
        _TERMS[key] = _Terms(vectorizer.build_analyzer())
    return _TERMS[key]


class OneText:
    """`features(text)` -> (column indices, values) of a fitted vectorizer's L2-normalised row for `text`.

    `template` gives the analyzer settings; `terms` (in column order) and `idf` are what fitting learnt.
    """

    def __init__(self, template: TfidfVectorizer, terms: Sequence[str], idf: np.ndarray, offset: int = 0) -> None:
        assert template.norm == "l2" and template.use_idf, "only what Teduh's vectorizers use"
        self._terms = _terms_for(template)
        shared = self._terms.add(terms)
        # shared id -> this vectorizer's column, -1 for terms only other models know
        self._column = np.full(len(self._terms.ids), -1, dtype=np.int32)
        self._column[shared] = np.arange(len(shared))
        self._idf = np.asarray(idf, dtype=np.float64)
        self._sublinear = bool(template.sublinear_tf)
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


def vocabulary_keys(union: FeatureUnion) -> set[str]:
    return {f"{k}{n}" for n in range(len(union.transformer_list)) for k in ("terms", "idf")}


def union_of(union: FeatureUnion, arrays: Mapping[str, np.ndarray]) -> list[OneText]:
    """The one-text features of a union (the templates) from what `fitted_vocabularies` kept."""
    features: list[OneText] = []
    for n, (_, template) in enumerate(union.transformer_list):
        offset = features[-1].offset + features[-1].width if features else 0
        terms = arrays[f"terms{n}"].tobytes().decode("utf-8").split("\0")
        features.append(OneText(template, terms, arrays[f"idf{n}"], offset))
    return features


def row(features: Sequence[OneText], text: str) -> tuple[np.ndarray, np.ndarray]:
    """(columns, values) of `text` in the union: what its transform gives, as a sparse row."""
    parts = [f.features(text) for f in features]
    return np.concatenate([c for c, _ in parts]), np.concatenate([v for _, v in parts])
