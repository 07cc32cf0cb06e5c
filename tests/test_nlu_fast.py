"""The one-message fast paths (the linear models and the network) compute what scikit-learn's
predict_proba computes, and a model loaded from the cache is the model that was trained."""

from __future__ import annotations

import os
import subprocess
import sys
import warnings
from collections import Counter
from pathlib import Path

import numpy as np
from conftest import DATA
from sklearn.exceptions import ConvergenceWarning
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.naive_bayes import MultinomialNB
from sklearn.pipeline import make_pipeline

from bot.config import Settings
from bot.core.dialogue import Dialogue
from bot.library.problems import Collector
from bot.nlu import classifier, language, network
from bot.nlu.classifier import IntentClassifier, build_pipeline
from bot.nlu.data import read_nlu_data
from bot.nlu.evaluate import read_test_file
from bot.nlu.network import NetworkClassifier, sample_weights
from bot.nlu.network import build_pipeline as network_pipeline
from bot.nlu.prepared import prepare
from bot.nlu.tfidf import Analysis


def test_fast_probabilities_equal_scikit_learns_and_the_cache_keeps_them(dialogue: Dialogue, content_dir: Path,
                                                                        tmp_path: Path) -> None:
    nlu = dialogue.nlu
    data = read_nlu_data(content_dir / "intents", Collector(content_dir))
    train = [nlu.normalize(e.text) for e in data.examples]
    intents = [e.intent for e in data.examples]
    texts = [nlu.normalize(e.text) for name in ("nlu_test_id.yml", "nlu_test_en.yml")
             for e in read_test_file(DATA / name)]
    texts += ["", "zzzz qqqq", "bundir"]

    reference = build_pipeline(20).fit(train, intents).predict_proba(texts)
    trained = IntentClassifier(train, intents, cache=tmp_path)
    (stored,) = tmp_path.glob("*.npz")
    loaded = IntentClassifier(train, intents, cache=tmp_path)  # same data: read back, not trained
    assert loaded.intents == trained.intents and stored.stat().st_mode & 0o077 == 0
    langs = [e.lang for e in data.examples]
    languages = make_pipeline(TfidfVectorizer(analyzer="char_wb", ngram_range=(1, 3), sublinear_tf=True),
                              MultinomialNB(alpha=0.1)).fit(train, langs).predict_proba(texts)
    assert nlu.language._classes == sorted(set(langs))
    for n, text in enumerate(texts):
        # the weights are kept as float32 (half the memory): equal to scikit-learn's to 6 digits
        np.testing.assert_allclose(trained.proba(text), reference[n], rtol=1e-5, atol=1e-7)
        np.testing.assert_array_equal(loaded.proba(text), trained.proba(text))
        np.testing.assert_allclose(nlu.language.proba(text), languages[n], rtol=1e-9, atol=1e-12)

    other = IntentClassifier(train[:-1], intents[:-1], cache=tmp_path)  # other data: trained and stored apart
    assert len(list(tmp_path.glob("*.npz"))) == 2 and other.intents == trained.intents


def test_a_broken_cache_file_is_trained_again(tmp_path: Path) -> None:
    texts, intents = ["halo kak", "hai", "aku susah tidur", "ga bisa tidur"], ["greet", "greet", "sleep", "sleep"]
    trained = IntentClassifier(texts, intents, cache=tmp_path)
    (stored,) = tmp_path.glob("*.npz")
    stored.write_bytes(stored.read_bytes()[:100])  # cut short, as by a full disk
    again = IntentClassifier(texts, intents, cache=tmp_path)
    np.testing.assert_array_equal(again.proba("susah tidur"), trained.proba("susah tidur"))
    assert len(stored.read_bytes()) > 100  # and stored whole again


