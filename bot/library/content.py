"""The vetted library as frozen objects: responses, the hotline directory and the safe-messaging lint.

`content_load.py` reads them from `responses/*.yml`; `validate.py` checks the rules that
look across files.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from pathlib import Path

from bot.core import policy

LANGS: tuple[str, ...] = ("id", "en")
HOTLINES_FILE = "hotlines.yml"  # by convention; any file with a top-level `hotlines:` list is read as one
ID_RE = re.compile(r"^[a-z0-9_]+(\.[a-z0-9_]+)*$")
PLACEHOLDER_RE = re.compile(r"\{([^{}]*)\}")
HOTLINE_KINDS = frozenset({"mental_health", "emergency", "child_protection", "international"})
REVIEW_STATUSES = frozenset({"draft", "approved"})


@dataclass(frozen=True)
class Where:
    path: Path
    line: int


@dataclass(frozen=True)
class Review:
    status: str
    by: str | None
    on: date | None


@dataclass(frozen=True)
class Hotline:
    id: str
    name: Mapping[str, str]
    contact: str
    kind: str
    hours: Mapping[str, str] | None
    source: str
    verified_on: date
    notes: str
    where: Where

    def label(self, lang: str) -> str:
        """How the hotline reads inside a reply: `Name: contact (hours)`."""
        hours = f" ({self.hours[lang]})" if self.hours else ""
        return f"{self.name[lang]}: {self.contact}{hours}"


@dataclass(frozen=True)
class Response:
    id: str
    intent: str | None
    title: Mapping[str, str]
    text: Mapping[str, str]
    buttons: tuple[str, ...]
    answers: Mapping[str, str]  # {"yes": id, "no": id} for yes/no questions, else empty
    asks: str | None  # the kind of yes/no question the text asks (policy.ASKS), else None
    sources: tuple[str, ...]
    review: Review
    where: Where

    @property
    def targets(self) -> tuple[str, ...]:
        """Every response id this one links to: answers first, then follow-ups."""
        return tuple(dict.fromkeys(tuple(self.answers.values()) + self.buttons))

    @property
    def shown(self) -> tuple[str, ...]:
        """Its buttons: the answers first, then follow-ups; the answers only of a question the text asks (the reply
        to a "no", which listens for a late yes, shows no "yes" button)."""
        answers = tuple(self.answers.values()) if self.asks is None or policy.ASKS[self.asks].asked else ()
        return tuple(dict.fromkeys(answers + self.buttons))

    def placeholders(self, lang: str) -> list[str]:
        return PLACEHOLDER_RE.findall(self.text[lang])


@dataclass(frozen=True)
class LintRule:
    pattern: re.Pattern[str]
    lang: str  # "id", "en" or "any"
    why: str
    where: Where
    instead: str = ""  # how to say it instead, shown with the error


@dataclass(frozen=True)
class Library:
    responses: Mapping[str, Response]
    hotlines: Mapping[str, Hotline]
    lint_rules: tuple[LintRule, ...]

    @cached_property
    def _by_intent(self) -> dict[str, Response]:
        answers: dict[str, Response] = {}
        for response in self.responses.values():
            if response.intent is not None:
                answers.setdefault(response.intent, response)
        return answers

    def for_intent(self, intent: str) -> Response | None:
        """The response that answers `intent`, if the library has one."""
        return self._by_intent.get(intent)

    def render(self, response_id: str, lang: str, ui: Mapping[str, str] | None = None) -> str:
        """The text of a response in `lang` with every hotline placeholder filled in, and each
        `{ui:NAME}` from `ui` (the channel's own wording, from the catalogs)."""
        text = self.responses[response_id].text[lang]
        return PLACEHOLDER_RE.sub(lambda m: self._fill(m.group(1), lang, m.group(0), ui or {}), text)

    def hotline_ids(self, response_id: str) -> tuple[str, ...]:
        """Hotlines a response names, in order of appearance."""
        found = (_hotline_id(p) for p in self.responses[response_id].placeholders("id"))
        return tuple(h for h in found if h)

    def _fill(self, inner: str, lang: str, raw: str, ui: Mapping[str, str]) -> str:
        kind, _, ref = inner.partition(":")
        if kind == "ui":
            return ui.get(ref, raw)
        hotline = self.hotlines.get(_hotline_id(inner) or "")
        return hotline.label(lang) if hotline else raw


def _hotline_id(placeholder: str) -> str | None:
    kind, _, ref = placeholder.partition(":")
    return ref if kind == "hotline" and ref else None
