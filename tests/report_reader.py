"""Reads every report format back into claims about day cells, as an attacker would.

A table row names its category; its scope (days, channels) is the report's. Formats: the JSON
and CSV plain values (numbers, "<5", "12+"), the terminal text and the HTML tables
(numbers formatted for the language), and the /stats summary lines.
"""

from __future__ import annotations

import csv
import html
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from attacker import Atom, Claim, ShareClaim
from babel.numbers import parse_decimal
from babel.support import Translations

LANGS = ("id", "en")
SECTIONS = ("daily", "top_intents", "not_understood", "feedback", "unreached", "languages")
# The figure columns of each table, after its key: a measure, or a share "part/whole".
COLUMNS: dict[str, tuple[str, ...]] = {
    "daily": ("users", "messages", "high", "possible"), "top_intents": ("intent",),
    "not_understood": ("typed", "missed/typed"), "feedback": ("up", "down"), "unreached": ("unreached",),
    "languages": ("messages", "messages/all"),
}
Value = tuple[str, float]  # ("exact" | "hidden" | "partial", value), shares with kind "share"


@dataclass
class Scope:
    first: date
    last: date
    channels: tuple[str, ...]
    name: str

    def days(self) -> list[str]:
        return [(self.first + timedelta(days=n)).isoformat() for n in range((self.last - self.first).days + 1)]


def plain_value(raw: object, share: bool) -> tuple[str, float]:
    """A JSON or CSV value: 12, "12", "<5", "12+", 0.25."""
    text = str(raw)
    if text.startswith("<"):
        return ("hidden", 0)
    if text.endswith("+"):
        return ("partial", int(text[:-1]))
    return ("exact", float(text) if share else int(text))


def formatted_value(text: str, lang: str, share: bool) -> tuple[str, float]:
    """A number as the text and HTML reports print it for `lang`: 1.234, <5, 12+, 12,5%."""
    text = text.strip()
    if text.startswith("<"):
        return ("hidden", 0)
    kind = "partial" if text.endswith("+") else "exact"
    number = text.strip("+%")
    value = float(parse_decimal(number, locale=lang))
    return (kind, value / 100 if text.endswith("%") else value)


