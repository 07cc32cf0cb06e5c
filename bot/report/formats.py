"""The report for machines (JSON, CSV) and for people in a terminal, and the /stats message.

Machine formats use stable English keys and ids whatever the language: a figure is a number, or
null (JSON) / an empty cell (CSV) when all of it was left out, with a flag beside it ("exact",
"partial": a lower bound, "suppressed"). Human formats print figures through `number` and names
through bot/report/names.py, so every format shows the same small-cell rule (bot/report/figures.py).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Sequence
from pathlib import Path

from babel.dates import format_date
from babel.numbers import format_decimal, format_percent
from babel.support import Translations as Translator

from bot.report.figures import MIN_USERS, PARTIAL, SUPPRESSED, Cell, Report, Share
from bot.report.names import ZONE, Names
from bot.report.summary import Line, Summary, summarize, to_machine
from bot.report.tables import Table, tables

Figure = Cell | Share


def _machine_rows(table: Table) -> list[dict[str, object]]:
    rows = []
    for keys, figures in table.rows:
        row: dict[str, object] = dict(zip((c.id for c in table.keys), keys, strict=True))
        for column, figure in zip(table.figures, figures, strict=True):
            row[column.id] = figure.number()
            row[f"{column.id}_flag"] = figure.flag
        rows.append(row)
    return rows


def to_json(report: Report) -> str:
    out: dict[str, object] = {
        "from": report.first.isoformat(), "to": report.last.isoformat(), "channel": report.channel,
        "timezone_of_hours": "Asia/Jakarta (WIB, UTC+7)", "min_users": MIN_USERS,
        "previous_from": report.previous.first.isoformat() if report.previous else None,
        "previous_to": report.previous.last.isoformat() if report.previous else None,
        "summary": to_machine(summarize(report)),
    }
    for table in tables(report, str):
        out[table.id] = _machine_rows(table)
    return json.dumps(out, ensure_ascii=False, indent=2)


def write_csv(report: Report, folder: Path) -> list[Path]:
    """One file per table; every row carries the period and channel, so a file read alone says what it covers."""
    folder.mkdir(parents=True, exist_ok=True)
    period = {"period_from": report.first.isoformat(), "period_to": report.last.isoformat(),
              "channel": report.channel or "all"}
    written = []
    for table in tables(report, str):
        header = [*period, *(c.id for c in table.keys), *(f"{c.id}{s}" for c in table.figures for s in ("", "_flag"))]
        path = folder / f"{table.id}.csv"
        with path.open("w", newline="", encoding="utf-8") as fh:
            writer = csv.DictWriter(fh, header)
            writer.writeheader()
            writer.writerows({**period, **{k: "" if v is None else v for k, v in row.items()}}
                             for row in _machine_rows(table))
        written.append(path)
    summary_path = folder / "summary.csv"
    with summary_path.open("w", newline="", encoding="utf-8") as fh:
        figures = to_machine(summarize(report))["figures"]
        writer = csv.DictWriter(fh, [*period, "figure", "value", "value_flag", "previous", "previous_flag",
                                     "change", "change_flag"])
        writer.writeheader()
        writer.writerows({**period, **{k: "" if v is None else v for k, v in row.items()}}
                         for row in figures)  # type: ignore[union-attr]
    return [summary_path, *written]


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


def _change(line: Line, lang: str, _: Translator) -> str:
    if line.change is None:
        return ""
    if isinstance(line.now, Share):
        points = format_decimal(round(line.change * 100, 1), "+#,##0.0;-#,##0.0", locale=lang)
        return " (" + _.gettext("%s points") % points + ")"
    text = format_decimal(line.change, "+#,##0;-#,##0", locale=lang)
    if line.relative is not None:
        text += ", " + format_percent(line.relative, "+#,##0%;-#,##0%", locale=lang)
    return f" ({text})"


def summary_lines(report: Report, tr: Translator, lang: str, names: Names) -> list[str]:
    """The summary: period totals with their change, the topics rising fastest and the most typed."""
    _ = tr.gettext
    s: Summary = summarize(report)
    labels = {"people": _("People (each day's, added up): %s"), "messages": _("Messages: %s"),
              "crisis_high": _("Crisis replies: %s"), "crisis_possible": _("Risk questions: %s"),
              "not_understood": _("Not understood: %s"), "helpful": _("Rated helpful: %s"),
              "not_helpful": _("Rated not helpful: %s")}
    if report.previous:
        out = [_("Summary; in brackets the change against the %(days)d days before (%(first)s to %(last)s):") % {
            "days": report.days, "first": format_date(report.previous.first, "medium", locale=lang),
            "last": format_date(report.previous.last, "medium", locale=lang)}]
    else:
        out = [_("Summary (no comparison: the database no longer keeps the days before):")]
    out += ["  " + labels[line.id] % number(line.now, lang) + _change(line, lang, tr) for line in s.lines]
    if s.rising:
        out.append("  " + _("Rising fastest: %s") % ", ".join(
            f"{names.topic(r.intent, lang)} ({format_decimal(r.now, locale=lang)}, "
            f"{format_decimal(r.change, '+#,##0', locale=lang)})" for r in s.rising))
    if s.top:
        out.append("  " + _("Most typed: %s") % ", ".join(
            f"{names.topic(i, lang)} ({number(c, lang)})" for i, c in s.top))
    return out


def summary(report: Report, tr: Translator, lang: str, names: Names) -> str:
    """The operators' /stats in chat: the heading and the summary."""
    return "\n".join([heading(report, tr, lang), "", *summary_lines(report, tr, lang, names)])


def human_rows(table: Table, lang: str, names: Names) -> list[list[str]]:
    """A table's rows with names for ids, dates and numbers as `lang` writes them."""
    return [[names.label(c.kind, v, lang) for c, v in zip(table.keys, keys, strict=True)]
            + [number(f, lang) for f in figures] for keys, figures in table.rows]


def human_tables(report: Report, tr: Translator, lang: str, names: Names) -> list[tuple[Table, list[list[str]]]]:
    """The tables people read; the per-day table starts where the data starts."""
    out = []
    start = (report.data_from or report.last).isoformat()
    for table in tables(report, tr.gettext):
        if table.id == "daily":
            table = Table(table.id, table.title, table.keys, table.figures,
                          tuple(row for row in table.rows if row[0][0] >= start))
        out.append((table, human_rows(table, lang, names)))
    return out


def to_text(report: Report, tr: Translator, lang: str, names: Names) -> str:
    _ = tr.gettext
    parts = [heading(report, tr, lang), "\n".join(summary_lines(report, tr, lang, names))]
    nothing = "  " + _("(nothing yet)")
    for table, rows in human_tables(report, tr, lang, names):
        header = [c.header for c in (*table.keys, *table.figures)]
        parts.append(f"{table.title}\n{_grid(header, rows, len(table.keys)) if rows else nothing}")
    parts.append(_("Hours and days of week are in %s.") % ZONE)
    return "\n\n".join(parts) + "\n"


def _grid(header: Sequence[str], rows: Sequence[Sequence[str]], keys: int) -> str:
    widths = [max(len(str(x)) for x in col) for col in zip(header, *rows, strict=True)]
    return "\n".join("  " + "  ".join(str(v).ljust(w) if c < keys else str(v).rjust(w)
                                      for c, (v, w) in enumerate(zip(line, widths, strict=True)))
                     for line in [header, *rows])