def test_normalized_training_texts_are_cached_and_keyed_by_the_slang(dialogue: Dialogue, content_dir: Path,
                                                                     tmp_path: Path) -> None:
    data = read_nlu_data(content_dir / "intents", Collector(content_dir))
    texts = [e.text for e in data.examples] + [e.text for e in data.risk_corpus]  # as the Nlu prepares them
    first, normalized, words = prepare(texts, data.lexicon.slang, tmp_path)
    (stored,) = tmp_path.glob("normalized-*.npz")
    again, from_cache, cached_words = prepare(texts, data.lexicon.slang, tmp_path)
    assert from_cache == normalized and all(normalized[t] == dialogue.nlu.normalize(t) for t in texts)
    assert cached_words == words == {w for form in normalized.values() for w in form.split()}
    assert again("gw pgn bundir") == first("gw pgn bundir") == "aku ingin bunuh diri"
    _, other, _ = prepare(texts, {**data.lexicon.slang, "pgn": "pengen"}, tmp_path)  # new slang: normalized again
    assert len(list(tmp_path.glob("normalized-*.npz"))) == 2 and other != normalized


def test_two_class_probabilities_equal_scikit_learns(tmp_path: Path) -> None:
    texts = ["temenku mau bundir", "sahabat aku nyilet", "my friend wants to die", "my sister cuts herself",
             "aku mau bundir", "aku nyilet lagi", "i want to die", "i cut myself again"] * 3
    whose = (["other"] * 4 + ["self"] * 4) * 3
    reference = build_pipeline(12).fit(texts, whose)  # 12 per class: as IntentClassifier chooses
    fast = IntentClassifier(texts, whose, cache=tmp_path)
    for text in ["temenku bilang mau mati", "aku pengen mati", "my friend", "zzz"]:
        np.testing.assert_allclose(fast.proba(text), reference.predict_proba([text])[0], rtol=1e-5, atol=1e-7)


def test_the_networks_probabilities_equal_scikit_learns_and_the_cache_keeps_them(dialogue: Dialogue,
                                                                                  content_dir: Path,
                                                                                  tmp_path: Path) -> None:
    nlu = dialogue.nlu
    data = read_nlu_data(content_dir / "intents", Collector(content_dir))
    train = [nlu.normalize(e.text) for e in data.examples]
    intents = [e.intent for e in data.examples]
    texts = [nlu.normalize(e.text) for e in read_test_file(DATA / "nlu_test_id.yml")][:40]
    texts += ["", "zzzz qqqq", "bundir", "my friend took 20 pills"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        fitted = network_pipeline(len(train)).fit(train, intents, mlpclassifier__sample_weight=sample_weights(intents))
    reference = fitted.predict_proba(texts)  # random_state is fixed: the same fit as NetworkClassifier's
    trained = NetworkClassifier(train, intents, cache=tmp_path)
    loaded = NetworkClassifier(train, intents, cache=tmp_path)  # read back, not trained
    assert len(list(tmp_path.glob("network-*.npz"))) == 1
    for n, text in enumerate(texts):
        # the first layer is kept as float32: equal to scikit-learn's to 4 digits
        np.testing.assert_allclose(trained.proba(text), reference[n], rtol=1e-4, atol=1e-6)
        np.testing.assert_array_equal(loaded.proba(text), trained.proba(text))
    assert trained.intents == tuple(sorted(set(intents)))

    few = ["aku mau bundir", "i want to die", "halo kak", "hi there"] * 3
    labels = ["risk", "risk", "greet", "greet"] * 3
    two = NetworkClassifier(few, labels)  # two classes: one logistic output, for the second
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        fitted = network_pipeline(len(few)).fit(few, labels, mlpclassifier__sample_weight=sample_weights(labels))
    for text in ["bundir", "halo", "zzz"]:
        np.testing.assert_allclose(two.proba(text), fitted.predict_proba([text])[0], rtol=1e-4, atol=1e-6)


def test_a_network_of_another_seed_is_another_network_and_the_cache_keeps_each(dialogue: Dialogue,
                                                                               content_dir: Path,
                                                                               tmp_path: Path) -> None:
    nlu = dialogue.nlu
    data = read_nlu_data(content_dir / "intents", Collector(content_dir))
    some = data.examples[::4]
    train, intents = [nlu.normalize(e.text) for e in some], [e.intent for e in some]
    texts = [nlu.normalize(e.text) for e in read_test_file(DATA / "nlu_test_en.yml")][:30]
    first = NetworkClassifier(train, intents, cache=tmp_path)
    second = NetworkClassifier(train, intents, cache=tmp_path, seed=1)
    assert len(list(tmp_path.glob("network-*.npz"))) == 2  # kept apart: seed 1 never loads seed 0's network
    assert any(not np.allclose(first.proba(t), second.proba(t), atol=1e-3) for t in texts)
    again = NetworkClassifier(train, intents, cache=tmp_path, seed=1)
    for text in texts:
        np.testing.assert_array_equal(again.proba(text), second.proba(text))


def test_processes_starting_together_train_a_model_once(tmp_path: Path) -> None:
    # Two processes (the bot and `teduh eval`, two test workers) find no model in the shared cache at once:
    # one trains while the other waits, then loads what the first stored.
    code = """
import sys, time
from pathlib import Path
import numpy as np
from bot.nlu import model_cache
folder, log = Path(sys.argv[1]), Path(sys.argv[2])
def train():
    with log.open("a") as out:
        out.write("trained\\n")
    time.sleep(1.0)
    return {"weights": np.arange(3.0)}
arrays = model_cache.load_or_train(folder, "intents-shared", {"weights"}, train)
print(arrays["weights"].sum(), model_cache.trainings)
"""
    log = tmp_path / "log.txt"
    cmd = [sys.executable, "-c", code, str(tmp_path / "cache"), str(log)]
    started = [subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True) for _ in range(2)]
    outputs = sorted(p.communicate(timeout=60)[0].split() for p in started)
    assert log.read_text() == "trained\n"
    assert outputs == [["3.0", "0"], ["3.0", "1"]]  # both have the model; one trained it


