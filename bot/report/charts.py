"""The report's charts as inline SVG (matplotlib), readable on a laptop and on a phone.

A chart draws only what the small-cell rule shows: a solid bar is an exact figure; a bar with
white stripes is a lower bound (some day cells left out); a grey hatched column is a figure left out
altogether. The legend says so, and no "<5" text is drawn. Every chart has axis titles and prints
its values; the date axis starts where the data starts.
"""

from __future__ import annotations

import io
import re
from html import escape
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from babel.dates import format_date
from matplotlib.figure import Figure as Canvas
from matplotlib.patches import Patch

from bot.report.figures import Cell, Report, Share
from bot.report.formats import number
from bot.report.names import Names, language, weekday

COLOURS = ("#2a7f62", "#9cc9b4", "#b23a48", "#f0a04b", "#3b6ea5", "#8d6cab")
HIDDEN = {"hatch": "///", "edgecolor": "#8a8a8a", "fill": False, "linewidth": 0}
PARTIAL = {"hatch": "---", "edgecolor": "white", "linewidth": 0}
TOPICS_SHOWN = 15
RC = {"svg.fonttype": "none", "svg.hashsalt": "teduh", "font.size": 10, "font.family": "DejaVu Sans",
      "axes.spines.top": False, "axes.spines.right": False}

Figure = Cell | Share
Gettext = Callable[[str], str]


@dataclass(frozen=True)
class Chart:
    title: str
    svg: str  # an <svg> element, ready to inline


@dataclass(frozen=True)
class Series:
    label: str
    figures: Sequence[Figure]


def _svg(fig: Canvas, title: str, n: int) -> Chart:
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", bbox_inches="tight")
    text = buffer.getvalue()
    text = re.sub(r"<metadata>.*?</metadata>\s*", "", text[text.index("<svg"):], flags=re.S)
    text = re.sub(r'<svg([^>]*?) width="[^"]*" height="[^"]*"', r'<svg\1', text, count=1)
    text = re.sub(r'(id="|url\(#|href="#)', rf"\1c{n}-", text)  # ids unique within the page
    text = text.replace(">", f' role="img" aria-label="{escape(title)}"><title>{escape(title)}</title>', 1)
    return Chart(title, text)


def _bars(fig: Canvas, names: Sequence[str], series: Sequence[Series], lang: str, _: Gettext,
          xlabel: str, ylabel: str, horizontal: bool = False, values: bool = True) -> None:
    """Grouped bars, one group per name; hidden figures as hatched columns, lower bounds dotted."""
    ax = fig.subplots()
    n = len(series)
    width = 0.8 / n
    share = any(isinstance(f, Share) for s in series for f in s.figures)
    top = max([f.value for s in series for f in s.figures if not f.hidden] + [0]) or (0.1 if share else 1)
    bar = ax.barh if horizontal else ax.bar
    positions = list(range(len(names)))
    hidden_seen = partial_seen = False
    for i, s in enumerate(series):
        offset = -0.4 + width * (i + 0.5) if not horizontal else -0.12 - 0.5 * width * (i + 0.5)
        at = [(len(names) - 1 - p if horizontal else p) + offset for p in positions]  # the first name on top
        shown = [0 if f.hidden else f.value for f in s.figures]
        bars = bar(at, shown, width * (0.5 if horizontal else 0.92), color=COLOURS[i % len(COLOURS)], label=s.label)
        for rect, f in zip(bars, s.figures, strict=True):
            if f.hidden:
                hidden_seen = True
                bar([rect.get_y() + rect.get_height() / 2 if horizontal else rect.get_x() + rect.get_width() / 2],
                    [top * (1.0 if horizontal else 1.08)], width * (0.5 if horizontal else 0.92), **HIDDEN)
            elif isinstance(f, Cell) and f.left_out:
                partial_seen = True
                rect.set_hatch(PARTIAL["hatch"])
                rect.set_edgecolor(PARTIAL["edgecolor"])
                rect.set_linewidth(0)
        if values:
            labels = ["" if f.hidden else number(f, lang) for f in s.figures]
            crowded = not horizontal and len(names) * n > 16
            ax.bar_label(bars, labels=labels, padding=2, fontsize=8 if crowded else 9, rotation=90 if crowded else 0)
    if horizontal:  # each name on its own line above its bar: long titles fit a phone
        ax.set_yticks([])
        ax.spines["left"].set_visible(False)
        for p, name in zip(positions, names, strict=True):
            ax.text(0, len(names) - 1 - p + 0.02, name, va="bottom", fontsize=9)
        ax.set_ylim(-0.6, len(names) - 0.1 + 0.3)
    else:
        ax.set_xticks(positions, list(names))
        if len(names) > 8 and max(len(x) for x in names) > 2:
            ax.tick_params(axis="x", labelrotation=90)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    if share:
        (ax.xaxis if horizontal else ax.yaxis).set_major_formatter(lambda v, _p: f"{v:.0%}")
    (ax.set_xlim if horizontal else ax.set_ylim)(0, top * 1.3)
    handles, labels = ax.get_legend_handles_labels()
    if hidden_seen:
        handles.append(Patch(**HIDDEN))
        labels.append(_("left out (fewer than 5 people on a day)"))
    if partial_seen:
        handles.append(Patch(facecolor="#777", **PARTIAL))
        labels.append(_("at least this many (some days left out)"))
    if len(handles) > 1 or hidden_seen or partial_seen:
        ax.legend(handles, labels, frameon=False, loc="lower left", bbox_to_anchor=(0, 1.02), ncols=1,
                  fontsize=9)


