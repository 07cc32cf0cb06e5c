"""The safe-messaging lint catches suggested diagnoses, says how to rephrase, and leaves safe wording alone."""

from __future__ import annotations

import shutil
from pathlib import Path
from types import MappingProxyType

import pytest
from conftest import FIXTURES, TODAY

from bot.library import lint
from bot.library.content import Library, Response, Review, Where
from bot.library.load import read_library
from bot.library.problems import Collector
from bot.library.validate import validate

BAD = FIXTURES / "bad" / "lint"

# fixture, expected line, expected text: one per rule added for suggested diagnoses
CASES = [
    ("guess_first_id.yml", 3, ("error: extra.guess_first_id: text.id: safe messaging: 'kayaknya kamu depresi' — "
                              "a guessed diagnosis")),
    ("you_have_id.yml", 3, ("error: extra.you_have_id: text.id: safe messaging: 'kamu kena anxiety' — "
                           "says or guesses that the reader has a condition")),
    ("name_it_id.yml", 3, ("error: extra.name_it_id: text.id: safe messaging: 'kedengarannya kayak gejala depresi' — "
                          "puts a condition name on what the reader described")),
    ("you_have_en.yml", 3, ("error: extra.you_have_en: text.en: safe messaging: 'you may have an anxiety disorder' — "
                           "says or guesses that the reader has a condition")),
    ("you_sound_en.yml", 3, ("error: extra.you_sound_en: text.en: safe messaging: 'You sound depressed' — "
                            "a guessed diagnosis")),
    ("you_are_en.yml", 3, ("error: extra.you_are_en: text.en: safe messaging: 'you might be bipolar' — "
                          "says or guesses that the reader is ill")),
    ("name_it_en.yml", 3, ("error: extra.name_it_en: text.en: safe messaging: 'sounds like depression' — "
                          "puts a condition name on what the reader described")),
    ("unknown_word_list.yml", 6, "error: rule #1: unknown word list {conditions} (lists under 'words:': {feelings})"),
    ("bad_word_list.yml", 4, "error: words.conditions: expected a list of non-empty words"),
]

SUGGESTED = [  # (language, text) that must be reported: issue 15's examples first
    ("id", "kayaknya kamu depresi"), ("id", "kamu kena anxiety"), ("id", "kamu punya depresi"),
    ("en", "you might have depression"), ("en", "you may have an anxiety disorder"), ("en", "you sound depressed"),
    ("id", "Kamu kayaknya depresi deh."), ("id", "sepertinya kamu lagi mengalami gangguan kecemasan"),
    ("id", "jangan-jangan kamu punya ADHD"), ("id", "mungkin kamu punya gejala depresi"), ("id", "lo kena OCD"),
    ("id", "kayaknya itu depresi"), ("en", "You sound like you're depressed."), ("en", "you’re depressed"),
    ("en", "it seems like you probably have ADHD"), ("en", "you could be suffering from an eating disorder"),
    ("en", "you seem to be depressed"), ("en", "you're showing signs of depression"),
    ("en", "that sounds like depression"),
]

SAFE = [  # wording a careful answer uses, which must pass
    ("id", "Kamu nggak harus punya diagnosis dulu buat cari bantuan."),
    ("id", "Kamu nggak harus punya depresi dulu buat ngobrol sama psikolog."),
    ("id", "Self-diagnosis dari tes online bisa menyesatkan; diagnosis itu tugas psikolog atau psikiater."),
    ("id", "Kuis online nggak bisa mendiagnosis depresi."),
    ("id", "Mungkin kamu juga ngerasa cemas atau sedih, dan itu wajar."),
    ("id", "Mungkin kamu tahu depresi bisa dialami siapa aja."),
    ("id", "Kalau kamu atau orang yang kamu kenal mengalami kekerasan, bantuan ini ada."),
    ("id", "Orang dengan depresi bisa pulih dengan bantuan yang tepat."),
    ("en", "You don't have to have a diagnosis to ask for help."),
    ("en", "Self-diagnosis from online quizzes can mislead you."),
    ("en", "You might shake, feel dizzy or feel like you're losing control."),
    ("en", "You might have heard that depression means weak faith."),
    ("en", "It sounds like things are really heavy for you right now."),
    ("en", "You sound really tired, and you may feel anxious too."),
    ("en", "People with depression can and do recover."),
]


@pytest.fixture(scope="module")
def library(content_dir: Path) -> Library:
    out = Collector(content_dir)
    lib = read_library(content_dir / "responses", out)
    assert out.problems == []
    return lib


def _found(library: Library, lang: str, text: str) -> list[str]:
    other = "en" if lang == "id" else "id"
    response = Response(id="probe", intent=None, title=MappingProxyType({"id": "t", "en": "t"}),
                        text=MappingProxyType({lang: text, other: "Makasih."}), buttons=(),
                        answers=MappingProxyType({}), asks=None, sources=("s",), review=Review("draft", None, None),
                        where=Where(Path("probe.yml"), 1))
    out = Collector(Path("."))
    lint.check(library, response, out)
    return [p.message for p in out.problems]


def test_every_lint_fixture_has_a_case() -> None:
    assert sorted(p.name for p in BAD.glob("*.yml")) == sorted(c[0] for c in CASES)


@pytest.mark.parametrize(("fixture", "line", "expected"), CASES, ids=[c[0] for c in CASES])
def test_rule(content_copy: Path, fixture: str, line: int, expected: str) -> None:
    shutil.copy(BAD / fixture, content_copy / "responses" / fixture)
    shown = [str(p) for p in validate(content_copy, TODAY)[0]]
    assert any(s.startswith(f"responses/{fixture}:{line}: {expected}") for s in shown), "\n".join(shown)


@pytest.mark.parametrize(("lang", "text"), SUGGESTED, ids=[t for _, t in SUGGESTED])
def test_a_suggested_diagnosis_is_reported_with_a_rephrasing(library: Library, lang: str, text: str) -> None:
    found = _found(library, lang, text)
    assert len(found) == 1, found  # once, even where two rules see it
    assert f"text.{lang}: safe messaging:" in found[0] and "never diagnoses" in found[0]
    assert "; instead: " in found[0] and "safe_messaging.yml:" in found[0]


@pytest.mark.parametrize(("lang", "text"), SAFE, ids=[t for _, t in SAFE])
def test_safe_wording_passes(library: Library, lang: str, text: str) -> None:
    assert _found(library, lang, text) == []


def test_a_flat_statement_keeps_its_own_rule(library: Library) -> None:
    """The older rules still report what they did, with their own reason, and only once."""
    assert [m.split(" — ")[0] for m in _found(library, "en", "you have depression")] == [
        "probe: text.en: safe messaging: 'you have depression'"]
