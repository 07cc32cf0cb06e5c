"""Interface text from gettext catalogs in `locales/`, one translator per request.

The .po files are compiled in memory with babel when the bot starts, so the
installed package needs no build step. A missing or unreadable catalog, or a translation
whose placeholders differ from its msgid's, is an error at its `path:line`, found by
`teduh validate` and the start alike.
"""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po
from babel.support import Translations

from bot.library.content import LANGS
from bot.library.problems import Collector

DOMAIN = "teduh"
DEFAULT_LANG = "en"


class CatalogError(Exception):
    """A catalog under locales/ is missing or broken; the message lists each problem."""


def negotiate(code: str | None) -> str:
    """A client language code ('id-ID', 'id', 'en-US', None) to a supported language."""
    if not code:
        return DEFAULT_LANG
    try:
        language = Locale.parse(code.replace("_", "-"), sep="-").language
    except (ValueError, UnknownLocaleError):
        return DEFAULT_LANG
    return language if language in LANGS else DEFAULT_LANG


def _compile(path: Path, lang: str, out: Collector) -> Translations | None:
    """One language's catalog, compiled; None with its problems (`path:line`) in `out`."""
    if not path.is_file():
        out.error(path, 1, f"catalog missing: every language ({', '.join(LANGS)}) needs "
                           f"locales/<lang>/LC_MESSAGES/{DOMAIN}.po")
        return None
    try:
        with path.open("rb") as fh:
            catalog = read_po(fh, locale=lang, domain=DOMAIN, abort_invalid=True)
    except PoFileError as exc:
        line = exc.lineno + 1 if isinstance(exc.lineno, int) else 1  # babel counts from 0
        reason = str(exc).removesuffix(f" on {exc.lineno}")
        out.error(path, line, f"catalog cannot be read: {reason}: {exc.line.strip()[:80]!r}")
        return None
    except (OSError, ValueError) as exc:  # unreadable, not UTF-8, an unknown locale
        out.error(path, 1, f"catalog cannot be read: {exc}")
        return None
    broken = False
    for message, errors in catalog.check():  # placeholders the code fills in, plural forms
        msgid = message.id[0] if isinstance(message.id, (list, tuple)) else message.id
        for error in errors:
            out.error(path, message.lineno or 1, f"msgid {msgid[:80]!r}: {error}")
            broken = True
    if broken:
        return None
    buffer = BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(buffer, domain=DOMAIN)


def _compile_all(locales_dir: Path, out: Collector) -> dict[str, Translations]:
    found = {lang: _compile(locales_dir / lang / "LC_MESSAGES" / f"{DOMAIN}.po", lang, out) for lang in LANGS}
    return {lang: t for lang, t in found.items() if t is not None}


class Catalogs:
    """All interface catalogs, loaded once; `for_lang` gives the translator for one reply."""

    def __init__(self, locales_dir: Path) -> None:
        """Compile every language's catalog; CatalogError names each problem as `path:line`."""
        out = Collector(locales_dir.parent)
        self._translations = _compile_all(locales_dir, out)
        if out.errors:
            raise CatalogError("\n".join(str(p) for p in out.errors))

    @classmethod
    def read(cls, locales_dir: Path, out: Collector) -> Catalogs | None:
        """The catalogs, or None with every problem in `out`: how validate and the bot's start read them."""
        translations = _compile_all(locales_dir, out)
        if len(translations) < len(LANGS):
            return None
        catalogs = cls.__new__(cls)
        catalogs._translations = translations
        return catalogs

    def for_lang(self, lang: str) -> Translations:
        return self._translations.get(lang, self._translations[DEFAULT_LANG])
