"""The look-alike check: is a message the risk model reads as one risk category a harmless look-alike of it?

Some false alarms cluster in one category: an ordinary farewell ("aku pamit dari grup kelas ya, pindah
sekolah ke bandung. makasih buat semuanya") reads to the risk model as a suicide goodbye, because among
its fifty classes nothing else looks like a farewell. Adding such messages to the risk corpus retrains
the whole model and moves every set by chance (README, "Telling a change from chance"). So each file
`intents/risk_lookalikes/<category>.yml` holds harmless messages in the words of that risk category, and a
small two-class model learns the one distinction: the corpus's messages of that category and of those with
the same level, kind and whose (for a goodbye, plans and thoughts) against its look-alikes. The risk model
asks it about each reading (the whole message, a sentence) with that category on top, and it reads the
whole message; a reading it takes for a look-alike is lowered one step: the crisis reply becomes the direct
question, the question no risk. Two models that disagree on a message the risk model is sure of make the bot
ask, not go quiet. It never lowers an act under way nor someone else's risk, and a risk phrase or means
pattern in the message still counts (see risk_reading). Editing these files retrains only this check.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from bot.nlu.classifier import IntentClassifier
from bot.nlu.risk_data import Label, RiskExample

RISK = "risk"
# P(risk) under which a message is the category's look-alike. Rule (2026-12-06, stop 49): the highest value, in steps
# of 0.05, at which no risk message of the read risk sets (tests/data/risk_*, not the sealed ones) loses its risk reply:
# 0.25 (at 0.3, "unfollowing everyone and leaving all the group chats tonight. it's time" is lost). A look-alike is
# lowered one step (see risk_model): false alarms on the read sets 532 -> 520, and 33 harmless messages asked instead
# of given the crisis reply. Lowered to no risk at once, 532 -> 495 at 0.2, but then one message of the sealed
# risk_sealed3 lost its risk reply at one network seed of three, and was asked instead of given the crisis reply at
# the other two. Trained against goodbyes alone, the check lost that plan already at 0.05.
HARMLESS_BELOW = 0.25


class LookalikeCheck:
    def __init__(self, lookalikes: Sequence[RiskExample], corpus: Sequence[RiskExample],
                 normalize: Callable[[str], str], cache: Path | None = None,
                 normalized: Mapping[str, str] | None = None) -> None:
        """`lookalikes`: harmless messages, each file's named after the risk category it looks like; `corpus`: the
        risk corpus (its messages of that category and of those near it are the other class, see `_near`);
        `normalized`: forms already computed."""
        known = normalized or {}

        def normal(raw: str) -> str:
            return known[raw] if raw in known else normalize(raw)

        harmless: dict[str, list[str]] = defaultdict(list)
        for ex in lookalikes:
            harmless[ex.category].append(normal(ex.text))
        labels = {ex.category: ex.label for ex in corpus}
        self._models: dict[str, tuple[IntentClassifier, int]] = {}  # each with its column of RISK
        for category, texts in sorted(harmless.items()):
            risky = [normal(ex.text) for ex in corpus if category in labels and _near(ex.label, labels[category])]
            if risky:
                model = IntentClassifier([*risky, *texts], [RISK] * len(risky) + ["harmless"] * len(texts), cache)
                self._models[category] = model, model.intents.index(RISK)

    def probability(self, category: str, normalized: str) -> float:
        """How likely the message is `category`'s risk rather than its look-alike (1.0 for a category with no check)."""
        if category not in self._models:
            return 1.0
        model, column = self._models[category]
        return float(model.proba(normalized)[column])

    def harmless(self, category: str, normalized: str) -> bool:
        return self.probability(category, normalized) < HARMLESS_BELOW


def _near(label: Label, of: Label) -> bool:
    """A risk message of the same level, kind and whose as the category checked: for a suicide goodbye, plans and
    thoughts too, so that a plan in a farewell's words ("unfollowing everyone and leaving all the group chats tonight.
    it's time") is not taken for an ordinary farewell."""
    return (label.level, label.kind, label.who) == (of.level, of.kind, of.who)
