"""Reads every report format back into claims about atoms (tests/attacker.py), as an attacker would.

A table row names its category (an id in JSON and CSV, a title, a language name, a date or an
hour in the terminal text and the HTML page); its scope (days, channels) is the report's. The
summary (terminal, /stats, HTML, JSON) gives totals for the period and, through its changes,
for the period before.
"""

from __future__ import annotations

import csv
import html
import re
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from attacker import Atom, Claim, ShareClaim, Truth
from babel.dates import format_date
from babel.numbers import parse_decimal
from babel.support import Translations

from bot.report.names import Names

LANGS = ("id", "en")
ALL = "*"  # every category of the measure
Part = tuple[str, str]  # (measure, category or ALL or "{0}", "{1}"...: a key column's value)
# table id -> (key columns, figure columns: a count (measure, category) or a share (part, whole))
SPEC: dict[str, tuple[tuple[str, ...], tuple[Part | tuple[Part, Part], ...]]] = {
    "daily": (("day",), (("users", ""), ("messages", ALL), ("high", ""), ("possible", ""))),
    "typed_topics": (("topic",), (("typed_topic", "{0}"),)),
    "pressed": (("answer",), (("pressed", "{0}"),)),
    "hours": (("hour",), (("hour", "{0}"),)),
    "weekdays": (("weekday",), (("weekday", "{0}"),)),
    "not_understood": (("language",), (("typed", "{0}"), (("missed", "{0}"), ("typed", "{0}")))),
    "not_understood_over_time": (("day", "day", "language"),
                                 (("typed", "{2}"), (("missed", "{2}"), ("typed", "{2}")))),
    "confidence_bands": (("language", "band"), (("band", "{0} {1}"), (("band", "{0} {1}"), ("typed", "{0}")))),
    "feedback": (("answer",), (("up", "{0}"), ("down", "{0}"))),
    "unreached": (("hotline",), (("unreached", "{0}"),)),
    "languages": (("language",), (("messages", "{0}"), (("messages", "{0}"), ("messages", ALL)))),
}
SUMMARY: dict[str, Part | tuple[Part, Part]] = {
    "people": ("users", ""), "messages": ("messages", ALL), "crisis_high": ("high", ""),
    "crisis_possible": ("possible", ""), "not_understood": (("missed", ALL), ("typed", ALL)),
    "helpful": ("up", ALL), "not_helpful": ("down", ALL)}
Value = tuple[str, float]  # ("exact" | "hidden" | "partial", value)


@dataclass
class Scope:
    first: date
    last: date
    channels: tuple[str, ...]
    name: str

    def days(self) -> list[str]:
        return [(self.first + timedelta(days=n)).isoformat() for n in range((self.last - self.first).days + 1)]

    def before(self) -> Scope:
        n = (self.last - self.first).days + 1
        return Scope(self.first - timedelta(days=n), self.first - timedelta(days=1), self.channels,
                     self.name + " (period before)")


def machine_value(raw: object, flag: str) -> Value:
    """A JSON or CSV figure: a number (or null / "") with its flag."""
    if flag == "suppressed":
        assert raw in (None, ""), raw
        return ("hidden", 0)
    return ("partial" if flag == "partial" else "exact", float(raw))  # type: ignore[arg-type]


def human_value(text: str, lang: str) -> Value:
    """A number as the terminal and HTML print it for `lang`: 1.234, <5, 12+, 12,5%."""
    text = text.strip()
    if text.startswith("<"):
        return ("hidden", 0)
    number = float(parse_decimal(text.strip("+%"), locale=lang))
    return ("partial" if text.endswith("+") else "exact", number / 100 if text.endswith("%") else number)


