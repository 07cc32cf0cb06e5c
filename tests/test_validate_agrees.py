"""`teduh validate` and the bot's start read the content with the same code: a clean validate is a clean start.

Each broken copy is refused by both, with the same `path:line` message; the clean copy passes both.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

Teduh = Callable[..., subprocess.CompletedProcess[str]]
ID_PO = Path("locales/id/LC_MESSAGES/teduh.po")


def validate_and_start(teduh: Teduh, content: Path) -> tuple[subprocess.CompletedProcess[str],
                                                             subprocess.CompletedProcess[str]]:
    env = {"TEDUH_CONTENT_DIR": str(content)}
    return teduh("validate", env=env), teduh("chat", stdin="halo\n", env=env)


def refused_alike(teduh: Teduh, content: Path, *expected: str) -> None:
    """`teduh validate` and `teduh chat` (the bot's start) both exit 1 and show each expected line."""
    checked, started = validate_and_start(teduh, content)
    assert checked.returncode == 1, checked.stdout + checked.stderr
    assert started.returncode == 1 and started.stdout == "", started.stdout
    for line in expected:
        assert line in checked.stdout.splitlines(), checked.stdout + checked.stderr
        assert line in started.stderr.splitlines(), started.stderr
    assert "Traceback" not in checked.stderr + started.stderr


def test_a_deleted_language_is_refused_by_validate_as_by_the_start(teduh: Teduh, content_copy: Path) -> None:
    shutil.rmtree(content_copy / "locales" / "id")
    refused_alike(teduh, content_copy, f"{ID_PO}:1: error: catalog missing: every language (id, en) needs "
                                       "locales/<lang>/LC_MESSAGES/teduh.po")


def test_a_broken_catalog_is_refused_at_its_line(teduh: Teduh, content_copy: Path) -> None:
    po = content_copy / ID_PO
    lines = po.read_text(encoding="utf-8").splitlines()
    at = lines.index('msgid "Change language"')
    lines[at:at] = ["<<<<<<< HEAD", 'msgid "Change language"', 'msgstr "Ganti bahasa"', "======="]  # a merge
    po.write_text("\n".join(lines) + "\n", encoding="utf-8")
    refused_alike(teduh, content_copy, f"{ID_PO}:{at + 1}: error: catalog cannot be read: "
                                       "Unknown or misformatted keyword: '<<<<<<< HEAD'")


def test_a_translation_that_breaks_a_placeholder_is_refused_by_validate_and_left_out_by_the_start(
        teduh: Teduh, content_copy: Path) -> None:
    """The bot would fail on /hapus when it fills in %(records)s: validate refuses the catalog at that line; the
    start serves the source text for that entry and logs it (tests/test_i18n.py follows it through /hapus)."""
    po = content_copy / ID_PO
    text = po.read_text(encoding="utf-8")
    at = text.splitlines().index('msgid "Done. I deleted %(records)s."') + 2
    po.write_text(text.replace('"Beres. Aku udah hapus %(records)s."', '"Beres. Aku udah hapus %(catatan)s."'),
                  encoding="utf-8")
    checked, started = validate_and_start(teduh, content_copy)
    assert checked.returncode == 1
    expected = f"{ID_PO}:{at}: error: msgid 'Done. I deleted %(records)s.': unknown named placeholder 'catatan'"
    assert any(line.startswith(expected) for line in checked.stdout.splitlines()), checked.stdout
    assert started.returncode == 0 and started.stdout.startswith("Hai"), started.stderr


def test_a_clean_copy_validates_and_starts(teduh: Teduh, content_copy: Path) -> None:
    checked, started = validate_and_start(teduh, content_copy)
    assert checked.returncode == 0 and "0 error(s)" in checked.stdout, checked.stdout
    assert started.returncode == 0, started.stderr
    assert started.stdout.startswith("Hai"), started.stdout


def test_a_risk_category_too_small_to_train_is_refused(teduh: Teduh, content_copy: Path) -> None:
    """The risk model's calibration needs two examples of every category; one made the start crash."""
    (content_copy / "intents" / "risk" / "dares.yml").write_text(
        "version: 1\nrisk: {level: high, kind: self_harm, who: self, stage: intent}\nexamples:\n"
        "  id: |\n    - ditantang temen buat nyakitin diri sendiri\n", encoding="utf-8")
    refused_alike(teduh, content_copy, "intents/risk/dares.yml:5: error: risk category 'dares' has 1 example; "
                                       "the risk model needs at least 2 of each risk category")


def test_risk_phrases_not_written_as_a_list_are_refused(teduh: Teduh, content_copy: Path) -> None:
    """`high: 112` crashed validate and the start alike with a traceback; text was read letter by letter."""
    phrases = content_copy / "intents" / "risk_phrases.yml"
    text = phrases.read_text(encoding="utf-8")
    line = len(text.splitlines()) + 2
    phrases.write_text(text + "dares:\n  high: 112\n  possible: ditantang\n", encoding="utf-8")
    refused_alike(teduh, content_copy, *(f"intents/risk_phrases.yml:{at}: error: dares.{level}: expected a list of "
                                         "phrases ('- ' lines)" for level, at in (("high", line), ("possible", line + 1))))
