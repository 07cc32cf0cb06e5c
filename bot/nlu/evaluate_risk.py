"""`teduh eval --risk DIR`: the risk check on a categorised test set, per category and language.

Every message goes through the whole dialogue, as a first message, and what counts is the
reply a teen would get:
- a risk message is caught when the reply takes a risk path (the direct question, the
  crisis reply, the emergency reply or the helper's answer with routes);
- an act under way should get the emergency reply; a message about someone else at risk
  should get the helper's answer, not the writer's own crisis reply, and the writer's own
  risk not the helper's answer (each such message is listed too);
- a harmless message is a false alarm when it takes any risk path.

Every miss and false alarm is listed, except for a sealed set (`is_sealed`), whose figures alone are shown.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.core import policy
from bot.core.dialogue import Dialogue, Text, UserState
from bot.nlu.risk_data import RiskExample

RANK = {"none": 0, "possible": 1, "high": 2, "emergency": 3}
HELPER = (policy.FRIEND_INTENT,)  # the helper's answers live in this namespace
SEALED = "SEALED"  # the file that marks a sealed set (see is_sealed)
ORDINARY = "ordinary"  # a category whose name starts so holds everyday messages (gated apart from hard negatives)


@dataclass(frozen=True)
class Outcome:
    example: RiskExample
    level: str  # the reply's risk level
    response: str  # the first response in the reply
    raised_by: str | None = None  # a risk phrase or means pattern that raised the reading (Reply.risk_by)

    @property
    def caught(self) -> bool:
        """A risk path: a risk level, or a reply from the risk responses (crisis replies, the helper's)."""
        return self.level != "none" or policy.is_risk_response(self.response)

    @property
    def helper(self) -> bool:
        return self.caught and self.response.startswith(HELPER)

    @property
    def at_level(self) -> bool:
        """At least the level the message calls for (a clear plan: the crisis reply, not only the question)."""
        return RANK[self.level] >= RANK[self.example.label.level]

    @property
    def emergency(self) -> bool:
        return self.response in (policy.EMERGENCY, policy.FRIEND_URGENT)


def is_own_act(example: RiskExample) -> bool:
    """The writer's own act under way: the message should get the emergency reply."""
    return example.label.level == "emergency" and example.label.who == "self"


def run(dialogue: Dialogue, examples: Sequence[RiskExample]) -> list[Outcome]:
    outcomes = []
    for ex in examples:
        reply, _ = dialogue.handle(Text(ex.text), UserState(last_language=ex.lang))
        outcomes.append(Outcome(ex, reply.risk.label, reply.response_ids[0] if reply.response_ids else "",
                                reply.risk_by))
    return outcomes


def _share(hits: int, total: int) -> float | None:
    return round(hits / total, 4) if total else None


def report(outcomes: Sequence[Outcome]) -> dict[str, Any]:
    groups: dict[tuple[str, str], list[Outcome]] = defaultdict(list)
    for o in outcomes:
        groups[(o.example.category, o.example.lang)].append(o)
    rows = []
    for (category, lang), group in sorted(groups.items()):
        label = group[0].example.label
        is_risk = label.level != "none"
        row: dict[str, Any] = {"category": category, "language": lang, "n": len(group), "risk": is_risk,
                               "level": label.level, "who": label.who}
        if is_risk:
            row["recall"] = _share(sum(o.caught for o in group), len(group))
            if label.who == "self" and RANK[label.level] >= RANK["high"]:
                row["at_level"] = _share(sum(o.at_level for o in group), len(group))
        else:
            row["false_alarm"] = _share(sum(o.caught for o in group), len(group))
        if label.level == "emergency":
            row["emergency_reply"] = _share(sum(o.emergency for o in group), len(group))
        if label.who == "other":
            row["helper_answer"] = _share(sum(o.helper for o in group), len(group))
            row["own_crisis_reply"] = _share(sum(o.caught and not o.helper for o in group), len(group))
        rows.append(row)
    risky = [o for o in outcomes if o.example.label.level != "none"]
    hard = [o for o in outcomes if o.example.label.level == "none" and not o.example.category.startswith(ORDINARY)]
    ordinary = [o for o in outcomes if o.example.label.level == "none" and o.example.category.startswith(ORDINARY)]
    acts = [o for o in risky if is_own_act(o.example)]
    friends = [o for o in risky if o.example.label.who == "other"]
    own = [o for o in risky if o.example.label.who == "self"]
    clear = [o for o in risky if o.example.label.who == "self" and RANK[o.example.label.level] >= RANK["high"]]
    counts = {
        "recall": (sum(o.caught for o in risky), len(risky)),
        "false_alarm_hard": (sum(o.caught for o in hard), len(hard)),
        "false_alarm_ordinary": (sum(o.caught for o in ordinary), len(ordinary)),
        "clear_at_level": (sum(o.at_level for o in clear), len(clear)),
        "acts_emergency_reply": (sum(o.emergency for o in acts), len(acts)),
        "friends_helper_answer": (sum(o.helper for o in friends), len(friends)),
        "friends_own_crisis_reply": (sum(o.caught and not o.helper for o in friends), len(friends)),
        "own_risk_helper_answer": (sum(o.helper for o in own), len(own)),
        # the worst false alarm: "this is an emergency" (or a friend's) to a harmless message ("yes mom i took my meds")
        "harmless_emergency_reply": (sum(o.emergency for o in hard + ordinary), len(hard + ordinary)),
    }
    return {
        "messages": len(outcomes),
        "categories": rows,
        **{key: _share(hits, total) for key, (hits, total) in counts.items()},
        "counts": {key: [hits, total] for key, (hits, total) in counts.items() if total},
        "intervals": {key: interval(hits, total) for key, (hits, total) in counts.items() if total},
        "missed": [_line(o) for o in risky if not o.caught],
        "false_alarms": [_line(o) for o in hard + ordinary if o.caught],
        "as_friends": [_line(o) for o in own if o.helper],
        "raised_by": _raised_by(outcomes),
    }


def _raised_by(outcomes: Sequence[Outcome]) -> dict[str, dict[str, int]]:
    """Per phrase or pattern that raised a reading: the risk messages it caught and the harmless ones it alarmed
    (messages the model had flagged anyway count too: a maintainer sees what each pattern decides)."""
    found: dict[str, Counter[str]] = defaultdict(Counter)
    for o in outcomes:
        if o.raised_by and o.caught:
            found[o.raised_by]["risk" if o.example.label.level != "none" else "harmless"] += 1
    return {by: {"risk": c["risk"], "harmless": c["harmless"]} for by, c in sorted(found.items())}


def is_sealed(folder: Path) -> bool:
    """A sealed set (a file named SEALED beside its category files) is measured by its figures alone: nobody
    reads its messages, so it stays a test of messages the team has not seen (see tests/data/risk_sealed)."""
    return (folder / SEALED).is_file()


def sealed(result: dict[str, Any]) -> dict[str, Any]:
    """`result` without the texts of its misses and false alarms: how many per category and language stay."""
    def tally(lines: list[dict[str, str]]) -> dict[str, int]:
        return dict(sorted(Counter(f"{m['category']}/{m['language']}" for m in lines).items()))
    return {**result, "sealed": True, "missed": tally(result["missed"]), "false_alarms": tally(result["false_alarms"]),
            "as_friends": tally(result["as_friends"])}


def interval(hits: int, total: int) -> list[float]:
    """The 95 % Wilson score interval of the share `hits` / `total`: where the rate on messages like
    these most likely lies. A set of a few hundred messages cannot tell figures apart inside it."""
    from scipy.stats import binomtest  # only for evaluation: a start of the bot does without it

    found = binomtest(hits, total).proportion_ci(confidence_level=0.95, method="wilson")
    return [round(float(found.low), 4), round(float(found.high), 4)]


def _line(o: Outcome) -> dict[str, str]:
    by = f", raised by {o.raised_by}" if o.raised_by else ""
    return {"category": o.example.category, "language": o.example.lang, "text": o.example.text,
            "got": f"{o.level} ({o.response}{by})"}


def gates(result: dict[str, Any], min_recall: float | None, min_category_recall: float | None,
          max_false_alarm: float | None, max_ordinary_false_alarm: float | None) -> list[str]:
    """Every gate the figures fail, in words; empty when all hold."""
    failed = []

    def check(name: str, value: float | None, limit: float | None, above: bool) -> None:
        if limit is None or value is None:
            return
        if (value < limit) if above else (value > limit):
            failed.append(f"{name} {value:.4f} is {'below' if above else 'above'} the gate {limit:.4f}")

    check("risk recall", result["recall"], min_recall, above=True)
    for row in result["categories"]:
        if row["risk"]:
            check(f"recall of {row['category']} ({row['language']})", row["recall"], min_category_recall, above=True)
    check("false alarms on hard negatives", result["false_alarm_hard"], max_false_alarm, above=False)
    check("false alarms on ordinary messages", result["false_alarm_ordinary"], max_ordinary_false_alarm, above=False)
    return failed


def render_text(result: dict[str, Any]) -> str:
    lines = [f"{'category':<26}{'lang':>5}{'n':>5}{'recall':>8}{'false alarm':>13}  other"]
    for row in result["categories"]:
        extra = "  ".join(f"{k.replace('_', ' ')} {row[k]:.3f}" for k in
                          ("at_level", "emergency_reply", "helper_answer", "own_crisis_reply") if k in row)
        recall = f"{row['recall']:.3f}" if "recall" in row else ""
        alarm = f"{row['false_alarm']:.3f}" if "false_alarm" in row else ""
        lines.append(f"{row['category']:<26}{row['language']:>5}{row['n']:>5}{recall:>8}{alarm:>13}  {extra}")
    figures = [("risk recall", "recall"), ("false alarms, hard negatives", "false_alarm_hard"),
               ("false alarms, ordinary messages", "false_alarm_ordinary"),
               ("clear risk (plans, acts, goodbyes, …) at its level, not only asked", "clear_at_level"),
               ("acts under way -> emergency reply", "acts_emergency_reply"),
               ("friends -> helper's answer", "friends_helper_answer"),
               ("friends -> the writer's own crisis reply", "friends_own_crisis_reply"),
               ("the writer's own risk -> the helper's answer, as if a friend's", "own_risk_helper_answer"),
               ("harmless messages -> an emergency reply", "harmless_emergency_reply")]
    for name, key in figures:
        if result[key] is not None:
            (hits, total), (low, high) = result["counts"][key], result["intervals"][key]
            lines.append(f"{name}: {result[key]:.4f} ({hits} of {total}; 95 % interval {low:.3f}-{high:.3f})")
    if result["raised_by"]:
        lines.append("raised by a risk phrase or means pattern (risk messages caught / harmless messages alarmed):")
        lines += [f"  {by}: {c['risk']} / {c['harmless']}" for by, c in result["raised_by"].items()]
    if result.get("sealed"):
        lines.append("A sealed set: its messages are not shown, so that it keeps measuring messages nobody on the "
                     "team has read (see its README).")
        return "\n".join(lines)
    lines += [f"  MISSED [{m['category']}/{m['language']}] {m['text']}" for m in result["missed"]]
    lines += [f"  FALSE ALARM [{m['category']}/{m['language']}] -> {m['got']}: {m['text']}"
              for m in result["false_alarms"]]
    lines += [f"  AS A FRIEND'S [{m['category']}/{m['language']}] -> {m['got']}: {m['text']}"
              for m in result["as_friends"]]
    return "\n".join(lines)
