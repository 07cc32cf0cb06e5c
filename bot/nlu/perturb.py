"""Messages of a risk set changed the way real posts differ from a test set's: a link, a handle, a greeting, no
punctuation, typos. `teduh eval --risk DIR --perturb` reads every message again in each form, so that a reading
that hangs on such things shows (a link once took 18 of 1,000 risk messages to no risk)."""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Sequence
from typing import Any

from bot.nlu.evaluate_risk import Outcome, is_own_act
from bot.nlu.risk_data import RiskExample

_PUNCTUATION_RE = re.compile(r"[.,!?…;:]+|\n+")
TYPO_SHARE = 0.2  # of the words of four letters or more, two letters swapped


def _typos(text: str) -> str:
    rng = random.Random(text)  # the same typos for the same message on every run
    words = text.split(" ")
    for i, word in enumerate(words):
        if len(word) >= 4 and word.isalpha() and rng.random() < TYPO_SHARE:
            at = rng.randrange(1, len(word) - 2)
            words[i] = word[:at] + word[at + 1] + word[at] + word[at + 2:]
    return " ".join(words)


# name -> how a message of a given language is changed. Those marked NOT_READ add nothing the bot should read:
# a reading they change is a fault (tests/test_risk_eval.py holds them to none).
PERTURBATIONS: dict[str, Callable[[str, str], str]] = {
    "link": lambda text, lang: f"{text} https://t.co/aB3xQ9kLmZ",
    "handle": lambda text, lang: f"@dinda_ayu99 {text}",
    "retweet": lambda text, lang: f"RT @infojkt: {text}",
    "placeholders": lambda text, lang: f"[USERNAME] {text} HTTPURL",
    "greeting": lambda text, lang: f"{'halo kak' if lang == 'id' else 'hi'}, {text}",
    "reach tags": lambda text, lang: f"{text} #fyp #viral",
    "laughter": lambda text, lang: f"{text} {'wkwk' if lang == 'id' else 'lol'}",
    "no punctuation": lambda text, lang: " ".join(_PUNCTUATION_RE.sub(" ", text).split()),
    "typos": lambda text, lang: _typos(text),
}
NOT_READ = ("link", "handle", "retweet", "placeholders", "greeting", "reach tags")


def perturbed(examples: Sequence[RiskExample], name: str) -> list[RiskExample]:
    change = PERTURBATIONS[name]
    return [ex._replace(text=change(ex.text, ex.lang)) for ex in examples]


def compare(written: Sequence[Outcome], changed: Sequence[Outcome], *, texts: bool = True) -> dict[str, Any]:
    """What a change did to the replies: risk messages caught, acts under way given the emergency reply, harmless
    messages alarmed (each as written and changed), and how many readings changed: caught or not, the level, the
    emergency reply, the helper's answer (a topic answer may change with a greeting; that is not counted). With
    `texts` (not for a sealed set), also which messages changed and how: reply id and level, as written -> changed."""
    pairs = list(zip(written, changed, strict=True))
    risky = [(a, b) for a, b in pairs if a.example.label.level != "none"]
    harmless = [(a, b) for a, b in pairs if a.example.label.level == "none"]
    acts = [(a, b) for a, b in risky if is_own_act(a.example)]
    moved = [(a, b) for a, b in pairs if _reading(a) != _reading(b)]
    found: dict[str, Any] = {
        "caught": [sum(a.caught for a, _ in risky), sum(b.caught for _, b in risky), len(risky)],
        "acts_emergency_reply": [sum(a.emergency for a, _ in acts), sum(b.emergency for _, b in acts), len(acts)],
        "alarmed": [sum(a.caught for a, _ in harmless), sum(b.caught for _, b in harmless), len(harmless)],
        "readings_changed": len(moved),
    }
    if texts:
        found["changed"] = [{"category": a.example.category, "text": a.example.text,
                             "as_written": f"{a.response} ({a.level})", "changed": f"{b.response} ({b.level})"}
                            for a, b in moved]
    return found


def _reading(o: Outcome) -> tuple[bool, str, bool, bool]:
    return o.caught, o.level, o.emergency, o.helper


def render(found: dict[str, dict[str, Any]]) -> str:
    heads = ("risk caught", "acts -> emergency", "harmless alarmed")
    lines = ["as posted: the same messages changed (as written -> changed, of n)",
             f"{'change':<16}" + "".join(f"{h:>22}" for h in heads) + f"{'readings changed':>18}"]
    for name, f in found.items():
        cells = [f"{f[key][0]} -> {f[key][1]} of {f[key][2]}" for key in ("caught", "acts_emergency_reply", "alarmed")]
        mark = " (adds nothing to read)" if name in NOT_READ else ""
        lines.append(f"{name:<16}" + "".join(f"{c:>22}" for c in cells) + f"{f['readings_changed']:>18}{mark}")
    for name in NOT_READ:  # these should change nothing: name what they did
        for c in found.get(name, {}).get("changed", []):
            lines.append(f"  {name} changed [{c['category']}] {c['as_written']} -> {c['changed']}: {c['text']}")
    return "\n".join(lines)
