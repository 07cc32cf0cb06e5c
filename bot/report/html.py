"""The report as one self-contained HTML page: the summary first, then charts (inline SVG) and tables.

Readable from 390 px up: a viewport tag, charts that scale with the page, tables that scroll sideways.
"""

from __future__ import annotations

import html
from pathlib import Path

from babel.support import Translations

from bot.report.charts import charts
from bot.report.figures import Report
from bot.report.formats import heading, human_tables, summary_lines
from bot.report.names import ZONE, Names

STYLE = """
body { font: 16px/1.45 system-ui, sans-serif; margin: 1.5rem auto; max-width: 64rem; color: #222; padding: 0 1rem; }
h1 { font-size: 1.45rem; margin-bottom: .25rem; } h2 { font-size: 1.15rem; margin-top: 2rem; }
.note { color: #555; font-size: .9rem; }
.summary { background: #f3f7f5; border-radius: .5rem; padding: .75rem 1rem; }
.summary ul { list-style: none; padding: 0; margin: .25rem 0 0; }
.summary li { padding: .15rem 0; }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 28rem), 1fr)); gap: 1rem 2rem; }
figure { margin: 0; } figcaption { font-weight: 600; margin-bottom: .25rem; }
svg { width: 100%; height: auto; display: block; }
.scroll { overflow-x: auto; -webkit-overflow-scrolling: touch; }
table { border-collapse: collapse; font-variant-numeric: tabular-nums; }
th, td { padding: .3rem .7rem; border-bottom: 1px solid #ddd; white-space: nowrap; }
th { text-align: left; } td.n, th.n { text-align: right; }
"""


def _table(headers: list[str], keys: int, rows: list[list[str]]) -> str:
    def cls(i: int) -> str:
        return ' class="n"' if i >= keys else ""

    head = "".join(f"<th{cls(i)}>{html.escape(h)}</th>" for i, h in enumerate(headers))
    body = "".join("<tr>" + "".join(f"<td{cls(i)}>{html.escape(v)}</td>" for i, v in enumerate(row)) + "</tr>"
                   for row in rows)
    return f'<div class="scroll"><table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>'


def to_html(report: Report, tr: Translations, lang: str, names: Names) -> str:
    _ = tr.gettext
    first, note = heading(report, tr, lang).split("\n", 1)
    title, _sep, period = first.partition(": ")
    summary = summary_lines(report, tr, lang, names)
    items = "".join(f"<li>{html.escape(line.strip())}</li>" for line in summary[1:])
    figures = "".join(f"<figure><figcaption>{html.escape(c.title)}</figcaption>{c.svg}</figure>"
                      for c in charts(report, _, lang, names))
    nothing = "<p>" + html.escape(_("(nothing yet)")) + "</p>"
    zone, charts_title = _("Hours and days of week are in %s.") % ZONE, _("Charts")
    sections = []
    for table, rows in human_tables(report, tr, lang, names):
        headers = [c.header for c in (*table.keys, *table.figures)]
        body = _table(headers, len(table.keys), rows) if rows else nothing
        sections.append(f'<section id="{table.id}"><h2>{html.escape(table.title)}</h2>{body}</section>')
    return f"""<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(first)}</title>
<style>{STYLE}</style></head>
<body><h1>{html.escape(title)}</h1><p><strong>{html.escape(period)}</strong></p>
<div class="summary"><strong>{html.escape(summary[0])}</strong><ul>{items}</ul></div>
<p class="note">{html.escape(note)} {html.escape(zone)}</p>
<h2>{html.escape(charts_title)}</h2><div class="charts">{figures}</div>
{"".join(sections)}
</body></html>
"""


def write_html(report: Report, path: Path, tr: Translations, lang: str, names: Names) -> None:
    path.write_text(to_html(report, tr, lang, names), encoding="utf-8")
