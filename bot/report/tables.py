"""The report's tables, one model for every format.

A table has key columns (a day, a topic id, a language...) and figure columns. Each column has a
stable English identifier, which JSON and CSV use whatever the report's language, and a header
people read; human formats also turn key values into names (bot/report/names.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from bot.report.figures import Cell, Report, Share

Figure = Cell | Share
Gettext = Callable[[str], str]


@dataclass(frozen=True)
class Column:
    id: str  # stable, English: JSON keys and CSV headers
    header: str  # in the report's language
    kind: str = "figure"  # for key columns: what the value is (day, topic, answer, hotline, language, ...)


@dataclass(frozen=True)
class Table:
    id: str  # stable: the JSON key and the CSV file name
    title: str  # in the report's language
    keys: tuple[Column, ...]
    figures: tuple[Column, ...]
    rows: tuple[tuple[tuple[str, ...], tuple[Figure, ...]], ...]


def tables(report: Report, _: Gettext) -> list[Table]:
    """Every table of the report, in the order people read them."""
    def t(tid: str, title: str, keys: list[Column], figures: list[Column],
          rows: list[tuple[tuple[str, ...], tuple[Figure, ...]]]) -> Table:
        return Table(tid, title, tuple(keys), tuple(figures), tuple(rows))

    language = Column("language", _("language"), "language")
    return [
        t("daily", _("Per day"), [Column("day", _("day"), "day")],
          [Column("users", _("people")), Column("messages", _("messages")),
           Column("crisis_high", _("crisis replies")), Column("crisis_possible", _("risk questions"))],
          [((d.day.isoformat(),), (d.users, d.messages, d.crisis_high, d.crisis_possible)) for d in report.daily]),
        t("typed_topics", _("What teens typed, by topic understood"), [Column("intent", _("topic"), "topic")],
          [Column("messages", _("typed messages"))], [((i,), (c,)) for i, c in report.typed_topics]),
        t("pressed", _("Buttons pressed, by the answer opened"), [Column("response_id", _("answer"), "answer")],
          [Column("presses", _("presses"))], [((r,), (c,)) for r, c in report.pressed]),
        t("hours", _("Messages by hour of day (WIB, UTC+7)"), [Column("hour_wib", _("hour (WIB)"), "hour")],
          [Column("messages", _("messages"))], [((f"{h:02d}",), (c,)) for h, c in report.hours]),
        t("weekdays", _("Messages by day of week (WIB, UTC+7)"),
          [Column("weekday_wib", _("day of week (WIB)"), "weekday")],
          [Column("messages", _("messages"))], [((str(d),), (c,)) for d, c in report.weekdays]),
        t("not_understood", _("Not understood"), [language],
          [Column("typed", _("typed messages")), Column("rate", _("share not understood"))],
          [((lang,), (n, r)) for lang, n, r in report.not_understood]),
        t("not_understood_over_time", _("Not understood over time"),
          [Column("from", _("from"), "day"), Column("to", _("to"), "day"), language],
          [Column("typed", _("typed messages")), Column("rate", _("share not understood"))],
          [((a.isoformat(), b.isoformat(), lang), (n, r)) for a, b, lang, n, r in report.not_understood_over_time]),
        t("confidence_bands", _("Typed messages by how sure the bot was"),
          [language, Column("band", _("confidence"), "band")],
          [Column("typed", _("typed messages")), Column("share", _("share of the language"))],
          [((lang, band), (n, s)) for lang, band, n, s in report.bands]),
        t("feedback", _("Feedback per answer (most disliked first)"), [Column("response_id", _("answer"), "answer")],
          [Column("up", _("helpful")), Column("down", _("not helpful"))],
          [((rid,), (u, d)) for rid, u, d in report.feedback]),
        t("unreached", _("\"Couldn't get through?\" per hotline on the reply"),
          [Column("hotline", _("hotline"), "hotline")], [Column("presses", _("\"couldn't get through?\" presses"))],
          [((h,), (c,)) for h, c in report.unreached]),
        t("languages", _("Languages"), [language], [Column("messages", _("messages")), Column("share", _("share"))],
          [((lang,), (n, s)) for lang, n, s in report.languages]),
    ]