class Reader:
    """Collects claims from any number of outputs."""

    def __init__(self, truth: Truth, names: Names) -> None:
        self.truth, self.names = truth, names
        self.claims: list[Claim] = []
        self.shares: list[ShareClaim] = []
        self.listed: list[tuple[str, Scope, set[str]]] = []  # table, scope, categories listed

    def atoms(self, part: Part, keys: tuple[str, ...], scope: Scope, days: list[str]) -> frozenset[Atom]:
        measure, category = part
        cats = self.truth.categories(measure) if category == ALL else {category.format(*keys)}
        return frozenset().union(*(self.truth.atoms(measure, scope.channels, days, c) for c in cats))

    def figure(self, column: Part | tuple[Part, Part], keys: tuple[str, ...], scope: Scope, days: list[str],
               value: Value, eps: float, where: str) -> None:
        if isinstance(column[0], str):
            self.claims.append(Claim(self.atoms(column, keys, scope, days), value[0], int(value[1]), where))  # type: ignore[arg-type]
        elif value[0] == "exact":  # a hidden share says nothing
            part, whole = column
            self.shares.append(ShareClaim(self.atoms(part, keys, scope, days),  # type: ignore[arg-type]
                                          self.atoms(whole, keys, scope, days), value[1], eps, where))  # type: ignore[arg-type]

    def row(self, table: str, keys: tuple[str, ...], values: list[Value], scope: Scope, eps: float, fmt: str) -> None:
        kinds, columns = SPEC[table]
        days = scope.days()
        if table == "daily":
            days = [keys[0]]
        elif table == "not_understood_over_time":
            days = Scope(date.fromisoformat(keys[0]), date.fromisoformat(keys[1]), (), "").days()
        for column, value in zip(columns, values, strict=True):
            self.figure(column, keys, scope, days, value, eps, f"{fmt} {scope.name} {table}{list(keys)}")

    def table(self, table: str, scope: Scope, rows: list[tuple[tuple[str, ...], list[Value]]], eps: float,
              fmt: str, complete: bool = True) -> None:
        for keys, values in rows:
            self.row(table, keys, values, scope, eps, fmt)
        if complete and len(SPEC[table][0]) == 1 and table != "daily":
            self.listed.append((table, scope, {keys[0] for keys, _v in rows}))

    def zeros_for_unlisted(self) -> None:
        """A table lists every category it has: one seen elsewhere but missing here is zero here."""
        seen: dict[str, set[str]] = {}
        for name, _scope, keys in self.listed:
            seen.setdefault(name, set()).update(keys)
        for name, scope, keys in self.listed:
            for key in seen[name] - keys:
                for column in SPEC[name][1]:
                    if isinstance(column[0], str):
                        self.figure(column, (key,), scope, scope.days(), ("exact", 0), 0,
                                    f"{scope.name} {name}[{key}] not listed")

    # --- machine formats -----------------------------------------------------------------

    def json(self, report: dict, scope: Scope) -> None:
        for table, (kinds, columns) in SPEC.items():
            rows = []
            for row in report[table]:
                values = list(row.items())
                keys = tuple(str(v) for _k, v in values[:len(kinds)])
                figures = values[len(kinds):]
                rows.append((keys, [machine_value(figures[i][1], figures[i + 1][1])
                                    for i in range(0, len(figures), 2)]))
            self.table(table, scope, rows, 0.00005, "json")
        for line in report["summary"]["figures"]:
            column = SUMMARY[line["figure"]]
            self.figure(column, (), scope, scope.days(), machine_value(line["value"], line["value_flag"]), 0.00005,
                        f"json {scope.name} summary {line['figure']}")
            if line["previous_flag"] != "not_kept":
                before = scope.before()
                self.figure(column, (), before, before.days(),
                            machine_value(line["previous"], line["previous_flag"]), 0.00005,
                            f"json {before.name} summary {line['figure']}")
        for rising in report["summary"]["rising"]:
            for value, sc in ((rising["messages"], scope), (rising["previous"], scope.before())):
                self.figure(("typed_topic", "{0}"), (rising["intent"],), sc, sc.days(), ("exact", value), 0,
                            f"json {sc.name} rising {rising['intent']}")

    def csv(self, folder: Path, scope: Scope) -> None:
        for table, (kinds, _columns) in SPEC.items():
            with (folder / f"{table}.csv").open(encoding="utf-8") as fh:
                lines = list(csv.reader(fh))
            rows = []
            for line in lines[1:]:
                keys, figures = tuple(line[3:3 + len(kinds)]), line[3 + len(kinds):]
                rows.append((keys, [machine_value(figures[i], figures[i + 1]) for i in range(0, len(figures), 2)]))
            self.table(table, scope, rows, 0.00005, "csv")

    # --- human formats -------------------------------------------------------------------

    def _ids(self, kind: str, lang: str, scope: Scope) -> dict[str, str]:
        """Label -> id for one kind of key column; labels two ids share are left out (ambiguous)."""
        values: list[str] = {
            "day": [(scope.first - timedelta(days=n)).isoformat() for n in range(-400, 400)],
            "topic": list(self.truth.categories("typed_topic")), "answer": list(self.truth.categories("pressed"))
            + list(self.truth.categories("up")) + list(self.truth.categories("down")),
            "hotline": list(self.truth.categories("unreached")), "language": list(LANGS),
            "hour": [f"{h:02d}" for h in range(24)], "weekday": [str(d) for d in range(1, 8)],
        }.get(kind, [])
        labels: dict[str, set[str]] = {}
        for v in values:
            labels.setdefault(self.names.label(kind, v, lang), set()).add(v)
        return {label: next(iter(ids)) for label, ids in labels.items() if len(ids) == 1}

    def human_table(self, table: str, rows: list[list[str]], scope: Scope, lang: str, fmt: str) -> None:
        kinds, _columns = SPEC[table]
        maps = [self._ids(kind, lang, scope) for kind in kinds]
        parsed = []
        for row in rows:
            keys = [maps[i].get(v, None) if kind != "band" else v for i, (kind, v) in enumerate(zip(kinds, row))]
            if None in keys:
                continue  # an ambiguous title: the same figures are in JSON under their ids
            parsed.append((tuple(keys), [human_value(v, lang) for v in row[len(kinds):]]))  # type: ignore[arg-type]
        self.table(table, scope, parsed, 0.00055, fmt, complete=len(parsed) == len(rows))

    def text(self, text: str, scope: Scope, lang: str, tr: Translations) -> None:
        blocks = text.rstrip("\n").split("\n\n")
        self.summary(blocks[1], scope, lang, tr, f"text-{lang}")
        tables = blocks[2:-1]
        assert len(tables) == len(SPEC), text
        for table, block in zip(SPEC, tables, strict=True):
            grid = [re.split(r" {2,}", line.strip()) for line in block.splitlines()[1:]]
            rows = [] if grid[0][0] in ("(nothing yet)", "(belum ada)") else grid[1:]
            self.human_table(table, rows, scope, lang, f"text-{lang}")

    def html(self, page: str, scope: Scope, lang: str, tr: Translations) -> None:
        summary = re.search(r'<div class="summary">(.*?)</div>', page, re.S)
        assert summary
        self.summary("\n".join(html.unescape(li) for li in re.findall(r"<li>(.*?)</li>", summary.group(1))),
                     scope, lang, tr, f"html-{lang}")
        sections = dict(re.findall(r'<section id="(\w+)">(.*?)</section>', page, re.S))
        assert list(sections) == list(SPEC)
        for table, section in sections.items():
            rows = [[html.unescape(c) for c in re.findall(r"<td[^>]*>(.*?)</td>", row)]
                    for row in re.findall(r"<tr>(.*?)</tr>", section)]
            self.human_table(table, [row for row in rows if row], scope, lang, f"html-{lang}")

    def summary(self, text: str, scope: Scope, lang: str, tr: Translations, fmt: str = "") -> None:
        """Summary lines: totals over the scope and (from the change) the period before; rising and top topics."""
        def match(msgid: str) -> list[list[str]]:
            template = tr.gettext(msgid)
            pattern = "".join(re.escape(p) if i % 2 == 0 else "(.+?)"
                              for i, p in enumerate(re.split(r"(%\(\w+\)s|%s)", template)))
            return [list(m.groups()) for line in text.splitlines() if (m := re.fullmatch(r"\s*" + pattern, line))]

        fmt = fmt or f"/stats-{lang}"
        ids = self._ids("topic", lang, scope)
        labels = {"people": "People (each day's, added up): %s", "messages": "Messages: %s",
                  "crisis_high": "Crisis replies: %s", "crisis_possible": "Risk questions: %s",
                  "not_understood": "Not understood: %s", "helpful": "Rated helpful: %s",
                  "not_helpful": "Rated not helpful: %s"}
        for figure, msgid in labels.items():
            for (found,) in match(msgid):
                value, _sep, change = found.partition(" (")
                now = human_value(value, lang)
                self.figure(SUMMARY[figure], (), scope, scope.days(), now, 0.00055, f"{fmt} {scope.name} {figure}")
                if change and now[0] == "exact" and figure != "not_understood":
                    before = scope.before()
                    delta = human_value(change.split(", ")[0].rstrip(")"), lang)
                    self.figure(SUMMARY[figure], (), before, before.days(), ("exact", now[1] - delta[1]), 0,
                                f"{fmt} {before.name} {figure} (from the change)")
        for (found,) in match("Rising fastest: %s"):
            for title, now, change in re.findall(r"(.+?) \(([^,]+), ([^)]+)\)(?:, |$)", found):
                if title in ids:
                    n, d = human_value(now, lang)[1], human_value(change, lang)[1]
                    for value, sc in ((n, scope), (n - d, scope.before())):
                        self.figure(("typed_topic", "{0}"), (ids[title],), sc, sc.days(), ("exact", value), 0,
                                    f"{fmt} {sc.name} rising {title}")
        for (found,) in match("Most typed: %s"):
            for title, value in re.findall(r"(.+?) \(([^)]+)\)(?:, |$)", found):
                if title in ids:
                    self.figure(("typed_topic", "{0}"), (ids[title],), scope, scope.days(), human_value(value, lang),
                                0, f"{fmt} {scope.name} most typed {title}")

