"""The safe-messaging lint: rules read from `responses/safe_messaging.yml`, checked on every response text.

A rule is a regular expression per language. `{name}` in a pattern stands for one of the file's
`words:` lists (any of its entries), so a word such as a condition name is written once and
every rule that needs it stays in step.
"""

from __future__ import annotations

import re
from typing import Any

from bot.library import yamlsrc
from bot.library.content import (
    LANGS,
    PLACEHOLDER_RE,
    Library,
    LintRule,
    Response,
    Where,
)
from bot.library.problems import Collector

WORDS_RE = re.compile(r"\{([a-z][a-z_]*)\}")  # `{name}`; a quantifier like {0,2} has no letters
RULE_KEYS = {"pattern", "lang", "why"}
RULE_OPTIONAL = {"instead"}


def read_rules(src: yamlsrc.Source, out: Collector) -> tuple[LintRule, ...]:
    """The rules of one lint file; every problem goes to `out` at its line."""
    data = src.data
    if not isinstance(data, dict) or not {"version", "rules"} <= set(data):
        out.error(src.path, src.line(), "a lint file needs 'version: 1' and a 'rules:' list")
        return ()
    for name in sorted(set(data) - {"version", "rules", "words"}):
        out.error(src.path, src.line(name), f"unknown key '{name}' (expected version, words, rules)")
    if data["version"] != 1:
        out.error(src.path, src.line("version"), f"unsupported version {data['version']!r} (expected 1)")
    words = _words(src, data.get("words", {}), out)
    items = data["rules"]
    if not isinstance(items, list):
        out.error(src.path, src.line("rules"), "'rules' must be a list")
        return ()
    return tuple(rule for i, item in enumerate(items) if (rule := _rule(src, item, i, words, out)))


def _words(src: yamlsrc.Source, data: Any, out: Collector) -> dict[str, str]:
    """Each `words:` list as one regular-expression alternative, `(?:a|b|c)`."""
    if not isinstance(data, dict):
        out.error(src.path, src.line("words"), "words: expected lists by name (name: [word, word])")
        return {}
    found: dict[str, str] = {}
    for name, entries in data.items():
        line = src.line("words", name)
        if not (isinstance(name, str) and re.fullmatch(r"[a-z][a-z_]*", name)):
            out.error(src.path, line, f"words: list name '{name}' must be lowercase letters and '_'")
        elif not (isinstance(entries, list) and entries and all(isinstance(e, str) and e.strip() for e in entries)):
            out.error(src.path, line, f"words.{name}: expected a list of non-empty words")
        else:
            found[name] = "(?:" + "|".join(e.strip() for e in entries) + ")"
    return found


def _rule(src: yamlsrc.Source, item: Any, i: int, words: dict[str, str], out: Collector) -> LintRule | None:
    label, line = f"rule #{i + 1}", src.line("rules", i)
    if not isinstance(item, dict):
        out.error(src.path, line, f"{label}: expected a mapping with pattern, lang and why")
        return None
    for name in sorted(set(item) - RULE_KEYS - RULE_OPTIONAL):
        out.error(src.path, src.line("rules", i, name), f"{label}: unknown key '{name}'")
    missing = sorted(RULE_KEYS - set(item))
    for name in missing:
        out.error(src.path, line, f"{label}: missing key '{name}'")
    if missing:
        return None
    if item["lang"] not in (*LANGS, "any"):
        out.error(src.path, src.line("rules", i, "lang"), f"{label}: lang must be id, en or any")
        return None
    raw = str(item["pattern"])
    unknown = sorted({n for n in WORDS_RE.findall(raw) if n not in words})
    if unknown:
        known = ", ".join(f"{{{n}}}" for n in sorted(words)) or "none"
        out.error(src.path, src.line("rules", i, "pattern"), f"{label}: unknown word list "
                  f"{', '.join(f'{{{n}}}' for n in unknown)} (lists under 'words:': {known})")
        return None
    try:
        pattern = re.compile(WORDS_RE.sub(lambda m: words[m.group(1)], raw), re.IGNORECASE)
    except re.error as exc:
        out.error(src.path, src.line("rules", i, "pattern"),
                  f"{label}: pattern is not a valid regular expression: {exc}")
        return None
    return LintRule(pattern, item["lang"], str(item["why"]), Where(src.path, line), str(item.get("instead") or ""))


def check(lib: Library, r: Response, out: Collector) -> None:
    """Report, per language, the first phrase each rule forbids in `r`'s text; a phrase two rules
    find is reported once, by the first rule in the file."""
    for lang in LANGS:
        text = PLACEHOLDER_RE.sub(" ", r.text[lang])
        taken: list[tuple[int, int]] = []
        for rule in lib.lint_rules:
            if rule.lang not in (lang, "any"):
                continue
            for m in rule.pattern.finditer(text):
                if any(m.start() < end and start < m.end() for start, end in taken):
                    continue
                taken.append(m.span())
                instead = f"; instead: {rule.instead}" if rule.instead else ""
                out.error(r.where.path, r.where.line, f"{r.id}: text.{lang}: safe messaging: "
                          f"'{m.group(0)}' — {rule.why}{instead} "
                          f"(rule at {out.rel(rule.where.path)}:{rule.where.line})")
                break