def test_the_n_grams_are_scikit_learns(dialogue: Dialogue) -> None:
    # the bot cuts a message into n-grams itself (a start from the cache imports no scikit-learn); the same
    # n-grams as scikit-learn's analyzers, on every held-out message and on odd input
    texts = [dialogue.nlu.normalize(e.text) for name in ("nlu_test_id.yml", "nlu_test_en.yml")
             for e in read_test_file(DATA / name)]
    texts += ["", " ", "a", "ab", "abc", "Ab  Cd\tEF\n gh", "ümlaut çedille", "x" * 40, "a b c d e", "1 2 3"]
    settings = {*classifier.FEATURES, *network.FEATURES, language.FEATURES, Analysis("word", (1, 1)),
                Analysis("word", (2, 3)), Analysis("char_wb", (3, 3))}
    for analysis in settings:
        reference = analysis.vectorizer().build_analyzer()
        for text in texts:
            assert Counter(analysis.analyze(text)) == Counter(reference(text)), (analysis, text)


def test_a_start_from_the_cache_imports_no_scikit_learn(dialogue: Dialogue, settings: Settings) -> None:
    # scikit-learn (and SciPy under it) take most of the libraries' import time; they are needed to train only
    code = """
import os, sys
from bot.config import Settings
from bot.core.dialogue import Text, UserState
from bot.engine import build_dialogue
import bot.channels.run, bot.cli
reply, _ = build_dialogue(Settings.from_env(dict(os.environ))).handle(Text("aku mau bundir"), UserState())
print(reply.risk.label, sorted(m for m in ("sklearn", "scipy") if m in sys.modules))
"""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TEDUH_", "TELEGRAM_"))}
    env["TEDUH_CONTENT_DIR"] = str(settings.content_dir)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120,
                          check=False)
    assert done.stdout.split() == ["high", "[]"], done.stdout + done.stderr
