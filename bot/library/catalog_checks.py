"""Checks of one gettext catalog's entries: what would crash a reply or show a user the English text.

Babel's own checks (`Catalog.check()`: placeholders against the msgid, plural forms) come
first; a trial fill with values of the msgid's types then catches what they let through
(a bare `%` in "100%"). Fuzzy and untranslated entries are served in the source language.
Each problem names the line to edit (the `msgstr`, or the `#, fuzzy` line) and the fix.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from babel.messages.catalog import PYTHON_FORMAT, Catalog, Message

SOURCE_LANG = "en"  # msgids are English: an empty English msgstr shows the msgid, as intended
_SAMPLES = {"d": 1, "i": 1, "u": 1, "o": 1, "x": 1, "X": 1, "c": 65, "e": 1.0, "E": 1.0, "f": 1.0, "F": 1.0,
            "g": 1.0, "G": 1.0}  # any other conversion (s, r, a) takes text


@dataclass(frozen=True)
class EntryProblem:
    msgid: str
    line: int  # 1-based line in the .po file
    message: str


def _ids(message: Message) -> tuple[str, ...]:
    return tuple(message.id) if isinstance(message.id, (list, tuple)) else (message.id,)


def _strings(message: Message) -> tuple[str, ...]:
    return tuple(message.string) if isinstance(message.string, (list, tuple)) else (message.string or "",)


def _line_of(lines: list[str], start: int, prefix: str, step: int) -> int:
    """The first line from `start` (1-based) in direction `step` that starts with `prefix`, else `start`."""
    n = start - 1
    while 0 <= n < len(lines) and lines[n].strip():
        if lines[n].startswith(prefix):
            return n + 1
        n += step
    return start


def _sample_values(msgid: str) -> dict[str, object] | tuple[object, ...]:
    """Values of the right types for the msgid's placeholders, as the code would pass them."""
    found = [(name, conv) for name, _, conv in PYTHON_FORMAT.findall(msgid) if conv != "%"]
    if any(name for name, _ in found):
        return {name: _SAMPLES.get(conv, "text") for name, conv in found if name}
    return tuple(_SAMPLES.get(conv, "text") for _, conv in found)


def _fill_error(msgid: str, msgstr: str) -> str | None:
    """Why filling in `msgstr` the way the code fills `msgid` fails, else None."""
    try:
        msgstr % _sample_values(msgid)
    except (KeyError, ValueError, TypeError) as exc:
        return str(exc) if not isinstance(exc, KeyError) else f"unknown placeholder %({exc.args[0]})s"
    return None


def _show(msgid: str) -> str:
    return repr(msgid if len(msgid) <= 60 else msgid[:57] + "...")


def entry_problems(catalog: Catalog, lang: str, text: str) -> Iterator[EntryProblem]:
    """Every entry of `catalog` (read from `text`) that the bot would not show as written."""
    lines = text.splitlines()
    babel_errors = {_ids(m)[0]: [str(e) for e in errs] for m, errs in catalog.check()}
    for message in catalog:
        msgid = _ids(message)[0]
        if not msgid or message.lineno is None:
            continue  # the header
        msgstr_line = _line_of(lines, message.lineno, "msgstr", 1)
        shown = _show(msgid)
        if message.fuzzy:
            yield EntryProblem(msgid, _line_of(lines, message.lineno, "#,", -1),
                               f"msgid {shown} is marked '#, fuzzy', so the bot shows the English text: check the "
                               "translation, then delete 'fuzzy' from that line")
            continue
        strings = _strings(message)
        if not all(strings):
            if lang != SOURCE_LANG:
                yield EntryProblem(msgid, msgstr_line, f"msgid {shown} has no translation, so the bot shows the "
                                                       "English text: write it in msgstr")
            continue
        if msgid in babel_errors:
            yield EntryProblem(msgid, msgstr_line, f"msgid {shown}: {'; '.join(babel_errors[msgid])}: keep every "
                                                   "%(name)s exactly as in the msgid (the bot shows the English "
                                                   "text until then)")
            continue
        if message.python_format:
            sources = _ids(message)
            for k, msgstr in enumerate(strings):
                if reason := _fill_error(sources[min(k, len(sources) - 1)], msgstr):
                    yield EntryProblem(msgid, msgstr_line, f"msgid {shown}: the translation cannot be filled in "
                                                           f"({reason}): write a percent sign as %% (the bot "
                                                           "shows the English text until then)")
                    break


def missing_from(catalog: Catalog, template: Catalog) -> Iterator[str]:
    """Msgids of the template (locales/teduh.pot) that the catalog does not have at all."""
    for message in template:
        if message.id and message.id not in catalog:
            yield _ids(message)[0]
