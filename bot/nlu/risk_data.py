"""Reads a categorised risk corpus: `intents/risk/<category>.yml` (training) or `tests/data/risk_eval/` (testing).

Each file is one category, with the judgement every message in it should get:

    version: 1
    risk: {level: high, kind: suicide, who: self, stage: plan}
    examples:
      id: |
        - udah nyimpen obat dari sebulan lalu
      en: |
        - i've been saving up my pills

Problems are reported as `path:line` and the file is skipped.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from bot.library import yamlsrc
from bot.library.content import LANGS
from bot.library.problems import Collector

LEVELS = ("none", "possible", "high", "emergency")
KINDS = ("suicide", "self_harm", "abuse", "none")
WHOS = ("self", "other", "none")
STAGES = ("wish", "thoughts", "method", "intent", "plan", "preparation", "act", "past", "topic", "none")  # topic: talked about, not lived
FIELDS = {"level": LEVELS, "kind": KINDS, "who": WHOS, "stage": STAGES}


@dataclass(frozen=True)
class Label:
    """What a message of a category should get."""

    level: str
    kind: str = "none"
    who: str = "self"
    stage: str = "none"


class RiskExample(NamedTuple):
    """One message of the corpus (a named tuple: 31,000 of them are made at every start)."""

    text: str
    category: str  # the file's name without .yml
    lang: str
    label: Label
    path: Path
    line: int


def read_category(path: Path, out: Collector, *, require_all: bool = True) -> list[RiskExample]:
    """One category file. `require_all`: training files name all four fields, test files may name only `level`."""
    src = yamlsrc.load(path, out)
    if src is None:
        return []
    data: Any = src.data
    if not isinstance(data, dict) or set(data) != {"version", "risk", "examples"}:
        out.error(path, src.line(), "expected exactly 'version: 1', 'risk: {level, kind, who, stage}' and 'examples'")
        return []
    label = _label(data["risk"], src, out, require_all)
    blocks = data["examples"]
    if not isinstance(blocks, dict) or not blocks or set(blocks) - set(LANGS):
        out.error(path, src.line("examples"), f"examples: one '|' block per language ({', '.join(LANGS)})")
        return []
    if label is None:
        return []
    found: list[RiskExample] = []
    category = path.stem
    for lang, block in blocks.items():
        if not isinstance(block, str):
            out.error(path, src.line("examples", lang), f"examples.{lang}: expected a '|' block of '- ' lines")
            continue
        for text, line in yamlsrc.dash_lines(block, src.line("examples", lang) + 1, path, out, f"examples.{lang}"):
            found.append(RiskExample(text, category, lang, label, path, line))
    return found


def _label(risk: Any, src: yamlsrc.Source, out: Collector, require_all: bool) -> Label | None:
    if not isinstance(risk, dict) or "level" not in risk:
        out.error(src.path, src.line("risk"), "risk: expected a mapping with at least 'level'")
        return None
    ok = True
    for name, value in risk.items():
        allowed = FIELDS.get(str(name))
        if allowed is None:
            out.error(src.path, src.line("risk", name), f"risk: unknown key '{name}' (use {', '.join(FIELDS)})")
            ok = False
        elif value not in allowed:
            out.error(src.path, src.line("risk", name), f"risk.{name}: '{value}' is not one of {', '.join(allowed)}")
            ok = False
    missing = [name for name in FIELDS if name not in risk]
    if require_all and missing:
        out.error(src.path, src.line("risk"), f"risk: missing {', '.join(missing)}")
        ok = False
    if not ok:
        return None
    none = risk["level"] == "none"
    return Label(risk["level"], risk.get("kind", "none"), risk.get("who", "none" if none else "self"),
                 risk.get("stage", "none"))


def read_corpus(folder: Path, out: Collector, *, require_all: bool = True) -> list[RiskExample]:
    """Every category file in `folder`, duplicates across categories reported."""
    examples: list[RiskExample] = []
    for path in sorted(folder.glob("*.yml")):
        examples.extend(read_category(path, out, require_all=require_all))
    seen: dict[str, RiskExample] = {}
    for ex in examples:
        prior = seen.setdefault(ex.text.lower(), ex)
        if prior is not ex and prior.category != ex.category:
            out.error(ex.path, ex.line, f"'{ex.text}' is in {ex.category} and also {prior.category} "
                      f"({out.rel(prior.path)}:{prior.line})")
    return examples
