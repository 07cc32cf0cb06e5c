"""What a conversation so far makes of a message: the writer's account of abuse going on, someone else's risk."""

from __future__ import annotations

from bot.core import policy
from bot.nlu.pipeline import Parse
from bot.nlu.risk import Risk, RiskLevel

SHORT_REPLY = 2  # words: "ok", "bye"; while something is pending, such a reply keeps the conversation's language


def more_abuse(parse: Parse, risk: Risk) -> bool:
    """Whether a message after the writer's own account of abuse goes on with it (policy.ABUSE_TALK): the abuse read
    again; someone else's risk (the one who hurts them, the adult they fear telling); a faint reading of suicide or
    self-harm in words the topic classifier does not read as such ("i dont want my parents to find out"); or no risk
    and no clear topic ("gw takut ga ada yg percaya"). Not an act under way, not the writer's own suicide or self-harm
    read high or read as its topic ("kalo fotonya kesebar mending aku mati aja" gets its question), not a short reply,
    a clear new topic ("btw aku susah tidur"), a thanks or a goodbye."""
    if risk.level is RiskLevel.EMERGENCY:
        return False
    if risk.any:
        return (risk.who == "other" or "abuse_violence" in (risk.intent, parse.intent)
                or (risk.level is RiskLevel.POSSIBLE and parse.intent not in policy.RISK_INTENTS))
    closing = sum(score for intent, score in parse.ranking if intent in policy.CLOSING)  # "makasih, aku tidur dulu"
    return (len(parse.tokens) > SHORT_REPLY and parse.confidence < policy.ABUSE_TALK_TOPIC
            and closing < policy.CLOSING_SHARE)


def friend_answer(risk: Risk) -> str:
    """Someone else at risk: how to help them; urgent when they are in danger now."""
    if risk.level is RiskLevel.EMERGENCY:
        return policy.FRIEND_URGENT
    if risk.intent == "abuse_violence":  # SAPA 129's routes, and a word for the writer if it is theirs after all
        return policy.FRIEND_ABUSE
    if risk.intent == "self_harm":
        return policy.FRIEND_SELF_HARM
    return policy.FRIEND_AT_RISK
