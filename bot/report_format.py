"""The report as terminal tables, JSON, CSV files and the operators' short /stats summary."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Sequence
from pathlib import Path

from babel.dates import format_date
from babel.numbers import format_decimal, format_percent
from babel.support import Translations as Translator

from bot.report import MIN_USERS, SUPPRESSED, Cell, Report

Table = tuple[str, list[str], list[list[object]]]  # file name, header, rows of plain values


def tables(report: Report, _: Callable[[str], str]) -> list[Table]:
    """Every figure as rows of plain values: numbers, ISO dates, or "<5"."""
    return [
        ("daily", [_("day"), _("users"), _("messages"), _("crisis replies (high)"), _("risk questions (possible)")],
         [[d.day.isoformat(), d.users.plain(), d.messages.plain(), d.crisis_high.plain(), d.crisis_possible.plain()]
          for d in report.daily]),
        ("top_intents", [_("topic"), _("messages")], [[i, c.plain()] for i, c in report.intents]),
        ("not_understood", [_("language"), _("typed messages"), _("share not understood")],
         [[lang, n.plain(), r.plain()] for lang, n, r in report.not_understood]),
        ("feedback", [_("answer"), _("helpful"), _("not helpful")],
         [[rid, u.plain(), d.plain()] for rid, u, d in report.feedback]),
        ("unreached", [_("hotline"), _("\"couldn't get through?\" presses")],
         [[h, c.plain()] for h, c in report.unreached]),
        ("languages", [_("language"), _("messages"), _("share")],
         [[lang, n.plain(), s.plain()] for lang, n, s in report.languages]),
    ]


def section_titles(_: Callable[[str], str]) -> dict[str, str]:
    return {"daily": _("Per day"), "top_intents": _("Top topics"), "not_understood": _("Not understood"),
            "feedback": _("Feedback per answer (most disliked first)"),
            "unreached": _("\"Couldn't get through?\" per hotline on the reply"), "languages": _("Languages")}


def to_json(report: Report) -> str:
    out: dict[str, object] = {
        "from": report.first.isoformat(), "to": report.last.isoformat(), "channel": report.channel,
        "min_users": MIN_USERS, "suppressed_as": SUPPRESSED,
    }
    keys = {"daily": ["day", "users", "messages", "crisis_high", "crisis_possible"],
            "top_intents": ["intent", "messages"], "not_understood": ["language", "messages", "rate"],
            "feedback": ["response_id", "up", "down"], "unreached": ["hotline", "presses"],
            "languages": ["language", "messages", "share"]}
    for name, _header, rows in tables(report, str):
        out[name] = [dict(zip(keys[name], row, strict=True)) for row in rows]
    return json.dumps(out, ensure_ascii=False, indent=2)


def write_csv(report: Report, folder: Path, tr: Translator) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, header, rows in tables(report, tr.gettext):
        path = folder / f"{name}.csv"
        with path.open("w", newline="", encoding="utf-8") as fh:
            writer = csv.writer(fh)
            writer.writerow(header)
            writer.writerows(rows)
        written.append(path)
    return written


def number(value: object, lang: str, percent: bool = False) -> str:
    """A plain value formatted for `lang`; "<5" stays as it is."""
    if isinstance(value, str):
        return value
    return format_percent(value, "#,##0.0%", locale=lang) if percent else format_decimal(value, locale=lang)


def heading(report: Report, tr: Translator, lang: str) -> str:
    _ = tr.gettext
    span = _("%(first)s to %(last)s") % {"first": format_date(report.first, "medium", locale=lang),
                                          "last": format_date(report.last, "medium", locale=lang)}
    channel = report.channel or _("all channels")
    note = _("Figures resting on fewer than %(n)d people show as %(mark)s.") % {"n": MIN_USERS, "mark": SUPPRESSED}
    title = _("Teduh statistics")
    return f"{title}: {span} ({channel})\n{note}"


PERCENT_COLUMNS = {("not_understood", 2), ("languages", 2)}


def formatted_tables(report: Report, tr: Translator, lang: str) -> list[tuple[str, list[str], list[list[str]]]]:
    """The tables with dates and numbers formatted for `lang`."""
    out = []
    for name, header, rows in tables(report, tr.gettext):
        if name == "daily":
            rows = [[format_date(report.daily[i].day, "medium", locale=lang), *row[1:]] for i, row in enumerate(rows)]
        cells = [[number(v, lang, (name, c) in PERCENT_COLUMNS) if c else str(v) for c, v in enumerate(row)]
                 for row in rows]
        out.append((name, header, cells))
    return out


def to_text(report: Report, tr: Translator, lang: str) -> str:
    _ = tr.gettext
    titles = section_titles(_)
    parts = [heading(report, tr, lang)]
    for name, header, cells in formatted_tables(report, tr, lang):
        parts.append(f"{titles[name]}\n{_grid(header, cells) if cells else '  ' + _('(nothing yet)')}")
    return "\n\n".join(parts) + "\n"


def _grid(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    widths = [max(len(str(x)) for x in col) for col in zip(header, *rows, strict=True)]
    lines = [header, *rows]
    return "\n".join("  " + "  ".join(str(v).ljust(w) if c == 0 else str(v).rjust(w)
                                      for c, (v, w) in enumerate(zip(line, widths, strict=True))) for line in lines)


def summary(report: Report, tr: Translator, lang: str) -> str:
    """A few lines for an operator's /stats in chat."""
    _ = tr.gettext
    days = report.daily
    users = Cell(sum(d.users.value for d in days), max((d.users.users for d in days), default=0))
    messages = Cell(sum(d.messages.value for d in days), users.users)
    high = Cell(sum(d.crisis_high.value for d in days), max((d.crisis_high.users for d in days), default=0))
    possible = Cell(sum(d.crisis_possible.value for d in days),
                    max((d.crisis_possible.users for d in days), default=0))
    lines = [heading(report, tr, lang), "",
             _("People per day, added up: %s") % number(users.plain(), lang),
             _("Messages: %s") % number(messages.plain(), lang),
             _("Crisis replies: %(high)s, risk questions: %(possible)s") % {
                 "high": number(high.plain(), lang), "possible": number(possible.plain(), lang)}]
    for language, _n, rate in report.not_understood:
        lines.append(_("Not understood (%(lang)s): %(rate)s") % {
            "lang": language, "rate": number(rate.plain(), lang, percent=True)})
    top = [f"{intent} ({number(c.plain(), lang)})" for intent, c in report.intents[:3]]
    if top:
        lines.append(_("Top topics: %s") % ", ".join(top))
    return "\n".join(lines)
