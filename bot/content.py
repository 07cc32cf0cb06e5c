"""The vetted library: `responses/*.yml` and the hotline directory, loaded into frozen objects.

A file's top-level key says what it holds: `responses:` (answers), `hotlines:`
(the help directory, by convention hotlines.yml) or `rules:` (the safe-messaging
lint, safe_messaging.yml).

This module checks each file's shape (keys, types, both locales). Rules that
look across files (references, dates, safe messaging) live in `validate.py`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from pathlib import Path
from types import MappingProxyType
from typing import Any

from bot import policy, yamlsrc
from bot.problems import Collector

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
        """Every response id this one links to: answer buttons first, then follow-ups."""
        return tuple(dict.fromkeys(tuple(self.answers.values()) + self.buttons))

    def placeholders(self, lang: str) -> list[str]:
        return PLACEHOLDER_RE.findall(self.text[lang])


@dataclass(frozen=True)
class LintRule:
    pattern: re.Pattern[str]
    lang: str  # "id", "en" or "any"
    why: str
    where: Where


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


class _Shape:
    """Shape checks for one YAML file; every problem goes to the collector."""

    def __init__(self, src: yamlsrc.Source, out: Collector) -> None:
        self.src, self.out = src, out

    def err(self, key: tuple[str | int, ...], message: str) -> None:
        self.out.error(self.src.path, self.src.line(*key), message)

    def keys(self, data: Any, key: tuple[str | int, ...], label: str,
             required: set[str], optional: set[str]) -> bool:
        if not isinstance(data, dict):
            self.err(key, f"{label}: expected a mapping")
            return False
        for name in sorted(set(data) - required - optional):
            self.err(key + (name,), f"{label}: unknown key '{name}'")
        missing = sorted(required - set(data))
        for name in missing:
            self.err(key, f"{label}: missing key '{name}'")
        return not missing

    def localized(self, data: Any, key: tuple[str | int, ...], label: str) -> dict[str, str] | None:
        """A {id: ..., en: ...} mapping with both locales present and non-empty."""
        if not isinstance(data, dict):
            self.err(key, f"{label}: expected one text per locale ({', '.join(LANGS)})")
            return None
        ok = True
        for lang in LANGS:
            value = data.get(lang)
            if not isinstance(value, str) or not value.strip():
                self.err(key + (lang,), f"{label}.{lang}: locale '{lang}' is missing or empty")
                ok = False
        for extra in sorted(set(data) - set(LANGS)):
            self.err(key + (extra,), f"{label}: unknown locale '{extra}'")
        return {lang: data[lang].strip() for lang in LANGS} if ok else None

    def string_list(self, data: Any, key: tuple[str | int, ...], label: str) -> tuple[str, ...] | None:
        if not isinstance(data, list) or not all(isinstance(x, str) and x.strip() for x in data):
            self.err(key, f"{label}: expected a list of non-empty strings")
            return None
        return tuple(data)

    def top(self, list_key: str) -> list[Any]:
        data = self.src.data
        if not self.keys(data, (), "file", {"version", list_key}, set()):
            return []
        if data["version"] != 1:
            self.err(("version",), f"unsupported version {data['version']!r} (expected 1)")
        items = data[list_key]
        if not isinstance(items, list):
            self.err((list_key,), f"'{list_key}' must be a list")
            return []
        return items


def _date_or_none(value: Any) -> date | None:
    return value if isinstance(value, date) else None


def _read_response(shape: _Shape, item: Any, i: int) -> Response | None:
    key: tuple[str | int, ...] = ("responses", i)
    rid = item.get("id") if isinstance(item, dict) else None
    label = rid if isinstance(rid, str) else f"response #{i + 1}"
    required = {"id", "title", "text", "sources", "review"}
    if not shape.keys(item, key, label, required, {"intent", "buttons", "answers", "asks"}):
        return None
    ok = True
    if not isinstance(rid, str) or not ID_RE.match(rid):
        shape.err(key + ("id",), f"{label}: id must be lowercase words joined by '.' or '_'")
        ok = False
    intent = item.get("intent")
    if intent is not None and not (isinstance(intent, str) and ID_RE.match(intent)):
        shape.err(key + ("intent",), f"{label}: intent must be an intent name")
        ok = False
    title = shape.localized(item["title"], key + ("title",), f"{label}: title")
    text = shape.localized(item["text"], key + ("text",), f"{label}: text")
    buttons = shape.string_list(item.get("buttons", []), key + ("buttons",), f"{label}: buttons")
    sources = shape.string_list(item["sources"], key + ("sources",), f"{label}: sources")
    if sources == ():
        shape.err(key + ("sources",), f"{label}: sources: at least one source is required")
        ok = False
    answers, asks = item.get("answers", {}), item.get("asks")
    if answers and not (shape.keys(answers, key + ("answers",), f"{label}: answers", {"yes", "no"}, set())
                        and all(isinstance(v, str) for v in answers.values())):
        ok = False
    if not _question_declared(shape, key, label, asks, answers):
        ok = False
    review = item["review"]
    if shape.keys(review, key + ("review",), f"{label}: review", {"status"}, {"by", "on"}):
        if review["status"] not in REVIEW_STATUSES:
            shape.err(key + ("review", "status"), f"{label}: review.status must be draft or approved")
            ok = False
        if review.get("on") is not None and _date_or_none(review["on"]) is None:
            shape.err(key + ("review", "on"), f"{label}: review.on must be a date (YYYY-MM-DD)")
            ok = False
    else:
        ok = False
    if not (ok and title and text and buttons is not None and sources):
        return None
    return Response(
        id=rid, intent=intent, title=MappingProxyType(title), text=MappingProxyType(text),
        buttons=buttons, answers=MappingProxyType(dict(answers)), asks=asks, sources=sources,
        review=Review(review["status"], review.get("by"), _date_or_none(review.get("on"))),
        where=Where(shape.src.path, shape.src.line(*key)),
    )


def _question_declared(shape: _Shape, key: tuple[str | int, ...], label: str, asks: Any, answers: Any) -> bool:
    """A question the text asks is declared with `asks:`, and `answers:` says where each answer leads."""
    kinds = ", ".join(policy.ASKS)
    if asks is not None and asks not in policy.ASKS:
        shape.err(key + ("asks",), f"{label}: asks must be one of {kinds}")
        return False
    if asks is not None and not answers:
        shape.err(key + ("asks",), f"{label}: asks a {asks} question but has no answers: add "
                  "'answers: {yes: <response id>, no: <response id>}'")
        return False
    if answers and asks is None:
        shape.err(key + ("answers",), f"{label}: has answers but does not say what it asks: add 'asks: <{kinds}>'")
        return False
    return True


def _read_hotline(shape: _Shape, item: Any, i: int) -> Hotline | None:
    key: tuple[str | int, ...] = ("hotlines", i)
    hid = item.get("id") if isinstance(item, dict) else None
    label = hid if isinstance(hid, str) else f"hotline #{i + 1}"
    required = {"id", "name", "contact", "kind", "source", "verified_on", "notes"}
    if not shape.keys(item, key, label, required, {"hours"}):
        return None
    ok = isinstance(hid, str) and bool(ID_RE.match(hid)) and "." not in hid
    if not ok:
        shape.err(key + ("id",), f"{label}: id must be lowercase letters, digits and '_'")
    name = shape.localized(item["name"], key + ("name",), f"{label}: name")
    hours = shape.localized(item["hours"], key + ("hours",), f"{label}: hours") if "hours" in item else {}
    for field_name in ("contact", "source", "notes"):
        if not isinstance(item[field_name], str) or not item[field_name].strip():
            shape.err(key + (field_name,), f"{label}: {field_name} must be non-empty text")
            ok = False
    if item["kind"] not in HOTLINE_KINDS:
        shape.err(key + ("kind",), f"{label}: kind must be one of {', '.join(sorted(HOTLINE_KINDS))}")
        ok = False
    verified = _date_or_none(item["verified_on"])
    if verified is None:
        shape.err(key + ("verified_on",), f"{label}: verified_on must be a date (YYYY-MM-DD)")
        ok = False
    if not (ok and name and hours is not None and verified):
        return None
    return Hotline(
        id=hid, name=MappingProxyType(name), contact=item["contact"].strip(), kind=item["kind"],
        hours=MappingProxyType(hours) if hours else None, source=item["source"].strip(),
        verified_on=verified, notes=item["notes"].strip(), where=Where(shape.src.path, shape.src.line(*key)),
    )


def _read_lint(shape: _Shape, item: Any, i: int) -> LintRule | None:
    key: tuple[str | int, ...] = ("rules", i)
    if not shape.keys(item, key, f"rule #{i + 1}", {"pattern", "lang", "why"}, set()):
        return None
    if item["lang"] not in (*LANGS, "any"):
        shape.err(key + ("lang",), f"rule #{i + 1}: lang must be id, en or any")
        return None
    try:
        pattern = re.compile(str(item["pattern"]), re.IGNORECASE)
    except re.error as exc:
        shape.err(key + ("pattern",), f"rule #{i + 1}: pattern is not a valid regular expression: {exc}")
        return None
    return LintRule(pattern, item["lang"], str(item["why"]), Where(shape.src.path, shape.src.line(*key)))


def read_library(responses_dir: Path, out: Collector) -> Library:
    """Load every file under `responses_dir`; shape problems go to `out`, valid items are kept."""
    responses: dict[str, Response] = {}
    hotlines: dict[str, Hotline] = {}
    rules: list[LintRule] = []
    files = sorted(responses_dir.glob("*.yml")) + sorted(responses_dir.glob("*.yaml"))
    if not files:
        out.error(responses_dir, 1, "no response files found")
    for path in files:
        src = yamlsrc.load(path, out)
        if src is None:
            continue
        shape = _Shape(src, out)
        kind = next((k for k in ("hotlines", "rules") if isinstance(src.data, dict) and k in src.data), "responses")
        if kind == "hotlines":
            _add_unique(hotlines, [_read_hotline(shape, x, i) for i, x in enumerate(shape.top(kind))], "hotline", out)
        elif kind == "rules":
            rules.extend(r for i, x in enumerate(shape.top(kind)) if (r := _read_lint(shape, x, i)))
        else:
            _add_unique(responses, [_read_response(shape, x, i) for i, x in enumerate(shape.top(kind))],
                        "response", out)
    if not hotlines:
        out.error(responses_dir / HOTLINES_FILE, 1, "the hotline directory is missing or empty")
    return Library(MappingProxyType(responses), MappingProxyType(hotlines), tuple(rules))


def _add_unique(target: dict[str, Any], items: list[Any], kind: str, out: Collector) -> None:
    for item in items:
        if item is None:
            continue
        if item.id in target:
            first = target[item.id].where
            out.error(item.where.path, item.where.line,
                      f"duplicate {kind} id '{item.id}' (first defined at {out.rel(first.path)}:{first.line})")
            continue
        target[item.id] = item
