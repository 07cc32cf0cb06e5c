"""Interface text from gettext catalogs in `locales/`, one translator per request.

The .po files are compiled in memory with babel when the bot starts, so the
installed package needs no build step; a missing or broken catalog fails fast.
"""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po
from babel.support import Translations

from bot.content import LANGS

DOMAIN = "teduh"
DEFAULT_LANG = "en"


class CatalogError(Exception):
    """A catalog under locales/ is missing or cannot be read."""


def negotiate(code: str | None) -> str:
    """A client language code ('id-ID', 'id', 'en-US', None) to a supported language."""
    if not code:
        return DEFAULT_LANG
    try:
        language = Locale.parse(code.replace("_", "-"), sep="-").language
    except (ValueError, UnknownLocaleError):
        return DEFAULT_LANG
    return language if language in LANGS else DEFAULT_LANG


def _compile(path: Path, lang: str) -> Translations:
    try:
        with path.open("rb") as fh:
            catalog = read_po(fh, locale=lang, domain=DOMAIN, abort_invalid=True)
    except (OSError, PoFileError, ValueError) as exc:
        raise CatalogError(f"{path}: cannot load catalog: {exc}") from exc
    buffer = BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(buffer, domain=DOMAIN)


class Catalogs:
    """All interface catalogs, loaded once; `for_lang` gives the translator for one reply."""

    def __init__(self, locales_dir: Path) -> None:
        self._translations = {
            lang: _compile(locales_dir / lang / "LC_MESSAGES" / f"{DOMAIN}.po", lang) for lang in LANGS
        }

    def for_lang(self, lang: str) -> Translations:
        return self._translations.get(lang, self._translations[DEFAULT_LANG])
