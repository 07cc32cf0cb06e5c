"""The one-message fast paths compute exactly what scikit-learn's predict_proba computes."""

from __future__ import annotations

import numpy as np
from conftest import DATA

from bot.dialogue import Dialogue
from bot.evaluate import read_test_file


def test_fast_probabilities_equal_scikit_learns(dialogue: Dialogue) -> None:
    nlu = dialogue.nlu
    texts = [nlu.normalize(e.text) for name in ("nlu_test_id.yml", "nlu_test_en.yml")
             for e in read_test_file(DATA / name)]
    texts += ["", "zzzz qqqq", "bundir"]
    intents = nlu.classifier._model.predict_proba(texts)
    languages = nlu.language._model.predict_proba(texts)
    for n, text in enumerate(texts):
        np.testing.assert_allclose(nlu.classifier.proba(text), intents[n], rtol=1e-9, atol=1e-12)
        np.testing.assert_allclose(nlu.language.proba(text), languages[n], rtol=1e-9, atol=1e-12)
