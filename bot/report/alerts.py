"""`teduh stats --check`: findings when the latest day or week departs sharply from the weeks before.

What is judged (README, "Alerts"): crisis replies, "couldn't get through?" presses per hotline and the
not-understood rate per language, each on the latest whole UTC day against the same weekday in the
weeks before and on the latest 7 days against the 7-day weeks before; and a silent bot (no message,
press or command on the latest days, after a week with some every day). A rise is a finding when the latest figure is at least
`min_count`, at least `ratio` times the usual, and more than `spreads` spreads above it. The usual is
the mean of the earlier periods in which the bot was in use (activity on every day), at least two of
them; the spread is their standard deviation, but never less than the chance variation of a count
(Poisson: the square root of the usual) or a rate (binomial), widened by the uncertainty of a mean of
a few weeks (times sqrt(1 + 1/weeks)). A week line is left out when a day line names the same rise.

Every figure is one the report could publish: a sum of shown day cells (`figures.add_up`) or a share
of such sums (`figures.part_of`), so a finding reveals nothing the small-cell rule hides; a rise inside
hidden cells is not found.
"""

from __future__ import annotations

import math
import sqlite3
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from statistics import fmean, stdev

from babel import Locale, UnknownLocaleError
from babel.dates import format_date
from babel.numbers import format_decimal, format_percent
from babel.support import Translations as Translator

from bot.config import AlertThresholds
from bot.library.load import read_library
from bot.library.problems import Collector
from bot.report import cells as day_cells
from bot.report.cells import DayCell
from bot.report.figures import PARTIAL, Cell, Share, add_up, part_of
from bot.report.formats import number

CODES = ("silent", "crisis_up", "unreached_up", "not_understood_up")  # also the order of the lines
ACTIVE_BEFORE_SILENCE = 7  # days in use, each with activity, before a silent day is a finding
MIN_HISTORY = 2  # earlier periods in use needed to judge a rise


@dataclass(frozen=True)
class Period:
    """The latest day or week, or one as many weeks before."""

    kind: str  # "day" or "week"
    first: date
    last: date

    def days(self) -> list[date]:
        return [self.first + timedelta(days=n) for n in range((self.last - self.first).days + 1)]

    def weeks_before(self, weeks: int) -> Period:
        return Period(self.kind, self.first - timedelta(weeks=weeks), self.last - timedelta(weeks=weeks))


@dataclass(frozen=True)
class Finding:
    code: str  # one of CODES
    period: Period
    subject: str | None = None  # the hotline id (unreached_up) or the language (not_understood_up)
    latest: Cell | Share | None = None  # the figure judged, as the report publishes it (None: silent)
    usual: float = 0.0  # the mean of the earlier periods compared
    usual_partial: bool = False  # some of them left cells out: the usual is a lower bound
    compared: int = 0  # how many earlier periods the usual comes from
    silent_days: int = 0  # silent: how many days without events, up to the latest


Cells = dict[day_cells.Key, DayCell]  # one measure's day cells
Series = dict[tuple[str, str], list[DayCell]]  # (ISO day, category) -> that day's cells, one per channel


def _read_cells(conn: sqlite3.Connection, first: date, last: date, channel: str | None) -> day_cells.Cells:
    """The day cells the check reads, by measure, with the report's own reading and verdicts
    (cells.read): "users" (people with any message, press or command), "crisis_high",
    "unreached" (per hotline), "typed" and "missed" (per language)."""
    return day_cells.read(conn, first, last, channel)


def _series(cells: Cells) -> Series:
    out: Series = defaultdict(list)
    for (day, category, _channel), cell in cells.items():
        out[(day, category)].append(cell)
    return out


def _figure(series: Series, period: Period, category: str) -> Cell:
    """The published count of `category` over `period`: its shown day cells added up."""
    return add_up(cell for day in period.days() for cell in series.get((day.isoformat(), category), []))


def _categories(series: Series) -> list[str]:
    return sorted({category for _day, category in series})


