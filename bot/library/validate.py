"""`teduh validate`: every rule that looks across the content files, and the loading the bot shares.

Shape problems come from the loaders (content_load.py, nlu/data.py, i18n.py); this module adds
references, placeholders, lengths, dates, freshness, review status, the
safe-messaging lint and the crisis-route rule, and collects them all.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from bot.core import policy
from bot.library.catalogs import Catalogs
from bot.library.content import LANGS, PLACEHOLDER_RE, Library, Response
from bot.library.load import read_library
from bot.library.problems import Collector, Problem, Severity
from bot.library.todo import check as check_todo
from bot.nlu.data import NluData, read_nlu_data

TELEGRAM_LIMIT = 4096
HOTLINE_MAX_AGE_DAYS = 180
REVIEW_MAX_AGE_DAYS = 365
MIN_CRISIS_ROUTES = 2
MIN_EXAMPLES = 2  # the classifiers calibrate by cross-validation: two examples of every class at least


@dataclass(frozen=True)
class Content:
    """Everything the bot reads from a content folder, and every problem found on the way."""

    problems: list[Problem]  # sorted by file and line
    library: Library
    nlu: NluData
    catalogs: Catalogs | None  # None when a catalog has errors

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]


def load_content(content_dir: Path, today: date, strict: bool = False) -> Content:
    """Read and check intents/, responses/ and locales/: the one loader of `teduh validate`, the
    bot's start and /reload, so a clean validate means a clean start."""
    out = Collector(content_dir)
    library = read_library(content_dir / "responses", out)
    nlu = read_nlu_data(content_dir / "intents", out)
    catalogs = Catalogs.read(content_dir / "locales", out)
    check_library(library, nlu, out, today, strict)
    check_todo(content_dir, out)  # what `teduh new-topic` left to fill in
    return Content(sorted(out.problems), library, nlu, catalogs)


def validate(content_dir: Path, today: date, strict: bool = False) -> tuple[list[Problem], Library, NluData]:
    """All problems in a content folder (intents/, responses/, locales/), sorted by file and line."""
    content = load_content(content_dir, today, strict)
    return content.problems, content.library, content.nlu


def check_library(lib: Library, nlu: NluData, out: Collector, today: date, strict: bool) -> None:
    intents = nlu.intents
    answered: dict[str, Response] = {}
    for r in lib.responses.values():
        _references(lib, r, out)
        _placeholders(lib, r, out)
        _length(lib, r, out)
        _review(r, out, today, strict)
        _lint(lib, r, out)
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
        if intents and r.intent not in intents:
            out.error(r.where.path, r.where.line, f"{r.id}: intent '{r.intent}' has no training examples in intents/")
        _help_route(lib, r, out)
    unanswered = set(intents) - set(answered)
    for ex in nlu.examples:
        if ex.intent in unanswered:
            unanswered.discard(ex.intent)
            out.error(ex.path, ex.line, f"intent '{ex.intent}' has no response (add one with 'intent: {ex.intent}')")
    for intent in policy.RISK_INTENTS:
        crisis = lib.for_intent(intent)
        if crisis is not None and crisis.asks != policy.SAFETY:
            out.error(crisis.where.path, crisis.where.line, f"{crisis.id}: a crisis reply asks \"are you safe right "
                      "now?\" and says so with 'asks: safety' and its answers")
    for rid in policy.required_ids():
        if rid not in lib.responses:
            out.error(out.base / "responses", 1, f"required response '{rid}' is missing")
    _trainable(nlu, out)
    for h in lib.hotlines.values():
        _date(out, h.where.path, h.where.line, f"hotline {h.id}: verified_on", h.verified_on, today,
              HOTLINE_MAX_AGE_DAYS, "re-check the number and its source")


def _trainable(nlu: NluData, out: Collector) -> None:
    """What the models train on has enough examples of every class (else the start would fail)."""
    groups = [("intent", "the intent classifier", [(ex.intent, ex.path, ex.line) for ex in nlu.examples]),
              ("risk category", "the risk model", [(ex.category, ex.path, ex.line) for ex in nlu.risk_corpus])]
    for kind, model, found in groups:
        counts = Counter(name for name, _, _ in found)
        for name, path, line in found:
            if 0 < counts[name] < MIN_EXAMPLES:
                out.error(path, line, f"{kind} '{name}' has {counts[name]} example; {model} needs at least "
                          f"{MIN_EXAMPLES} of each {kind}")
                counts[name] = 0  # once per class


