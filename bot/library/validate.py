"""`teduh validate`: every rule that looks across the content files, and the loading the bot shares.

Shape problems come from the loaders (load.py, nlu/data.py, catalogs.py); this module adds
references, placeholders, lengths, dates, freshness, review status and approval records
(approvals.py), the safe-messaging lint (lint.py) and the crisis-route rule, intent_checks.py
how intents and answers match, and it collects them all. `Origins` (origins.py) lets a rule
point at a key's line and stay quiet about what failed to load, so each problem is reported once.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from bot.core import policy
from bot.library import approvals, lint
from bot.library.catalogs import Catalogs, read_catalogs
from bot.library.content import LANGS, PLACEHOLDER_RE, Library, Response
from bot.library.intent_checks import check_intents
from bot.library.load import read_library
from bot.library.origins import Origins
from bot.library.problems import Collector, Problem, Severity, closest, did_you_mean
from bot.library.todo import check as check_todo
from bot.nlu.data import Example, NluData, read_nlu_data
from bot.nlu.risk_data import RiskExample

TELEGRAM_LIMIT = 4096
HOTLINE_MAX_AGE_DAYS = 180
REVIEW_MAX_AGE_DAYS = 365
MIN_CRISIS_ROUTES = 2
MIN_EXAMPLES = 2  # the classifiers calibrate by cross-validation: two examples of every class at least


@dataclass(frozen=True)
class Content:
    """Everything the bot reads from a content folder, and every problem found on the way."""

    problems: list[Problem]  # sorted by file and line; an error here stops the start
    library: Library
    nlu: NluData
    catalogs: Catalogs | None  # None when a catalog is missing or unreadable
    catalog_entries: list[Problem]  # translations left out (the source text is served): errors for validate

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]


def load_content(content_dir: Path, today: date, strict: bool = False) -> Content:
    """Read and check intents/, responses/ and locales/: the one loader of `teduh validate`, the
    bot's start and /reload, so a clean validate means a clean start."""
    out = Collector(content_dir)
    origins = Origins()
    library = read_library(content_dir / "responses", out, origins)
    nlu = read_nlu_data(content_dir / "intents", out)
    catalogs, catalog_entries = read_catalogs(content_dir / "locales", out)
    check_library(library, nlu, out, today, strict, origins)
    check_todo(content_dir, out)  # what `teduh new-topic` left to fill in
    records = approvals.read_approvals(content_dir / "responses", out)
    approvals.check(library, records, content_dir / "responses", out, strict)
    return Content(sorted(out.problems), library, nlu, catalogs, catalog_entries)


def validate(content_dir: Path, today: date, strict: bool = False) -> tuple[list[Problem], Library, NluData]:
    """All problems in a content folder (intents/, responses/, locales/), sorted by file and line."""
    content = load_content(content_dir, today, strict)
    return sorted(content.problems + content.catalog_entries), content.library, content.nlu


def check_library(lib: Library, nlu: NluData, out: Collector, today: date, strict: bool,
                  origins: Origins | None = None) -> None:
    origins = Origins() if origins is None else origins
    answered: dict[str, Response] = {}
    for r in lib.responses.values():
        _references(lib, r, out, origins)
        _placeholders(lib, r, out, origins)
        _length(lib, r, out)
        _review(r, out, today, strict)
        lint.check(lib, r, out)
        if policy.is_risk_response(r.id) and len(set(lib.hotline_ids(r.id))) < MIN_CRISIS_ROUTES:
            out.error(r.where.path, r.where.line, f"{r.id}: a risk response must name at least "
                      f"{MIN_CRISIS_ROUTES} different hotlines ({{hotline:...}} placeholders)")
        if r.intent is None:
            continue
        if r.intent in answered:
            first = answered[r.intent].where
            out.error(r.where.path, r.where.line, f"{r.id}: intent {r.intent} is already answered by "
                      f"{answered[r.intent].id} ({out.rel(first.path)}:{first.line})")
        answered.setdefault(r.intent, r)
        _help_route(lib, r, out)
    check_intents(lib, nlu, out, origins)
    for intent in policy.RISK_INTENTS:
        crisis = lib.for_intent(intent)
        if crisis is not None and crisis.asks != policy.SAFETY:
            out.error(crisis.where.path, crisis.where.line, f"{crisis.id}: a crisis reply asks \"are you safe right "
                      "now?\" and says so with 'asks: safety' and its answers")
    for rid in policy.required_ids():
        if rid not in lib.responses and rid not in origins.broken_ids:
            out.error(out.base / "responses", 1, f"required response '{rid}' is missing: the bot needs it; "
                      f"add a response with 'id: {rid}'{did_you_mean(rid, lib.responses)}")
    _trainable(nlu, out)
    for h in lib.hotlines.values():
        _date(out, h.where.path, h.where.line, f"hotline {h.id}: verified_on", h.verified_on, today,
              HOTLINE_MAX_AGE_DAYS, "re-check the number and its source")


def _trainable(nlu: NluData, out: Collector) -> None:
    """What the models train on has enough examples of every class (else the start would fail)."""
    intents = [ex.intent for ex in nlu.examples]
    categories = [ex.category for ex in nlu.risk_corpus]
    groups: list[tuple[str, str, list[str], Sequence[Example | RiskExample]]] = [
        ("intent", "the intent classifier", intents, nlu.examples),
        ("risk category", "the risk model", categories, nlu.risk_corpus),
        ("method check category", "the method check", [ex.category for ex in nlu.method_corpus], nlu.method_corpus),
        ("look-alike file", "the look-alike check", [ex.category for ex in nlu.lookalikes], nlu.lookalikes)]
    for kind, model, names, examples in groups:
        counts = Counter(names)
        small = {name for name, n in counts.items() if n < MIN_EXAMPLES}
        for name, ex in zip(names, examples, strict=True) if small else ():  # walked only when a class is too small
            if name in small:
                small.discard(name)  # once per class, at its first example
                out.error(ex.path, ex.line, f"{kind} '{name}' has {counts[name]} example; {model} needs at least "
                          f"{MIN_EXAMPLES} of each {kind}")


