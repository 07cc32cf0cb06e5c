"""The training texts normalized once, and kept in the model cache beside the models.

Normalizing every example (about 13,000) was the largest part of a start with the models
cached. The result depends only on the raw texts, the slang lexicon and the normalizer's
code, so it is stored under a key made of all three and read back as plain arrays.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import NamedTuple

import numpy as np

from bot.nlu import model_cache, normalize
from bot.nlu.normalize import Normalizer, raw_tokens

SEP = "\0"  # never in cleaned text (a control character becomes a space)
COMMON_MIN = 3  # training texts a word is in, at least, for a misspelt word to be read as it (normalize._respell)


def _pack(strings: Sequence[str]) -> np.ndarray:
    return np.frombuffer(SEP.join(strings).encode("utf-8"), dtype=np.uint8)


def _unpack(array: np.ndarray) -> list[str]:
    return array.tobytes().decode("utf-8").split(SEP) if array.size else []


class Prepared(NamedTuple):
    normalize: Normalizer  # knows the words of the texts
    normalized: dict[str, str]  # each text's normalized form
    words: frozenset[str]  # every word of the normalized forms (kept too: collecting them cost ~0.1 s a start)


def prepare(texts: Sequence[str], slang: Mapping[str, str], cache: Path | None = None,
            others: Sequence[str] = ()) -> Prepared:
    """A normalizer that knows the words of `texts`, each text's normalized form, and their words; `others` are
    normalized too, but their words are not learned (the look-alike check's: the risk model's normalizer stays as
    it was)."""
    learned = sorted(set(texts))
    unique = learned + sorted(set(others) - set(learned))
    code = Path(normalize.__file__).read_bytes().decode("utf-8")
    name = "normalized-" + model_cache.key(unique, sorted(f"{k}\t{v}" for k, v in slang.items()),
                                           f"{code}\x00{len(learned)}")
    arrays = model_cache.load(cache, name) if cache else None
    if arrays is not None and {"vocabulary", "normalized", "words"} <= set(arrays):
        vocabulary, forms = _unpack(arrays["vocabulary"]), _unpack(arrays["normalized"])
        if len(forms) == len(unique) and "common" in arrays:
            normalizer = Normalizer(slang, vocabulary, _unpack(arrays["common"]))
            return Prepared(normalizer, dict(zip(unique, forms, strict=True)), frozenset(_unpack(arrays["words"])))
    counts = Counter(t for text in learned for t in set(raw_tokens(text)))
    vocabulary = sorted(counts)
    common = sorted(w for w, n in counts.items() if n >= COMMON_MIN)
    normalizer = Normalizer(slang, vocabulary, common)
    forms = [normalizer(text) for text in unique]
    words = sorted({t for form in forms[:len(learned)] for t in form.split()})
    if cache:
        model_cache.save(cache, name, {"vocabulary": _pack(vocabulary), "normalized": _pack(forms),
                                       "words": _pack(words), "common": _pack(common)})
    return Prepared(normalizer, dict(zip(unique, forms, strict=True)), frozenset(words))
