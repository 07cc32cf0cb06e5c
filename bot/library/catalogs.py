"""Interface text from gettext catalogs in `locales/`, one translator per request.

The .po files are compiled in memory with babel when the bot starts, so the installed
package needs no build step. A missing or unreadable catalog stops the start, as an
error at its `path:line`. An entry the checks reject (`catalog_checks.py`: a placeholder
the code does not fill, a bare `%`, fuzzy, untranslated) is left out of the compiled
catalog instead: the bot shows the source text for it and logs that it did, and
`teduh validate` reports it as an error.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from io import BytesIO
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po
from babel.support import Translations

from bot.library.catalog_checks import SOURCE_LANG, entry_problems, missing_from
from bot.library.content import LANGS
from bot.library.problems import Collector, Problem, Severity

DOMAIN = "teduh"
DEFAULT_LANG = "en"
TEMPLATE = f"{DOMAIN}.pot"
UPDATE = f"pybabel update -i locales/{TEMPLATE} -d locales -D {DOMAIN}"

log = logging.getLogger(__name__)


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


class Translator(Translations):
    """Compiled translations of one language; a msgid whose entry was left out is served in the
    source text and logged once (interface text only: users' words never reach this class)."""

    def __init__(self, mo: BytesIO, left_out: Mapping[str, Problem]) -> None:
        super().__init__(mo, domain=DOMAIN)
        self._left_out = dict(left_out)
        self._logged: set[str] = set()

    def _note(self, msgid: str) -> None:
        if msgid in self._left_out and msgid not in self._logged:
            self._logged.add(msgid)
            p = self._left_out[msgid]
            log.warning("showing the source text instead of a translation left out: %s:%d: %s", p.path, p.line,
                        p.message)

    def gettext(self, message: str) -> str:
        self._note(message)
        return super().gettext(message)

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        self._note(msgid1)
        return super().ngettext(msgid1, msgid2, n)


def _read(path: Path, lang: str, out: Collector) -> tuple[Catalog, str] | None:
    """One .po file parsed, with its text; None with the problem (`path:line`) in `out`."""
    if not path.is_file():
        out.error(path, 1, f"catalog missing: every language ({', '.join(LANGS)}) needs "
                           f"locales/<lang>/LC_MESSAGES/{DOMAIN}.po")
        return None
    try:
        text = path.read_bytes().decode("utf-8")
        catalog = read_po(BytesIO(text.encode("utf-8")), locale=lang, domain=DOMAIN, abort_invalid=True)
    except PoFileError as exc:
        line = exc.lineno + 1 if isinstance(exc.lineno, int) else 1  # babel counts from 0
        reason = str(exc).removesuffix(f" on {exc.lineno}")
        out.error(path, line, f"catalog cannot be read: {reason}: {exc.line.strip()[:80]!r}")
        return None
    except (OSError, ValueError) as exc:  # unreadable, not UTF-8, an unknown locale
        out.error(path, 1, f"catalog cannot be read: {exc}")
        return None
    return catalog, text


def _template(locales_dir: Path) -> Catalog | None:
    try:
        with (locales_dir / TEMPLATE).open("rb") as fh:
            return read_po(fh)
    except (OSError, ValueError, PoFileError):
        return None  # the template is a maintainer's tool: the bot does not need it


def _compile(path: Path, lang: str, template: Catalog | None, out: Collector,
             left_out: Collector) -> Translator | None:
    """One language's catalog compiled without its rejected entries (each recorded in `left_out`)."""
    found = _read(path, lang, out)
    if found is None:
        return None
    catalog, text = found
    problems: dict[str, Problem] = {}
    if template is not None and lang != SOURCE_LANG:
        for msgid in missing_from(catalog, template):
            left_out.error(path, 1, f"msgid {msgid[:60]!r} (in locales/{TEMPLATE}) is not in this catalog, so the "
                                    f"bot shows the English text: run `{UPDATE}`, then translate it")
            problems[msgid] = left_out.problems[-1]
    for entry in list(entry_problems(catalog, lang, text)):
        left_out.error(path, entry.line, entry.message)
        problems[entry.msgid] = left_out.problems[-1]
        del catalog[entry.msgid]
    buffer = BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translator(buffer, problems)


def read_catalogs(locales_dir: Path, out: Collector) -> tuple[Catalogs | None, list[Problem]]:
    """The catalogs (None when one cannot be read: its problem is an error in `out`) and the
    entries left out of them: how validate and the bot's start read them."""
    left_out = Collector(out.base)
    template = _template(locales_dir)
    found = {lang: _compile(locales_dir / lang / "LC_MESSAGES" / f"{DOMAIN}.po", lang, template, out, left_out)
             for lang in LANGS}
    translations = {lang: t for lang, t in found.items() if t is not None}
    catalogs = Catalogs.__new__(Catalogs)
    catalogs._translations = translations
    return (catalogs if len(translations) == len(LANGS) else None), left_out.problems


class Catalogs:
    """All interface catalogs, loaded once; `for_lang` gives the translator for one reply."""

    _translations: dict[str, Translator]

    def __init__(self, locales_dir: Path) -> None:
        """Compile every language's catalog; CatalogError names each problem that stops the start."""
        out = Collector(locales_dir.parent)
        catalogs, _ = read_catalogs(locales_dir, out)
        if catalogs is None:
            raise CatalogError("\n".join(str(p) for p in out.problems if p.severity is Severity.ERROR))
        self._translations = catalogs._translations

    def for_lang(self, lang: str) -> Translations:
        return self._translations.get(lang, self._translations[DEFAULT_LANG])
