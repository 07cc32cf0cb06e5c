"""Facts of the dialogue policy shared by the dialogue, the risk detector and the validator."""

from __future__ import annotations

# Messages about these get the crisis path: the intent's answer is its crisis reply.
RISK_INTENTS: tuple[str, ...] = ("suicidal_thoughts", "self_harm", "abuse_violence")

# Answers to these need no route to professional help (small talk and navigation).
SMALL_TALK: frozenset[str] = frozenset({"greet", "goodbye", "thanks", "bot_identity", "capabilities",
                                         "out_of_scope", "privacy"})

START = "start"  # the /start welcome; its buttons are the menu's
GROUP_INVITE = "group.invite"  # the one message a group gets: a private-chat link, with emergency numbers
MENU = "menu.topics"
NOT_UNDERSTOOD = "fallback.not_understood"
SELF_LABEL_NOTE = "self_diagnosis.reminder"
HELP_ROUTE_INTENTS: tuple[str, ...] = ("find_professional_help", "hotlines")


# Risk in a message about someone else ("my friend wants to die") gets the helper's answer,
# which names crisis routes too; the risk level is kept for the record.
FRIEND_INTENT = "help_a_friend"
FRIEND_AT_RISK = "help_a_friend.suicide"


# "Couldn't get through?" pages: a press on one is counted against the hotlines of the reply it was on.
MORE_ROUTES_SUFFIX = ".more_routes"

# Not a response id: marks a pending "delete everything?" confirmation.
ERASE_CONFIRM = "erase.confirm"


def ask_id(risk_intent: str) -> str:
    """The yes/no question sent when a message *might* carry this risk."""
    return f"{risk_intent}.ask"


def required_ids() -> tuple[str, ...]:
    """Responses the dialogue cannot work without."""
    return (START, GROUP_INVITE, MENU, NOT_UNDERSTOOD, SELF_LABEL_NOTE, *(ask_id(i) for i in RISK_INTENTS))


def is_risk_response(response_id: str) -> bool:
    """Responses sent for risk (a risk intent's namespace, the friend-at-risk answer) must name crisis routes."""
    return response_id.split(".", 1)[0] in RISK_INTENTS or response_id == FRIEND_AT_RISK