class Reader:
    """Collects claims from any number of outputs; `known` keeps every category seen, per measure."""

    def __init__(self) -> None:
        self.claims: list[Claim] = []
        self.shares: list[ShareClaim] = []
        self.listed: list[tuple[str, Scope, set[str]]] = []  # table, scope, categories listed

    def _atoms(self, measure: str, scope: Scope, days: Sequence[str], category: str) -> frozenset[Atom]:
        langs = LANGS if measure == "messages" and not category else (category,)
        return frozenset((measure, c, d, k) for c in scope.channels for d in days for k in langs)

    def figure(self, table: str, column: str, scope: Scope, days: Sequence[str], category: str,
               value: tuple[str, float], eps: float, where: str) -> None:
        if "/" not in column:
            kind, number = value
            self.claims.append(Claim(self._atoms(column, scope, days, category), kind, int(number), where))
        elif value[0] == "exact":  # a hidden share says nothing
            part, whole = column.split("/")
            whole_atoms = (self._atoms(part, scope, days, "") if whole == "all"  # every language's messages
                           else self._atoms(whole, scope, days, category))
            self.shares.append(ShareClaim(self._atoms(part, scope, days, category), whole_atoms, value[1], eps, where))

    def table(self, name: str, scope: Scope, rows: list[list[str]], parse: Callable[[str, bool], tuple[str, float]],
              eps: float, fmt: str) -> None:
        days = scope.days()
        for i, row in enumerate(rows):
            key, figures = row[0], row[1:]
            row_days = [days[i]] if name == "daily" else days
            category = "" if name == "daily" else key
            for column, raw in zip(COLUMNS[name], figures, strict=True):
                where = f"{fmt} {scope.name} {name}[{row_days[0] if name == 'daily' else key}].{column}"
                self.figure(name, column, scope, row_days, category, parse(raw, "/" in column), eps, where)
        if name != "daily":
            self.listed.append((name, scope, {row[0] for row in rows}))

    def zeros_for_unlisted(self) -> None:
        """A table lists every category it has: one seen elsewhere but missing here is zero here."""
        seen: dict[str, set[str]] = {}
        for name, _scope, keys in self.listed:
            seen.setdefault(name, set()).update(keys)
        for name, scope, keys in self.listed:
            for key in seen[name] - keys:
                for column in COLUMNS[name]:
                    if "/" not in column:
                        self.claims.append(Claim(self._atoms(column, scope, scope.days(), key), "exact", 0,
                                                 f"{scope.name} {name}[{key}] not listed"))

    # --- the formats ---------------------------------------------------------------------

    def json(self, report: dict[str, object], scope: Scope) -> None:
        for name in SECTIONS:
            rows = [list(row.values()) for row in report[name]]  # type: ignore[union-attr]
            if name == "daily":
                assert [row[0] for row in rows] == scope.days()
            self.table(name, scope, rows, plain_value, 0.00005, "json")

    def csv(self, folder: Path, scope: Scope) -> None:
        for name in SECTIONS:
            with (folder / f"{name}.csv").open(encoding="utf-8") as fh:
                rows = list(csv.reader(fh))[1:]
            self.table(name, scope, rows, plain_value, 0.00005, "csv")

    def text(self, text: str, scope: Scope, lang: str) -> None:
        sections = text.rstrip("\n").split("\n\n")[1:]
        assert len(sections) == len(SECTIONS), text
        for name, section in zip(SECTIONS, sections, strict=True):
            grid = [line.split() for line in section.splitlines()[1:]]
            rows = [] if grid and grid[0][0] == "(nothing" or grid[0][0] == "(belum" else grid[1:]
            if name == "daily":
                rows = [["day", *row[-4:]] for row in rows]
            self.table(name, scope, rows, lambda v, s: formatted_value(v, lang, s), 0.00055, f"text-{lang}")

    def html(self, page: str, scope: Scope, lang: str) -> None:
        sections = re.findall(r"<section>(.*?)</section>", page, re.S)
        assert len(sections) == len(SECTIONS)
        for name, section in zip(SECTIONS, sections, strict=True):
            rows = [[html.unescape(c) for c in re.findall(r"<td>(.*?)</td>", row)]
                    for row in re.findall(r"<tr>(.*?)</tr>", section)]
            rows = [row for row in rows if row]
            self.table(name, scope, rows, lambda v, s: formatted_value(v, lang, s), 0.00055, f"html-{lang}")

    def summary(self, text: str, scope: Scope, lang: str, tr: Translations) -> None:
        """The /stats lines: totals over the scope, not-understood shares, the top topics."""
        def match(msgid: str) -> list[list[str]]:
            template = tr.gettext(msgid)
            pattern = "".join(re.escape(p) if i % 2 == 0 else "(.+?)"
                              for i, p in enumerate(re.split(r"(%\(\w+\)s|%s)", template)))
            return [list(m.groups()) for line in text.splitlines() if (m := re.fullmatch(pattern, line))]

        days, name = scope.days(), f"/stats-{lang}"
        eps = 0.00055  # a share may be rounded twice: to 4 places, then to 0.1%
        for msgid, measure in (("People per day, added up: %s", "users"), ("Messages: %s", "messages")):
            for (value,) in match(msgid):
                self.figure("", measure, scope, days, "", formatted_value(value, lang, False), eps,
                            f"{name} {measure}")
        for high, possible in match("Crisis replies: %(high)s, risk questions: %(possible)s"):
            self.figure("", "high", scope, days, "", formatted_value(high, lang, False), eps, f"{name} high")
            self.figure("", "possible", scope, days, "", formatted_value(possible, lang, False), eps,
                        f"{name} possible")
        for language, rate in match("Not understood (%(lang)s): %(rate)s"):
            self.figure("", "missed/typed", scope, days, language, formatted_value(rate, lang, True), eps,
                        f"{name} not understood {language}")
        for (top,) in match("Top topics: %s"):
            for intent, value in re.findall(r"(\S+) \((.+?)\)", top):
                self.figure("", "intent", scope, days, intent, formatted_value(value, lang, False), eps,
                            f"{name} top topic {intent}")
