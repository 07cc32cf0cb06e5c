"""The quality figures `teduh eval` holds the content to, measured on the held-out files.

The baseline is a JSON file beside the held-out files (`tests/data/eval_baseline.json` in a
checkout, `heldout/` in the installed package), so a maintainer's copy of the content
(TEDUH_CONTENT_DIR) is compared with its own baseline. Keys are sorted and figures rounded, so
updating it after a deliberate change makes a small, readable diff.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from bot.core.dialogue import Dialogue
from bot.core.policy import RISK_INTENTS
from bot.library.heldout import TEST_GLOB
from bot.library.problems import Collector, ContentError
from bot.library.todo import check_heldout
from bot.nlu import evaluate, evaluate_risk
from bot.nlu.evaluate_conversations import FOLDER as CONVERSATIONS
from bot.nlu.risk_data import read_corpus

FORMAT = 1
MAX_F1_DROP = 0.05  # an intent's F1 may fall this much on a held-out file
# Risk recall of a held-out file or a risk set may fall this much: on a held-out file (36 risk messages
# per language) one message lost fails; on the risk sets (600 and 960) a harmless new topic moves a
# message or two either way as the models retrain, and 0.005 is three and four messages.
MAX_RECALL_DROP = 0.005
MAX_CATEGORY_RECALL_DROP = 0.05  # one risk category in one language: three messages of forty fail
MAX_FALSE_ALARM_RISE = 0.01  # false alarms (a held-out file, a risk set's negatives)
MISREAD_RE = re.compile(r"^(\S+) read as (.+?): ")  # "sleep read as stress: <message>"
SHOWN = 0.0005  # a smaller move shows as 0.000: not worth a line
EPSILON = 1e-9  # figures are rounded to four places

Figures = dict[str, Any]


def risk_sets(folder: Path) -> list[Path]:
    """The categorised risk sets beside the held-out files (e.g. risk_dev/, risk_eval/); not the conversations
    (`teduh eval --conversations`, tests/test_conversations.py)."""
    return sorted(p for p in folder.iterdir()
                  if p.is_dir() and p.name != CONVERSATIONS and any(p.glob("*.yml")))


def measure(dialogue: Dialogue, folder: Path, base: Path) -> Figures:
    """Every figure the gate compares: topics per language, risk per set, category and language.
    ContentError (paths shown relative to `base`) for a placeholder or a malformed file."""
    todo = Collector(base)
    check_heldout(folder, todo)
    if todo.errors:
        raise ContentError(todo.errors)
    intents: dict[str, Any] = {}
    for path in sorted(folder.glob(TEST_GLOB)):
        lang = path.stem.removeprefix("nlu_test_")
        examples = evaluate.read_test_file(path)
        outcomes = evaluate.run(dialogue.nlu, examples)
        result = evaluate.report(outcomes)
        risk_messages = sum(1 for e in examples if e.intent in RISK_INTENTS)
        intents[lang] = {
            "examples": result["examples"], "macro_f1": result["macro_f1"],
            "risk_messages": risk_messages, "risk_recall": result["risk_recall"],
            "false_alarm_rate": result["false_alarm_rate"],
            "f1": {name: m["f1"] for name, m in result["per_intent"].items()},
            # the held-out messages behind the figures, so a failure can name those that changed
            "missed": sorted(result["risk_missed"]),
            "misread": sorted(f"{o.example.intent} read as {o.predicted}: {o.example.text}"
                              for o in outcomes if o.predicted != o.example.intent),
        }
    risk: dict[str, Any] = {}
    for path in risk_sets(folder):
        out = Collector(base)
        corpus = read_corpus(path, out, require_all=False)
        if out.errors:
            raise ContentError(out.errors)
        result = evaluate_risk.report(evaluate_risk.run(dialogue, corpus))
        categories = {f"{row['category']}/{row['language']}": {
            k: row[k] for k in ("n", "recall", "false_alarm") if k in row} for row in result["categories"]}
        risk[path.name] = {k: result[k] for k in ("messages", "recall", "false_alarm_hard", "false_alarm_ordinary")}
        risk[path.name]["categories"] = categories
    return {"format": FORMAT, "intents": intents, "risk": risk}


def read(path: Path) -> Figures | None:
    """The baseline at `path`, None when there is none; ValueError naming the file when it is unreadable."""
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError(f"{path}: cannot read the baseline ({exc}); restore it from git or run "
                         "`teduh eval --update-baseline`") from exc
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ValueError(f"{path}: not a baseline of format {FORMAT}; run `teduh eval --update-baseline`")
    return data


def write(path: Path, figures: Figures) -> None:
    """Sorted keys, two-space indent, a final newline: one changed figure is one changed line."""
    path.write_text(json.dumps(figures, indent=2, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")


@dataclass(frozen=True)
class Limits:
    """How far a figure may move from the baseline before `teduh eval` fails, and the absolute gates."""

    max_f1_drop: float = MAX_F1_DROP
    max_recall_drop: float = MAX_RECALL_DROP
    max_category_recall_drop: float = MAX_CATEGORY_RECALL_DROP
    max_false_alarm_rise: float = MAX_FALSE_ALARM_RISE
    min_recall: float | None = None  # the --min-recall … options of `teduh eval --risk`, for every risk set
    min_category_recall: float | None = None
    max_false_alarm: float | None = None
    max_ordinary_false_alarm: float | None = None


@dataclass(frozen=True)
class Change:
    """One figure that differs from the baseline (or is new, or gone), and the gate it fails, if any."""

    section: str  # "topics, held-out messages (id)", "risk set risk_eval"
    what: str  # "F1 of sleep", "risk recall"
    before: float | None
    after: float | None
    failed: str | None = None  # why it fails a gate, in words
    detail: str = ""  # how many messages the change is
    messages: tuple[str, ...] = ()  # held-out messages behind a failure, to show the maintainer

    def __str__(self) -> str:
        if self.before == self.after:
            moved = _num(self.after)
        elif self.before is None:
            moved = f"new: {_num(self.after)} (not in the baseline)"
        elif self.after is None:
            moved = f"{_num(self.before)} -> gone"
        else:
            detail = f": {self.detail}" if self.detail else ""
            moved = f"{_num(self.before)} -> {_num(self.after)} ({self.after - self.before:+.3f}{detail})"
        return f"{self.what} {moved}" + (f"  FAILED: {self.failed}" if self.failed else "")


    def summary(self) -> str:
        """One line for a failed gate: where, what, and by how much."""
        moved = _num(self.after) if self.before == self.after else f"{_num(self.before)} -> {_num(self.after)}"
        return f"{self.section}: {self.what} {moved}: {self.failed}"


def _num(value: float | None) -> str:
    return "n/a" if value is None else str(value) if isinstance(value, int) else f"{value:.3f}"  # a count stays whole


def _count(delta: float, unit: tuple[int, str, str]) -> str:
    """'1 of 36 risk messages no longer flagged', '2 more of 322 messages alarmed', or ''."""
    n, noun, verb = unit
    k = round(abs(delta) * n)
    if not k:
        return ""
    return f"{k} more of {n} {noun} {verb}" if delta > 0 else f"{k} of {n} {noun} no longer {verb}"


def compare(base: Figures, now: Figures, limits: Limits = Limits()) -> list[Change]:
    """Every figure that moved, topic by topic and category by category, with the gates it fails."""
    changes: list[Change] = []
    for lang in sorted(set(base["intents"]) | set(now["intents"])):
        b, n = base["intents"].get(lang), now["intents"].get(lang)
        section = f"topics, held-out messages ({lang})"
        if b is None or n is None:
            changes.append(Change(section, "held-out file", b and b["examples"], n and n["examples"],
                                  None if n else "its held-out file is gone"))
            continue
        changes += _moved(section, "macro-F1", b["macro_f1"], n["macro_f1"])
        changes += _with(_moved(section, "risk recall", b["risk_recall"], n["risk_recall"],
                                drop=limits.max_recall_drop, unit=(n["risk_messages"], "risk messages", "flagged")),
                         [f"no longer flagged: {text}" for text in _new(n["missed"], b.get("missed"))])
        changes += _moved(section, "false alarms", b["false_alarm_rate"], n["false_alarm_rate"],
                          rise=limits.max_false_alarm_rise,
                          unit=(n["examples"] - n["risk_messages"], "other messages", "alarmed"))
        for intent in sorted(set(b["f1"]) | set(n["f1"])):
            misread = [f"now misread: {m}" for m in _new(n["misread"], b.get("misread"))
                       if intent in MISREAD_RE.match(m).groups()]  # type: ignore[union-attr]
            changes += _with(_moved(section, f"F1 of {intent}", b["f1"].get(intent), n["f1"].get(intent),
                                    drop=limits.max_f1_drop), misread)
    for name in sorted(set(base["risk"]) | set(now["risk"])):
        b, n = base["risk"].get(name), now["risk"].get(name)
        section = f"risk set {name}"
        if b is None or n is None:
            changes.append(Change(section, "messages", b and b["messages"], n and n["messages"],
                                  None if n else "the risk set is gone"))
            continue
        changes += _moved(section, "risk recall", b["recall"], n["recall"], drop=limits.max_recall_drop)
        changes += _moved(section, "false alarms, hard negatives", b["false_alarm_hard"], n["false_alarm_hard"],
                          rise=limits.max_false_alarm_rise)
        changes += _moved(section, "false alarms, ordinary messages", b["false_alarm_ordinary"],
                          n["false_alarm_ordinary"], rise=limits.max_false_alarm_rise)
        for key in sorted(set(b["categories"]) | set(n["categories"])):
            bc, nc = b["categories"].get(key, {}), n["categories"].get(key, {})
            size = nc.get("n", bc.get("n", 0))
            if "recall" in bc or "recall" in nc:
                changes += _moved(section, f"recall of {key}", bc.get("recall"), nc.get("recall"),
                                  drop=limits.max_category_recall_drop, unit=(size, "messages", "caught"))
            else:
                changes += _moved(section, f"false alarms of {key}", bc.get("false_alarm"), nc.get("false_alarm"),
                                  unit=(size, "messages", "alarmed"))
        changes += _absolute(section, n, limits)
    return changes


def _moved(section: str, what: str, before: float | None, after: float | None, *, drop: float | None = None,
           rise: float | None = None, unit: tuple[int, str, str] | None = None) -> list[Change]:
    if before == after:
        return []
    if before is None or after is None:
        return [Change(section, what, before, after)]
    if abs(after - before) < SHOWN:
        return []
    failed = None
    if drop is not None and before - after > drop + EPSILON:
        failed = f"fell by {before - after:.3f}; the gate allows {drop:.3f}"
    elif rise is not None and after - before > rise + EPSILON:
        failed = f"rose by {after - before:.3f}; the gate allows {rise:.3f}"
    return [Change(section, what, before, after, failed, _count(after - before, unit) if unit else "")]


def _new(now: list[str], before: list[str] | None) -> list[str]:
    """What is in `now` and was not in the baseline (all of it when the baseline did not keep the list)."""
    return [m for m in now if m not in set(before or ())]


def _with(changes: list[Change], messages: list[str]) -> list[Change]:
    """The messages go with a failed change, so the maintainer sees what to fix."""
    return [replace(c, messages=tuple(messages)) if c.failed else c for c in changes]


def _absolute(section: str, n: Figures, limits: Limits) -> list[Change]:
    """The fixed gates given on the command line (--min-recall …), as in `teduh eval --risk`."""
    found = []
    checks = [("risk recall", n["recall"], limits.min_recall, True),
              ("false alarms, hard negatives", n["false_alarm_hard"], limits.max_false_alarm, False),
              ("false alarms, ordinary messages", n["false_alarm_ordinary"], limits.max_ordinary_false_alarm, False)]
    checks += [(f"recall of {key}", c["recall"], limits.min_category_recall, True)
               for key, c in sorted(n["categories"].items()) if "recall" in c]
    for what, value, limit, above in checks:
        if limit is not None and value is not None and ((value < limit) if above else (value > limit)):
            found.append(Change(section, what, value, value,
                                f"{value:.4f} is {'below' if above else 'above'} the gate {limit:.4f}"))
    return found
