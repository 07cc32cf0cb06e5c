"""`teduh eval`: how well the NLU does on held-out messages (or by cross-validation)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.core.policy import RISK_INTENTS
from bot.library.problems import Collector, ContentError
from bot.nlu.data import Example, NluData, read_examples
from bot.nlu.pipeline import Nlu

NOT_UNDERSTOOD = "(not understood)"


@dataclass(frozen=True)
class Outcome:
    example: Example
    predicted: str
    risk: str
    who: str = "self"  # whose risk the risk check read

    @property
    def alarm(self) -> bool:
        """Whether the bot takes the risk path (crisis reply or the direct question).

        Someone else's risk gets the helper's answer instead, so that is not an alarm for the writer."""
        return self.risk != "none" and self.who != "other"


def run(nlu: Nlu, examples: Sequence[Example]) -> list[Outcome]:
    outcomes = []
    for ex in examples:
        parse = nlu.parse(ex.text)
        outcomes.append(Outcome(ex, parse.intent or NOT_UNDERSTOOD, parse.risk.level.label, parse.risk.who))
    return outcomes


def cross_validate(data: NluData, threshold: float, folds: int = 5, seed: int = 7) -> list[Outcome]:
    """Train on k-1 folds and test on the rest, k times."""
    # imported here, not at the top: the bot's start does without scikit-learn
    from sklearn.model_selection import StratifiedKFold

    examples = list(data.examples)
    labels = [e.intent for e in examples]
    folds = max(2, min(folds, min(Counter(labels).values())))
    outcomes: list[Outcome] = []
    for train_idx, test_idx in StratifiedKFold(folds, shuffle=True, random_state=seed).split(examples, labels):
        train = NluData(tuple(examples[i] for i in train_idx), data.lexicon, data.risk_phrases)
        outcomes += run(Nlu(train, threshold), [examples[i] for i in test_idx])
    return outcomes


def report(outcomes: Sequence[Outcome]) -> dict[str, Any]:
    # imported here, not at the top: the bot's start does without scikit-learn
    from sklearn.metrics import precision_recall_fscore_support

    gold = [o.example.intent for o in outcomes]
    pred = [o.predicted for o in outcomes]
    intents = sorted(set(gold))
    p, r, f, n = precision_recall_fscore_support(gold, pred, labels=intents, zero_division=0)
    risky = [o for o in outcomes if o.example.intent in RISK_INTENTS]
    safe = [o for o in outcomes if o.example.intent not in RISK_INTENTS]
    confused = Counter((o.example.intent, o.predicted) for o in outcomes if o.example.intent != o.predicted)
    return {
        "examples": len(outcomes),
        "per_intent": {i: {"precision": round(float(p[k]), 3), "recall": round(float(r[k]), 3),
                           "f1": round(float(f[k]), 3), "support": int(n[k])} for k, i in enumerate(intents)},
        "macro_f1": round(float(f.mean()), 4) if len(f) else 0.0,
        "accuracy": round(sum(g == q for g, q in zip(gold, pred)) / len(gold), 4) if gold else 0.0,
        "risk_recall": round(sum(o.risk != "none" for o in risky) / len(risky), 4) if risky else None,
        "false_alarm_rate": round(sum(o.alarm for o in safe) / len(safe), 4) if safe else None,
        "risk_missed": [o.example.text for o in risky if o.risk == "none"],
        "false_alarms": [o.example.text for o in safe if o.alarm],
        "confused": [{"gold": g, "predicted": q, "count": c} for (g, q), c in confused.most_common(10)],
    }


def render_text(result: dict[str, Any], title: str) -> str:
    lines = [title, f"{'intent':<26}{'prec':>7}{'recall':>8}{'f1':>7}{'n':>5}"]
    for intent, m in result["per_intent"].items():
        lines.append(f"{intent:<26}{m['precision']:>7.3f}{m['recall']:>8.3f}{m['f1']:>7.3f}{m['support']:>5}")
    lines.append(f"macro-F1 {result['macro_f1']:.4f}   accuracy {result['accuracy']:.4f}   "
                 f"examples {result['examples']}")
    if result["risk_recall"] is not None:
        lines.append(f"risk recall {result['risk_recall']:.4f} (risk messages flagged possible or high)")
    if result["false_alarm_rate"] is not None:
        lines.append(f"false-alarm rate {result['false_alarm_rate']:.4f} (other messages sent the crisis reply or the risk question)")
    for text in result["risk_missed"]:
        lines.append(f"  MISSED RISK: {text}")
    if result["confused"]:
        lines.append("most confused (gold -> predicted):")
        lines += [f"  {c['gold']} -> {c['predicted']}: {c['count']}" for c in result["confused"][:5]]
    return "\n".join(lines)


def read_test_file(path: Path) -> list[Example]:
    """Held-out examples in Rasa NLU format; ContentError with `path:line` when malformed."""
    out = Collector(Path.cwd())
    examples = read_examples(path, path.stem, out)
    if out.errors:
        raise ContentError(out.errors)
    return examples
