"""The report as terminal tables, JSON, CSV files and the operators' short /stats summary.

Figures are printed only through `Cell.plain`/`Share.plain` (JSON, CSV) or `number` (text, HTML,
/stats), so every format shows the same small-cell rule (bot/report/figures.py)."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Sequence
from pathlib import Path

from babel.dates import format_date
from babel.numbers import format_decimal, format_percent
from babel.support import Translations as Translator

from bot.report.figures import MIN_USERS, PARTIAL, SUPPRESSED, Cell, Report, Share

Figure = Cell | Share
Row = list[str | Figure]  # the key (a day, topic, language…), then figures
Table = tuple[str, list[str], list[Row]]  # file name, header, rows


def tables(report: Report, _: Callable[[str], str]) -> list[Table]:
    """Every table: ISO dates and names, then figures."""
    return [
        ("daily", [_("day"), _("users"), _("messages"), _("crisis replies (high)"), _("risk questions (possible)")],
         [[d.day.isoformat(), d.users, d.messages, d.crisis_high, d.crisis_possible] for d in report.daily]),
        ("top_intents", [_("topic"), _("messages")], [[i, c] for i, c in report.intents]),
        ("not_understood", [_("language"), _("typed messages"), _("share not understood")],
         [[lang, n, r] for lang, n, r in report.not_understood]),
        ("feedback", [_("answer"), _("helpful"), _("not helpful")], [[rid, u, d] for rid, u, d in report.feedback]),
        ("unreached", [_("hotline"), _("\"couldn't get through?\" presses")], [[h, c] for h, c in report.unreached]),
        ("languages", [_("language"), _("messages"), _("share")], [[lang, n, s] for lang, n, s in report.languages]),
    ]


def section_titles(_: Callable[[str], str]) -> dict[str, str]:
    return {"daily": _("Per day"), "top_intents": _("Top topics"), "not_understood": _("Not understood"),
            "feedback": _("Feedback per answer (most disliked first)"),
            "unreached": _("\"Couldn't get through?\" per hotline on the reply"), "languages": _("Languages")}


def to_json(report: Report) -> str:
    out: dict[str, object] = {
        "from": report.first.isoformat(), "to": report.last.isoformat(), "channel": report.channel,
        "min_users": MIN_USERS, "suppressed_as": SUPPRESSED, "partial_suffix": PARTIAL,
    }
    keys = {"daily": ["day", "users", "messages", "crisis_high", "crisis_possible"],
            "top_intents": ["intent", "messages"], "not_understood": ["language", "messages", "rate"],
            "feedback": ["response_id", "up", "down"], "unreached": ["hotline", "presses"],
            "languages": ["language", "messages", "share"]}
    for name, _header, rows in tables(report, str):
        out[name] = [dict(zip(keys[name], plain(row), strict=True)) for row in rows]
    return json.dumps(out, ensure_ascii=False, indent=2)


def plain(row: Row) -> list[object]:
    """A row as JSON and CSV write it: numbers, "<5" or "12+"."""
    return [v if isinstance(v, str) else v.plain() for v in row]


def write_csv(report: Report, folder: Path, tr: Translator) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, header, rows in tables(report, tr.gettext):
        path = folder / f"{name}.csv"
        with path.open("w", newline="", encoding="utf-8") as fh:
            writer = csv.writer(fh)
            writer.writerow(header)
            writer.writerows(plain(row) for row in rows)
        written.append(path)
    return written


def number(figure: Figure, lang: str) -> str:
    """A figure formatted for `lang`: 1.234, 1.234+, <5 or 12,5% (Indonesian)."""
    if figure.hidden:
        return SUPPRESSED
    if isinstance(figure, Share):
        return format_percent(figure.value, "#,##0.0%", locale=lang)
    text = format_decimal(figure.value, locale=lang)
    return text + PARTIAL if figure.left_out else text


def heading(report: Report, tr: Translator, lang: str) -> str:
    _ = tr.gettext
    span = _("%(first)s to %(last)s") % {"first": format_date(report.first, "medium", locale=lang),
                                          "last": format_date(report.last, "medium", locale=lang)}
    channel = report.channel or _("all channels")
    note = _("A day's count from fewer than %(n)d people is left out of every figure: %(mark)s means all of "
             "it was left out, %(partial)s that 12 are shown and more were left out. A share is shown only when "
             "nothing was left out of it.") % {"n": MIN_USERS, "mark": SUPPRESSED, "partial": f"12{PARTIAL}"}
    title = _("Teduh statistics")
    return f"{title}: {span} ({channel})\n{note}"


def formatted_tables(report: Report, tr: Translator, lang: str) -> list[tuple[str, list[str], list[list[str]]]]:
    """The tables with dates and numbers formatted for `lang`."""
    out = []
    for name, header, rows in tables(report, tr.gettext):
        if name == "daily":
            rows = [[format_date(report.daily[i].day, "medium", locale=lang), *row[1:]] for i, row in enumerate(rows)]
        cells = [[v if isinstance(v, str) else number(v, lang) for v in row] for row in rows]
        out.append((name, header, cells))
    return out


def to_text(report: Report, tr: Translator, lang: str) -> str:
    _ = tr.gettext
    titles = section_titles(_)
    parts = [heading(report, tr, lang)]
    nothing = "  " + _("(nothing yet)")
    for name, header, cells in formatted_tables(report, tr, lang):
        parts.append(f"{titles[name]}\n{_grid(header, cells) if cells else nothing}")
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
    users, messages = sum((d.users for d in days), Cell()), sum((d.messages for d in days), Cell())
    high, possible = sum((d.crisis_high for d in days), Cell()), sum((d.crisis_possible for d in days), Cell())
    lines = [heading(report, tr, lang), "",
             _("People per day, added up: %s") % number(users, lang),
             _("Messages: %s") % number(messages, lang),
             _("Crisis replies: %(high)s, risk questions: %(possible)s") % {
                 "high": number(high, lang), "possible": number(possible, lang)}]
    for language, _n, rate in report.not_understood:
        lines.append(_("Not understood (%(lang)s): %(rate)s") % {"lang": language, "rate": number(rate, lang)})
    top = [f"{intent} ({number(c, lang)})" for intent, c in report.intents[:3]]
    if top:
        lines.append(_("Top topics: %s") % ", ".join(top))
    return "\n".join(lines)
