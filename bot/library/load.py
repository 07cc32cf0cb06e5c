"""Reads `responses/*.yml` into the library, checking each file's shape (keys, types, both locales).

A file's top-level key says what it holds: `responses:` (answers), `hotlines:`
(the help directory, by convention hotlines.yml) or `rules:` (the safe-messaging
lint, safe_messaging.yml). Rules that look across files live in `validate.py`.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from types import MappingProxyType
from typing import Any

from bot.core import policy
from bot.library import lint, yamlsrc
from bot.library.content import (
    HOTLINE_KINDS,
    HOTLINES_FILE,
    ID_RE,
    LANGS,
    REVIEW_STATUSES,
    Hotline,
    Library,
    LintRule,
    Response,
    Review,
    Where,
)
from bot.library.origins import Origins
from bot.library.problems import Collector, did_you_mean


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
        for name in sorted(set(data) - required - optional, key=str):
            where = (f"'{name}' is a language: indent it under the key it translates" if name in LANGS
                     else f"unknown key '{name}'{did_you_mean(str(name), required | optional)}")
            self.err(key + (name,), f"{label}: {where}")
        missing = sorted(required - set(data))
        for name in missing:
            if parent := _nested(data, name):
                self.err(key + (parent, name), misplaced(label, name, parent))
            else:
                self.err(key, f"{label}: missing key '{name}'")
        return not missing

    def localized(self, data: Any, key: tuple[str | int, ...], label: str,
                  siblings: frozenset[str] = frozenset()) -> dict[str, str] | None:
        """A {id: ..., en: ...} mapping with both locales present and non-empty. A key of the item
        itself (`siblings`) found here was indented one level too deep."""
        if not isinstance(data, dict):
            self.err(key, f"{label}: expected one text per locale ({', '.join(LANGS)})")
            return None
        ok = True
        for lang in LANGS:
            value = data.get(lang)
            if not isinstance(value, str) or not value.strip():
                self.err(key + (lang,), f"{label}.{lang}: locale '{lang}' is missing or empty")
                ok = False
        for extra in sorted(set(data) - set(LANGS), key=str):
            if extra in siblings:
                self.err(key + (extra,), misplaced(label, str(extra), str(key[-1])))
            else:
                self.err(key + (extra,), f"{label}: unknown locale '{extra}'{did_you_mean(str(extra), LANGS)}")
            ok = False
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


def misplaced(label: str, name: str, parent: str) -> str:
    """A key of an item written one level too deep, under `parent` (`text:`, `title:`)."""
    return (f"{label}: '{name}' is indented as if it were a language of '{parent}': move it left so it lines up "
            f"with '{parent}:'")


def _nested(data: dict[Any, Any], name: str) -> str | None:
    """The key of `data` whose mapping holds `name` (a key indented one level too deep), if any."""
    return next((str(k) for k, v in data.items() if isinstance(v, dict) and name in v), None)


def _date_or_none(value: Any) -> date | None:
    return value if isinstance(value, date) else None


def _read_response(shape: _Shape, item: Any, i: int) -> Response | None:
    key: tuple[str | int, ...] = ("responses", i)
    rid = item.get("id") if isinstance(item, dict) else None
    label = rid if isinstance(rid, str) else f"response #{i + 1}"
    required, optional = {"id", "title", "text", "sources", "review"}, {"intent", "buttons", "answers", "asks"}
    if not shape.keys(item, key, label, required, optional):
        return None
    siblings = frozenset(required | optional)
    ok = True
    if not isinstance(rid, str) or not ID_RE.match(rid):
        shape.err(key + ("id",), f"{label}: id must be lowercase words joined by '.' or '_'")
        ok = False
    intent = item.get("intent")
    if intent is not None and not (isinstance(intent, str) and ID_RE.match(intent)):
        shape.err(key + ("intent",), f"{label}: intent must be an intent name")
        ok = False
    title = shape.localized(item["title"], key + ("title",), f"{label}: title", siblings)
    text = shape.localized(item["text"], key + ("text",), f"{label}: text", siblings)
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
    siblings = frozenset(required | {"hours"})
    ok = isinstance(hid, str) and bool(ID_RE.match(hid)) and "." not in hid
    if not ok:
        shape.err(key + ("id",), f"{label}: id must be lowercase letters, digits and '_'")
    name = shape.localized(item["name"], key + ("name",), f"{label}: name", siblings)
    hours = shape.localized(item["hours"], key + ("hours",), f"{label}: hours", siblings) if "hours" in item else {}
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


def read_library(responses_dir: Path, out: Collector, origins: Origins | None = None) -> Library:
    """Load every file under `responses_dir`; shape problems go to `out`, valid items are kept, and
    `origins` learns where each came from and what was defined with errors."""
    origins = Origins() if origins is None else origins
    responses: dict[str, Response] = {}
    hotlines: dict[str, Hotline] = {}
    rules: list[LintRule] = []
    files = sorted(responses_dir.glob("*.yml")) + sorted(responses_dir.glob("*.yaml"))
    if not files:
        out.error(responses_dir, 1, "no response files found")
    for path in files:
        src = yamlsrc.load(path, out)
        if src is None:
            origins.unparsed(path)
            continue
        shape = _Shape(src, out)
        kind = next((k for k in ("hotlines", "rules") if isinstance(src.data, dict) and k in src.data), "responses")
        if kind == "rules":
            rules.extend(lint.read_rules(src, out))
            continue
        items = shape.top(kind)
        read = [(_read_hotline if kind == "hotlines" else _read_response)(shape, x, i) for i, x in enumerate(items)]
        origins.note(src, kind, items, read)
        _add_unique(hotlines if kind == "hotlines" else responses, read, kind[:-1], out)
    if not hotlines and not any(p.name == HOTLINES_FILE for p in origins.broken_files):
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