def _references(lib: Library, r: Response, out: Collector, origins: Origins) -> None:
    for target in r.targets:
        key = "answers" if target in r.answers.values() else "buttons"
        line = origins.line(r.id, key) or r.where.line
        if target == r.id:
            out.error(r.where.path, line, f"{r.id}: {key}: a response cannot link to itself")
        elif target not in lib.responses and target not in origins.broken_ids:
            out.error(r.where.path, line, f"{r.id}: button to unknown response '{target}'"
                                          f"{did_you_mean(target, lib.responses)}")


def _placeholders(lib: Library, r: Response, out: Collector, origins: Origins) -> None:
    found = {lang: sorted(r.placeholders(lang)) for lang in LANGS}
    unclosed = {lang: _unclosed(r.text[lang]) for lang in LANGS}
    if len({tuple(v) for v in found.values()}) > 1 and not any(unclosed.values()):
        detail = "; ".join(f"{lang}: {', '.join(v) or 'none'}" for lang, v in found.items())
        out.error(r.where.path, origins.line(r.id, "text") or r.where.line, f"{r.id}: placeholders differ between "
                  f"locales ({detail}): both languages name the same hotlines")
    for lang in LANGS:
        for inner in found[lang]:
            line = origins.find(r.id, f"{{{inner}}}", "text", lang) or r.where.line
            problem = _placeholder_problem(lib, inner, origins)
            if problem:
                out.error(r.where.path, line, f"{r.id}: text.{lang}: {problem}")
        for fragment in unclosed[lang]:
            line = origins.find(r.id, fragment, "text", lang) or r.where.line
            out.error(r.where.path, line, f"{r.id}: text.{lang}: '{fragment}' is not closed: a placeholder is "
                                          "written {hotline:ID} with both braces (users would see it as written)")


def _placeholder_problem(lib: Library, inner: str, origins: Origins) -> str | None:
    """What is wrong with one `{...}` of a text, with a guess at what was meant; None when it is fine."""
    kind, _, ref = inner.partition(":")
    if kind == "ui" and ref in policy.UI_PLACEHOLDERS:
        return None
    if kind == "hotline" and ref:
        if ref in lib.hotlines or ref in origins.broken_ids:
            return None
        return f"unknown hotline '{ref}'{did_you_mean(ref, lib.hotlines)}"
    known = [f"hotline:{h}" for h in lib.hotlines] + [f"ui:{name}" for name in policy.UI_PLACEHOLDERS]
    supported = ", ".join(f"{{ui:{name}}}" for name in sorted(policy.UI_PLACEHOLDERS))
    guess = closest(inner, known)
    return (f"unknown placeholder '{{{inner}}}'" + (f": did you mean '{{{guess}}}'?" if guess else "")
            + f" (supported: {{hotline:ID}}, {supported})")


_LONE_BRACE = re.compile(r"\{[^\s{}]*|[^\s{}]*\}")


def _unclosed(text: str) -> list[str]:
    """Each `{` or `}` of a text without its partner, with the word it is part of (`{hotline:sapa129`)."""
    blanked = PLACEHOLDER_RE.sub(lambda m: " " * len(m.group(0)), text)  # complete placeholders out of the way
    return [text[m.start():m.end()] for m in _LONE_BRACE.finditer(blanked)]


def _length(lib: Library, r: Response, out: Collector) -> None:
    for lang in LANGS:
        size = len(lib.render(r.id, lang))
        if size > TELEGRAM_LIMIT:
            out.error(r.where.path, r.where.line, f"{r.id}: text.{lang} is {size} characters once rendered "
                      f"(Telegram allows {TELEGRAM_LIMIT}): shorten it, or move part of it to a follow-up response "
                      "behind a button")


def _review(r: Response, out: Collector, today: date, strict: bool) -> None:
    if r.review.status == "draft" and strict:
        out.error(r.where.path, r.where.line, f"{r.id}: review.status is draft (not reviewed by a qualified person)")
    # an approved response is checked against its approval record: approvals.check
    if r.review.on is not None:
        _date(out, r.where.path, r.where.line, f"{r.id}: review.on", r.review.on, today,
              REVIEW_MAX_AGE_DAYS, "review it again")


def _date(out: Collector, path: Path, line: int, label: str, value: date, today: date,
          max_age: int, advice: str) -> None:
    if value > today:
        out.error(path, line, f"{label} {value.isoformat()} is in the future")
    elif (today - value).days > max_age:
        out.warning(path, line, f"{label} {value.isoformat()} is older than {max_age} days: {advice}")


def _help_route(lib: Library, r: Response, out: Collector) -> None:
    """Topic answers must offer a button towards professional help or the help lines."""
    if r.intent in policy.SMALL_TALK or r.intent in policy.HELP_ROUTE_INTENTS or policy.is_risk_response(r.id):
        return
    if not any(t.split(".", 1)[0] in policy.HELP_ROUTE_INTENTS for t in r.targets):
        out.error(r.where.path, r.where.line, f"{r.id}: a topic answer needs a route to professional help "
                  f"(a button to {' or '.join(policy.HELP_ROUTE_INTENTS)})")
