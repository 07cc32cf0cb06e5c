"""What a conversation so far makes of a message: the writer's account of abuse going on, someone else's risk."""

from __future__ import annotations

from bot.core import policy
from bot.nlu.pipeline import Parse
from bot.nlu.risk import Risk, RiskLevel

SHORT_REPLY = 2  # words: "ok", "bye"; while something is pending, such a reply keeps the conversation's language


def more_abuse(asked: str | None, parse: Parse, risk: Risk) -> bool:
    """Whether a message after the writer's own account of abuse goes on with it (policy.ABUSE_TALK): the abuse read
    again; someone else's risk (the one who hurts them, the adult they fear telling); a faint reading of suicide or
    self-harm in words the topic classifier does not read as such ("i dont want my parents to find out"); or no risk
    and no clear topic ("gw takut ga ada yg percaya"). Not an act under way, not the writer's own suicide or self-harm
    read high or read as its topic ("kalo fotonya kesebar mending aku mati aja" gets its question), not a short reply,
    a clear new topic ("btw aku susah tidur"), a thanks or a goodbye. After "I'm safe", new abuse read high gets the
    abuse reply again, which asks "are you safe?" afresh."""
    if risk.level is RiskLevel.EMERGENCY or (asked == policy.ABUSE_SAFE and risk.level is RiskLevel.HIGH
                                             and risk.who == "self"):
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


def whose_said(asked: str | None, says: str | None, risk: Risk) -> tuple[str, Risk] | None:
    """The reply, and the risk it answers, when a message says whose risk it is against what the talk assumed:
    "eh bukan aku, temen sebangku aku" after the writer's own crisis, abuse or emergency reply (or in a first message
    read as theirs) gets the helper's answer of the same kind; "sebenernya temen yg aku ceritain itu aku" after a
    helper's answer gets the writer's own reply of that kind (the emergency one after the helper's urgent answer);
    "no i meant my cousin", in a talk already about someone else, the helper's answer of that talk's kind again;
    "tbh i kinda do it too" there, the direct question about the writer's own. None when nothing is corrected."""
    friend_talk = policy.about_other(asked)
    own_talk = asked is not None and policy.is_risk_response(asked) and not friend_talk
    if says == "other" and (own_talk or (risk.any and risk.who == "self")):
        intent, level = _kind(asked) if own_talk else (risk.intent, risk.level)
        clear = risk.level >= RiskLevel.HIGH  # a correction read faintly keeps the talk's kind ("not me, my friend")
        other = Risk(max(level, risk.level), risk.intent if clear else intent, risk.phrase, "other")
        return friend_answer(other), other
    if says == "other" and friend_talk:  # "no i meant my cousin", "bukan aku, temenku yang digituin": still them,
        intent, level = _kind(asked)  # and still the same kind of risk, whatever a bare correction reads as
        other = Risk(max(level, risk.level if risk.who == "other" else RiskLevel.NONE), intent, who="other")
        return friend_answer(other), other
    if says == "too" and friend_talk and not (risk.any and risk.who == "self"):  # "tbh i kinda do it too"
        intent = _kind(asked)[0] or "suicidal_thoughts"
        return policy.ask_id(intent), Risk(RiskLevel.POSSIBLE, intent)
    if says == "self" and friend_talk:
        intent, level = _kind(asked)
        own = Risk(max(level, risk.level if risk.who == "self" else RiskLevel.NONE), intent)
        return (policy.EMERGENCY if own.level is RiskLevel.EMERGENCY else intent), own
    return None


def _kind(reply_id: str | None) -> tuple[str | None, RiskLevel]:
    """The risk intent and level a risk reply answered: abuse, self-harm or suicide; an emergency for the urgent ones."""
    rid = (reply_id or "").removeprefix(policy.FRIEND_INTENT)
    urgent = reply_id in (policy.EMERGENCY, policy.EMERGENCY_AGAIN, policy.FRIEND_URGENT, policy.FRIEND_URGENT_AGAIN)
    level = RiskLevel.EMERGENCY if urgent else RiskLevel.HIGH
    if "abuse" in rid:
        return "abuse_violence", level
    if "self_harm" in rid:
        return "self_harm", level
    return "suicidal_thoughts", level