def _references(lib: Library, r: Response, out: Collector) -> None:
    for target in r.targets:
        if target not in lib.responses:
            out.error(r.where.path, r.where.line, f"{r.id}: button to unknown response '{target}'")
        elif target == r.id:
            out.error(r.where.path, r.where.line, f"{r.id}: a response cannot link to itself")


def _placeholders(lib: Library, r: Response, out: Collector) -> None:
    found = {lang: sorted(r.placeholders(lang)) for lang in LANGS}
    if len({tuple(v) for v in found.values()}) > 1:
        detail = "; ".join(f"{lang}: {', '.join(v) or 'none'}" for lang, v in found.items())
        out.error(r.where.path, r.where.line, f"{r.id}: placeholders differ between locales ({detail})")
    for lang in LANGS:
        for inner in found[lang]:
            kind, _, ref = inner.partition(":")
            if kind == "ui" and ref in policy.UI_PLACEHOLDERS:
                continue
            if kind != "hotline" or not ref:
                known = ", ".join(f"{{ui:{name}}}" for name in sorted(policy.UI_PLACEHOLDERS))
                out.error(r.where.path, r.where.line, f"{r.id}: text.{lang}: unknown placeholder '{{{inner}}}' "
                          f"(supported: {{hotline:ID}}, {known})")
            elif ref not in lib.hotlines:
                out.error(r.where.path, r.where.line, f"{r.id}: text.{lang}: unknown hotline '{ref}'")


def _length(lib: Library, r: Response, out: Collector) -> None:
    for lang in LANGS:
        size = len(lib.render(r.id, lang))
        if size > TELEGRAM_LIMIT:
            out.error(r.where.path, r.where.line, f"{r.id}: text.{lang} is {size} characters once rendered "
                      f"(Telegram allows {TELEGRAM_LIMIT})")


def _review(r: Response, out: Collector, today: date, strict: bool) -> None:
    if r.review.status == "draft":
        if strict:
            out.error(r.where.path, r.where.line, f"{r.id}: review.status is draft (not reviewed by a qualified person)")
    elif not r.review.by or r.review.on is None:
        out.error(r.where.path, r.where.line, f"{r.id}: an approved response needs review.by and review.on")
    if r.review.on is not None:
        _date(out, r.where.path, r.where.line, f"{r.id}: review.on", r.review.on, today,
              REVIEW_MAX_AGE_DAYS, "review it again")


def _date(out: Collector, path: Path, line: int, label: str, value: date, today: date,
          max_age: int, advice: str) -> None:
    if value > today:
        out.error(path, line, f"{label} {value.isoformat()} is in the future")
    elif (today - value).days > max_age:
        out.warning(path, line, f"{label} {value.isoformat()} is older than {max_age} days: {advice}")


def _lint(lib: Library, r: Response, out: Collector) -> None:
    for lang in LANGS:
        text = PLACEHOLDER_RE.sub(" ", r.text[lang])
        for rule in lib.lint_rules:
            if rule.lang in (lang, "any") and (m := rule.pattern.search(text)):
                out.error(r.where.path, r.where.line, f"{r.id}: text.{lang}: safe messaging: "
                          f"'{m.group(0)}' — {rule.why} (rule at {out.rel(rule.where.path)}:{rule.where.line})")


def _help_route(lib: Library, r: Response, out: Collector) -> None:
    """Topic answers must offer a button towards professional help or the help lines."""
    if r.intent in policy.SMALL_TALK or r.intent in policy.HELP_ROUTE_INTENTS or policy.is_risk_response(r.id):
        return
    if not any(t.split(".", 1)[0] in policy.HELP_ROUTE_INTENTS for t in r.targets):
        out.error(r.where.path, r.where.line, f"{r.id}: a topic answer needs a route to professional help "
                  f"(a button to {' or '.join(policy.HELP_ROUTE_INTENTS)})")
