"""Interface catalogs: negotiation, completeness, the plural header, and the fallback for a broken translation."""

from __future__ import annotations

import difflib
import re
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

import bot
from bot.core.dialogue import Dialogue
from bot.library.catalogs import CatalogError, Catalogs, negotiate


@pytest.mark.parametrize(("code", "expected"), [
    ("id-ID", "id"), ("id", "id"), ("in", "id"),  # "in": the old code for Indonesian
    ("en-US", "en"), ("jv", "en"), ("", "en"), (None, "en"),
    ("not a locale!", "en"),
])
def test_negotiate(code: str | None, expected: str) -> None:
    assert negotiate(code) == expected


def _catalog(content_dir: Path, lang: str):
    with (content_dir / "locales" / lang / "LC_MESSAGES" / "teduh.po").open("rb") as fh:
        return read_po(fh, locale=lang)


def test_every_interface_string_is_translated(content_dir: Path) -> None:
    used = {msg[2] for msg in extract_from_dir(Path(bot.__file__).parent)}
    assert used, "the code uses the catalogs"
    catalog = _catalog(content_dir, "id")
    missing = sorted(m for m in used if not (catalog.get(m) and catalog.get(m).string))
    assert missing == []


@pytest.mark.parametrize("lang", ["id", "en"])
def test_no_entry_is_fuzzy(content_dir: Path, lang: str) -> None:
    """Fuzzy entries are left out when the catalog compiles: the user would see English."""
    assert [m.id for m in _catalog(content_dir, lang) if m.id and m.fuzzy] == []


def test_indonesian_has_one_plural_form(content_dir: Path) -> None:
    assert _catalog(content_dir, "id").plural_forms == "nplurals=1; plural=0;"


def test_translator_per_language(content_dir: Path) -> None:
    catalogs = Catalogs(content_dir / "locales")
    assert catalogs.for_lang("id").gettext("Which language should I use?") == "Kamu mau aku pakai bahasa apa?"
    assert catalogs.for_lang("en").gettext("Which language should I use?") == "Which language should I use?"


def test_a_missing_catalog_fails_fast(tmp_path: Path) -> None:
    with pytest.raises(CatalogError, match="teduh.po"):
        Catalogs(tmp_path)


def test_a_broken_translation_falls_back_to_the_source_text_in_hapus(
        teduh, dialogue: Dialogue, content_copy: Path, tmp_path: Path) -> None:
    """The Indonesian catalog's /hapus confirmation has a typo'd %(record)s: the bot still starts, deletes,
    confirms in the source text and logs which entry it left out, without the user's words. (`dialogue`: the
    session's trained models are in the cache the terminal loads them from.)"""
    po = content_copy / "locales" / "id" / "LC_MESSAGES" / "teduh.po"
    good = 'msgstr "Beres. Aku udah hapus pengaturanmu dan %(records)s."'
    text = po.read_text(encoding="utf-8")
    assert good in text
    po.write_text(text.replace(good, good.replace("%(records)s", "%(record)s")), encoding="utf-8")
    line = text[:text.index(good)].count("\n") + 1
    db = tmp_path / "fallback.db"
    result = teduh("chat", "--lang", "id", stdin="halo rahasiaku\n/hapus\n1\n",
                   env={"TEDUH_CONTENT_DIR": str(content_copy), "TEDUH_DB": str(db)})
    assert result.returncode == 0, result.stderr
    confirmation = result.stdout.strip().splitlines()[-1]
    assert re.match(r"Done\. I deleted your saved settings and \d+ catatan anonim dari obrolanmu\. Sekarang Teduh",
                    confirmation), result.stdout
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT COUNT(*) FROM users").fetchone() == (0,)
        assert conn.execute("SELECT COUNT(*) FROM events").fetchone() == (0,)
    logged = [s for s in result.stderr.splitlines() if "translation left out" in s]
    assert len(logged) == 1 and f"teduh.po:{line}: msgid 'Done. I deleted your saved settings" in logged[0]
    assert "rahasiaku" not in result.stderr


def test_the_pybabel_round_trip_changes_nothing(content_dir: Path, tmp_path: Path) -> None:
    """The README's pybabel commands on the committed catalogs rewrite nothing but the template's date, so an
    edited string shows up as a few changed lines, not a re-wrapped file."""
    pybabel = Path(sys.executable).parent / "pybabel"
    shutil.copytree(Path(bot.__file__).parent, tmp_path / "bot", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(content_dir / "locales", tmp_path / "locales")
    for command in (["extract", "-o", "locales/teduh.pot", "--no-location", "--sort-output", "bot"],
                    ["update", "-i", "locales/teduh.pot", "-d", "locales", "-D", "teduh"]):
        done = subprocess.run([str(pybabel), "-q", *command], cwd=tmp_path, capture_output=True, text=True, check=False)
        assert done.returncode == 0, done.stderr
    for name in ("teduh.pot", "id/LC_MESSAGES/teduh.po", "en/LC_MESSAGES/teduh.po"):
        before, after = ((folder / name).read_text(encoding="utf-8").splitlines()
                         for folder in (content_dir / "locales", tmp_path / "locales"))
        changed = [line for line in difflib.unified_diff(before, after, lineterm="", n=0)
                   if line[:1] in "+-" and not line.startswith(("+++", "---", '+"POT-Creation-Date', '-"POT-Creation'))]
        assert changed == [], f"run the README's pybabel commands and commit {name}:\n" + "\n".join(changed)