class _History:
    """The day cells of the weeks judged, and the days on which the bot was in use."""

    def __init__(self, db_path: Path, period: Period, channel: str | None) -> None:
        conn = sqlite3.connect(db_path.resolve().as_uri() + "?mode=ro", uri=True)
        try:
            cells = _read_cells(conn, period.first, period.last, channel)
        finally:
            conn.close()
        self.active = {day for day, _category, _channel in cells["users"]}  # the report's users: not 0
        self.crisis, self.unreached = _series(cells["crisis_high"]), _series(cells["unreached"])
        self.typed, self.missed = _series(cells["typed"]), _series(cells["missed"])

    def in_use(self, period: Period) -> bool:
        """Whether the bot had messages, presses or commands on every day of `period`."""
        return all(day.isoformat() in self.active for day in period.days())


@dataclass(frozen=True)
class _Usual:
    value: float
    partial: bool
    compared: int


def _sharp(latest: float, usual: float, spread: float, t: AlertThresholds) -> bool:
    return latest > usual + t.spreads * spread and latest >= t.ratio * usual


def _count_rise(latest: Cell, earlier: Sequence[Cell], t: AlertThresholds) -> _Usual | None:
    """The usual count when `latest` is a sharp rise over it, else None."""
    if latest.hidden or latest.value < t.min_count or len(earlier) < MIN_HISTORY:
        return None
    values = [cell.value for cell in earlier]
    usual = fmean(values)
    spread = max(stdev(values), math.sqrt(usual)) * math.sqrt(1 + 1 / len(values))
    if not _sharp(latest.value, usual, spread, t):
        return None
    return _Usual(usual, any(cell.left_out for cell in earlier), len(values))


def _rate_rise(missed: Cell, typed: Cell, earlier: Sequence[tuple[Cell, Cell]], t: AlertThresholds) -> _Usual | None:
    """The usual rate when missed/typed is a sharp rise over it, else None. Only shown shares count."""
    share = part_of(missed, typed)
    shown = [(m.value, n.value) for m, n in earlier if n.value and not part_of(m, n).hidden]
    if share.hidden or missed.value < t.min_count or len(shown) < MIN_HISTORY:
        return None
    usual = sum(m for m, _n in shown) / sum(n for _m, n in shown)
    chance = math.sqrt(usual * (1 - usual) / typed.value)
    spread = max(stdev([m / n for m, n in shown]), chance) * math.sqrt(1 + 1 / len(shown))
    return _Usual(usual, False, len(shown)) if _sharp(share.value, usual, spread, t) else None


def _silence(history: _History, last: date, span: int) -> Finding | None:
    """The days without activity up to `last`, when the week before them had some every day."""
    run = 0
    while run < span - ACTIVE_BEFORE_SILENCE and (last - timedelta(days=run)).isoformat() not in history.active:
        run += 1
    before = Period("day", last - timedelta(days=run + ACTIVE_BEFORE_SILENCE), last - timedelta(days=run + 1))
    if not run or not history.in_use(before):
        return None
    return Finding("silent", Period("day", last - timedelta(days=run - 1), last), silent_days=run)


def _rises(history: _History, latest: Period, weeks: int, t: AlertThresholds) -> list[Finding]:
    earlier = [p for p in (latest.weeks_before(k) for k in range(1, weeks + 1)) if history.in_use(p)]
    found = []

    def counted(code: str, series: Series, category: str, subject: str | None) -> None:
        now = _figure(series, latest, category)
        usual = _count_rise(now, [_figure(series, p, category) for p in earlier], t)
        if usual:
            found.append(Finding(code, latest, subject, now, usual.value, usual.partial, usual.compared))

    counted("crisis_up", history.crisis, "", None)
    for hotline in _categories(history.unreached):
        counted("unreached_up", history.unreached, hotline, hotline)
    for lang in _categories(history.typed):
        missed, typed = _figure(history.missed, latest, lang), _figure(history.typed, latest, lang)
        before = [(_figure(history.missed, p, lang), _figure(history.typed, p, lang)) for p in earlier]
        usual = _rate_rise(missed, typed, before, t)
        if usual:
            found.append(Finding("not_understood_up", latest, lang, part_of(missed, typed), usual.value,
                                 usual.partial, usual.compared))
    return found