def _days(report: Report, lang: str) -> tuple[list[str], list[list[Cell]], bool]:
    """Date labels from where the data starts, per day, or per week (Monday) past 45 days."""
    start = report.data_from or report.last
    days = [d for d in report.daily if d.day >= start]
    if len(days) <= 45:
        return ([format_date(d.day, "d MMM", locale=lang) for d in days],
                [[d.users, d.messages, d.crisis_high, d.crisis_possible] for d in days], False)
    weeks: dict[date, list[Cell]] = {}
    for d in days:
        monday = d.day - timedelta(days=d.day.weekday())
        sums = weeks.setdefault(monday, [Cell(), Cell(), Cell(), Cell()])
        for i, c in enumerate((d.users, d.messages, d.crisis_high, d.crisis_possible)):
            sums[i] = sums[i] + c
    return ([format_date(w, "d MMM", locale=lang) for w in weeks], list(weeks.values()), True)


def charts(report: Report, _: Gettext, lang: str, names: Names) -> list[Chart]:
    """Every chart of the report, in the order of the page."""
    import matplotlib

    out: list[Chart] = []

    def chart(title: str, height: float, draw: Callable[[Canvas], None]) -> None:
        with matplotlib.rc_context(RC):
            fig = Canvas(figsize=(5.2, height))
            draw(fig)
            out.append(_svg(fig, title, len(out)))

    labels, rows, weekly = _days(report, lang)
    per = _("week starting") if weekly else _("day")
    chart(_("People and messages per week") if weekly else _("People and messages per day"), 3.2,
          lambda f: _bars(f, labels, [Series(_("people"), [r[0] for r in rows]),
                                      Series(_("messages"), [r[1] for r in rows])],
                          lang, _, per, _("count")))
    chart(_("Crisis replies per week") if weekly else _("Crisis replies per day"), 3.2,
          lambda f: _bars(f, labels, [Series(_("crisis replies"), [r[2] for r in rows]),
                                      Series(_("risk questions"), [r[3] for r in rows])],
                          lang, _, per, _("count")))
    for title, ranked, label, axis in (
            (_("What teens typed, by topic understood"), report.typed_topics, names.topic, _("typed messages")),
            (_("Buttons pressed, by the answer opened"), report.pressed, names.answer, _("presses"))):
        listed = [(k, c) for k, c in ranked if c.value or c.left_out]
        more = len(listed) - TOPICS_SHOWN
        shown = listed[:TOPICS_SHOWN]
        if not shown:
            continue
        if more > 0:
            title = _("%(title)s: the first %(shown)d, and %(more)d more in the table below") % {
                "title": title, "shown": len(shown), "more": more}
        chart(title, 0.42 * len(shown) + 1.0,
              lambda f, s=shown, lab=label, ax=axis: _bars(
                  f, [lab(k, lang) for k, _c in s], [Series(ax, [c for _k, c in s])], lang, _, ax, "",
                  horizontal=True))
    chart(_("Messages by hour of day (WIB, UTC+7)"), 3.2,
          lambda f: _bars(f, [f"{h:02d}" if h % 3 == 0 else "" for h, _c in report.hours],
                          [Series(_("messages"), [c for _h, c in report.hours])], lang, _,
                          _("hour of day (WIB, UTC+7)"), _("messages")))
    chart(_("Messages by day of week (WIB, UTC+7)"), 3.0,
          lambda f: _bars(f, [weekday(d, lang, "abbreviated") for d, _c in report.weekdays],
                          [Series(_("messages"), [c for _d, c in report.weekdays])], lang, _,
                          _("day of week (WIB, UTC+7)"), _("messages")))
    langs = [lang_ for lang_, _n, _r in report.not_understood]
    if langs:
        buckets = sorted({(a, b) for a, b, *_rest in report.not_understood_over_time
                          if report.data_from and b >= report.data_from})
        rates = {(a, l_): r for a, _b, l_, _n, r in report.not_understood_over_time}
        chart(_("Share not understood over time, per language"), 3.2,
              lambda f: _bars(f, [format_date(a, "d MMM", locale=lang) for a, _b in buckets],
                              [Series(language(l_, lang), [rates[(a, l_)] for a, _b in buckets]) for l_ in langs],
                              lang, _, _("week starting") if len(buckets) and buckets[0][0] != buckets[0][1]
                              else _("day"), _("share not understood")))
    bands = sorted({band for _l, band, _n, _s in report.bands})
    if bands:
        typed = {(l_, band): n for l_, band, n, _s in report.bands}
        chart(_("Typed messages by how sure the bot was"), 3.0,
              lambda f: _bars(f, bands, [Series(language(l_, lang), [typed.get((l_, b), Cell()) for b in bands])
                                         for l_ in langs], lang, _, _("confidence of the topic understood"),
                              _("typed messages")))
    return out
