"""The report as one self-contained HTML file: tables, and charts as inline PNG images.

A chart draws only what the small-cell rule shows: a bar is the shown part of its figure, and
"<5" (all left out) or "+" (some left out) is written where day cells were left out.
"""

from __future__ import annotations

import base64
import html
import io
from pathlib import Path

from babel.dates import format_date
from babel.support import Translations

from bot.report.figures import PARTIAL, SUPPRESSED, Cell, Report
from bot.report.formats import formatted_tables, heading, section_titles

COLOURS = {"users": "#2a7f62", "messages": "#9cc9b4", "high": "#b23a48", "possible": "#f0a04b", "bar": "#3b6ea5"}


def _png(fig: object) -> str:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=110, bbox_inches="tight")  # type: ignore[attr-defined]
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


def _bars(ax: object, xs: list[float], cells: list[Cell], width: float, colour: str, label: str) -> None:
    ax.bar(xs, [c.value for c in cells], width, color=colour, label=label)  # type: ignore[attr-defined]
    for x, c in zip(xs, cells, strict=True):
        if c.left_out:
            mark, at = SUPPRESSED if c.hidden else PARTIAL, (x, c.value)
            ax.annotate(mark, at, ha="center", va="bottom", fontsize=7, color="#555")  # type: ignore[attr-defined]


def _finish(ax: object, ticks: tuple[list[int], list[str]]) -> None:
    ax.set_xticks(*ticks)  # type: ignore[attr-defined]
    ax.legend(frameon=False, loc="lower left", bbox_to_anchor=(0, 1), ncols=2)  # type: ignore[attr-defined]
    ax.spines[["top", "right"]].set_visible(False)  # type: ignore[attr-defined]


def charts(report: Report, tr: Translations, lang: str) -> list[tuple[str, str]]:
    """(title, data URL) for each chart."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    _ = tr.gettext
    days = report.daily
    xs = list(range(len(days)))
    step = max(1, -(-len(days) // 8))  # at most 8 date labels
    ticks = (xs[::step], [format_date(d.day, "d MMM", locale=lang) for d in days[::step]])
    out = []

    fig = Figure(figsize=(9, 3.2))
    ax = fig.subplots()
    _bars(ax, [x - 0.2 for x in xs], [d.users for d in days], 0.4, COLOURS["users"], _("users"))
    _bars(ax, [x + 0.2 for x in xs], [d.messages for d in days], 0.4, COLOURS["messages"], _("messages"))
    _finish(ax, ticks)
    out.append((_("Users and messages per day"), _png(fig)))

    fig = Figure(figsize=(9, 3.2))
    ax = fig.subplots()
    _bars(ax, [x - 0.2 for x in xs], [d.crisis_high for d in days], 0.4, COLOURS["high"], _("crisis replies (high)"))
    _bars(ax, [x + 0.2 for x in xs], [d.crisis_possible for d in days], 0.4, COLOURS["possible"],
          _("risk questions (possible)"))
    _finish(ax, ticks)
    out.append((_("Crisis replies per day"), _png(fig)))

    shown = [(i, c) for i, c in report.intents if c.value][:15]
    if shown:
        fig = Figure(figsize=(9, 0.35 * len(shown) + 0.8))
        ax = fig.subplots()
        ax.barh([i for i, _c in reversed(shown)], [c.value for _i, c in reversed(shown)], color=COLOURS["bar"])
        ax.spines[["top", "right"]].set_visible(False)
        out.append((_("Top topics"), _png(fig)))
    return out


def _table(header: list[str], rows: list[list[str]]) -> str:
    head = "".join(f"<th>{html.escape(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{html.escape(v)}</td>" for v in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def to_html(report: Report, tr: Translations, lang: str) -> str:
    _ = tr.gettext
    title, note = heading(report, tr, lang).split("\n", 1)
    sections = [f"<figure><figcaption>{html.escape(t)}</figcaption><img alt=\"{html.escape(t)}\" src=\"{src}\">"
                "</figure>" for t, src in charts(report, tr, lang)]
    titles = section_titles(_)
    nothing = "<p>" + html.escape(_("(nothing yet)")) + "</p>"
    for name, header, cells in formatted_tables(report, tr, lang):
        body = _table(header, cells) if cells else nothing
        sections.append(f"<section><h2>{html.escape(titles[name])}</h2>{body}</section>")
    return f"""<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8"><title>{html.escape(title)}</title>
<style>
body {{ font: 15px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 60rem; color: #222; padding: 0 1rem; }}
h1 {{ font-size: 1.5rem; }} h2 {{ font-size: 1.15rem; margin-top: 2rem; }}
.note {{ color: #555; }} figure {{ margin: 1.5rem 0; }} figcaption {{ font-weight: 600; }}
img {{ max-width: 100%; }}
table {{ border-collapse: collapse; }} th, td {{ padding: .25rem .75rem; border-bottom: 1px solid #ddd; }}
td:not(:first-child), th:not(:first-child) {{ text-align: right; }}
</style></head>
<body><h1>{html.escape(title)}</h1><p class="note">{html.escape(note)}</p>
{"".join(sections)}
</body></html>
"""


def write_html(report: Report, path: Path, tr: Translations, lang: str) -> None:
    path.write_text(to_html(report, tr, lang), encoding="utf-8")
