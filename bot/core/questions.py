"""Bookkeeping for the yes/no question a reply asks (`asks:` in responses/): which one is pending,
how long it waits, and which answer confirms a risk."""

from __future__ import annotations

from dataclasses import replace

from bot.core import policy
from bot.core.messages import UserState
from bot.nlu.risk import NO_RISK, Risk, RiskLevel


def pending(state: UserState) -> tuple[str | None, bool]:
    """The pending question's id, and whether it has already waited one extra message."""
    if state.pending is None:
        return None, False
    again = state.pending.endswith(policy.PENDING_AGAIN)
    return state.pending.removesuffix(policy.PENDING_AGAIN), again


def carry(before: UserState, after: UserState) -> UserState:
    """A question left unanswered stays pending for one more message, unless the reply asks a new one.
    "Delete everything?" never waits: a later "ya" must not erase by surprise."""
    asked, again = pending(before)
    if after.pending is not None or asked is None or again or asked == policy.ERASE_CONFIRM:
        return after
    return replace(after, pending=asked + policy.PENDING_AGAIN)


def below_urgent(asked: str | None, risk: Risk) -> bool:
    """Whether `risk` reads lower than the urgent reply still pending (`asked`) and is about the same person:
    "im kinda dizzy now" after the emergency reply, a possible reading after "not safe" (policy.URGENT_LEVELS).
    After the writer's own urgent reply, a lower reading as someone else's is theirs too: "gw takut dimarahin
    kalo bilang ke dia" (the mother) got the helper's answer after the emergency reply."""
    level = policy.URGENT_LEVELS.get(asked or "")
    return (level is not None and risk.any and risk.level < RiskLevel[level.upper()]
            and (risk.who == "other" or asked != policy.FRIEND_URGENT))


def confirmed(question_id: str) -> Risk:
    """The answer that confirms a question's risk ("yes" to "are you thinking about ending your
    life?", "no" to "are you safe right now?") is high risk, of the question's risk intent."""
    if policy.is_risk_response(question_id):
        return Risk(RiskLevel.HIGH, question_id.split(".", 1)[0])
    return NO_RISK