def check(db_path: Path, today: date, thresholds: AlertThresholds, channel: str | None = None) -> list[Finding]:
    """The findings on the last whole day (and 7 days) before `today`, in CODES order, day lines first.
    Raises sqlite3.Error if the file can't be read."""
    last = today - timedelta(days=1)
    span = 7 * (thresholds.weeks + 1)
    history = _History(db_path, Period("day", last - timedelta(days=span - 1), last), channel)
    found = [f for f in [_silence(history, last, span)] if f]
    for kind, length in (("day", 1), ("week", 7)):
        found += _rises(history, Period(kind, last - timedelta(days=length - 1), last), thresholds.weeks, thresholds)
    by_day = {(f.code, f.subject) for f in found if f.period.kind == "day"}
    found = [f for f in found if f.period.kind == "day" or (f.code, f.subject) not in by_day]
    return sorted(found, key=lambda f: (CODES.index(f.code), f.period.kind != "day", f.subject or ""))


def hotline_names(responses_dir: Path, lang: str) -> dict[str, str]:
    """Each hotline's name in `lang`, from the library (whatever of it reads)."""
    library = read_library(responses_dir, Collector(responses_dir))
    return {hotline_id: hotline.name.get(lang, hotline_id) for hotline_id, hotline in library.hotlines.items()}


def _language_name(code: str, lang: str) -> str:
    try:
        return Locale.parse(code).get_language_name(lang) or code
    except (ValueError, UnknownLocaleError):
        return code


def line(finding: Finding, tr: Translator, lang: str, names: Mapping[str, str]) -> str:
    """`ALERT <code> <day|week>[ <subject>]: <what happened, in lang>`; the prefix is the same in every language."""
    _ = tr.gettext
    f, period = finding, finding.period
    prefix = " ".join(part for part in ("ALERT", f.code, period.kind, f.subject) if part)
    day = format_date(period.first, "medium", locale=lang)
    if f.code == "silent":
        if f.silent_days == 1:
            text = _("no activity at all on %(day)s, after %(active)d days in a row with activity")
        else:
            text = _("no activity at all for %(n)d days, since %(day)s, after %(active)d days in a row with activity")
        return f"{prefix}: " + text % {"day": day, "n": f.silent_days, "active": ACTIVE_BEFORE_SILENCE}
    if f.code == "crisis_up":
        what = _("crisis replies")
    elif f.code == "unreached_up":
        what = _("\"couldn't get through?\" presses on replies listing %(hotline)s") % {
            "hotline": names.get(f.subject or "", f.subject)}
    else:
        what = _("share of messages in %(language)s not understood") % {
            "language": _language_name(f.subject or "", lang)}
    if isinstance(f.latest, Share):
        usual = format_percent(f.usual, "#,##0.0%", locale=lang)
    else:
        usual = format_decimal(round(f.usual, 1), locale=lang) + (PARTIAL if f.usual_partial else "")
    assert f.latest is not None
    values = {"what": what, "day": day, "value": number(f.latest, lang), "usual": usual, "weeks": f.compared,
              "weekday": format_date(period.first, "EEEE", locale=lang),
              "first": day, "last": format_date(period.last, "medium", locale=lang)}
    if period.kind == "day":
        text = _("%(what)s on %(day)s: %(value)s; usually %(usual)s on a %(weekday)s (from %(weeks)d earlier weeks)")
    else:
        text = _("%(what)s in the 7 days %(first)s to %(last)s: %(value)s; usually %(usual)s a week "
                 "(from %(weeks)d earlier weeks)")
    return f"{prefix}: " + text % values
