"""Interface catalogs: negotiation, completeness and the plural header."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

import bot
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
