"""Names people read: topic, answer and hotline titles from the library, languages, hours and weekdays.

Human formats (terminal, /stats, HTML) show these; machine formats (JSON, CSV) keep the ids.
An id the library no longer has (an answer removed since) is shown as it is.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, time
from pathlib import Path

from babel import Locale
from babel.dates import format_date, format_skeleton

from bot.library.load import read_library
from bot.library.problems import Collector

ZONE = "WIB (UTC+7)"


@dataclass(frozen=True)
class Names:
    responses: Mapping[str, Mapping[str, str]] = field(default_factory=dict)  # response id -> title per language
    topics: Mapping[str, Mapping[str, str]] = field(default_factory=dict)  # intent -> its answer's title
    hotlines: Mapping[str, Mapping[str, str]] = field(default_factory=dict)  # hotline id -> name

    @classmethod
    def load(cls, responses_dir: Path) -> Names:
        """Titles from the library as it stands; a broken file costs only its titles (ids are shown)."""
        library = read_library(responses_dir, Collector(responses_dir))
        topics: dict[str, Mapping[str, str]] = {}
        for response in library.responses.values():
            if response.intent:
                topics.setdefault(response.intent, response.title)
        return cls({rid: r.title for rid, r in library.responses.items()}, topics,
                   {hid: h.name for hid, h in library.hotlines.items()})

    def topic(self, intent: str, lang: str) -> str:
        return _pick(self.topics.get(intent), lang, intent)

    def answer(self, response_id: str, lang: str) -> str:
        """An answer's title, after its topic's when it is one of a topic's follow-ups ("Sleep › When to get help")."""
        own = _pick(self.responses.get(response_id), lang, response_id)
        parent = response_id.split(".", 1)[0]
        if parent != response_id and parent in self.responses:
            return f"{_pick(self.responses[parent], lang, parent)} › {own}"
        return own

    def hotline(self, hotline_id: str, lang: str) -> str:
        return _pick(self.hotlines.get(hotline_id), lang, hotline_id)

    def label(self, kind: str, value: str, lang: str) -> str:
        """A key column's value as people read it; `kind` says what the value is."""
        if kind == "topic":
            return self.topic(value, lang)
        if kind == "answer":
            return self.answer(value, lang)
        if kind == "hotline":
            return self.hotline(value, lang)
        if kind == "language":
            return language(value, lang)
        if kind == "day":
            return format_date(date.fromisoformat(value), "medium", locale=lang)
        if kind == "hour":
            return hour(int(value), lang)
        if kind == "weekday":
            return weekday(int(value), lang)
        return value


def _pick(titles: Mapping[str, str] | None, lang: str, fallback: str) -> str:
    return (titles or {}).get(lang) or fallback


def language(code: str, lang: str) -> str:
    """'id' as 'Indonesia' (in Indonesian) or 'Indonesian' (in English)."""
    try:
        return Locale.parse(code).get_display_name(lang) or code
    except (ValueError, TypeError):
        return code


def hour(h: int, lang: str) -> str:
    """The start of an hour on a 24-hour clock as the language writes it: 13.00 (id), 13:00 (en)."""
    return format_skeleton("Hm", time(h), locale=lang)


def weekday(iso: int, lang: str, width: str = "wide") -> str:
    """1 as 'Senin' / 'Monday' (or 'Sen' / 'Mon' when `width` is "abbreviated")."""
    return str(Locale.parse(lang).days["format"][width][iso - 1])
