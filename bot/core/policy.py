"""Facts of the dialogue policy shared by the dialogue, the risk detector and the validator."""

from __future__ import annotations

from dataclasses import dataclass

# Messages about these get the crisis path: the intent's answer is its crisis reply.
RISK_INTENTS: tuple[str, ...] = ("suicidal_thoughts", "self_harm", "abuse_violence")

# Answers to these need no route to professional help (small talk and navigation).
SMALL_TALK: frozenset[str] = frozenset({"greet", "goodbye", "thanks", "bot_identity", "capabilities",
                                         "out_of_scope", "privacy"})

START = "start"  # the /start welcome; its buttons are the menu's
GROUP_INVITE = "group.invite"  # the one message a group gets: a private-chat link, with emergency numbers
MENU = "menu.topics"
TEXT_ONLY = "text_only"  # the reply to a sticker, voice note or captionless photo: names the emergency numbers
RASA_OFFLINE = "rasa.offline"  # what a Rasa assistant says when Teduh's action server can't be reached
NOT_UNDERSTOOD = "fallback.not_understood"
DEFLECT = "safety.deflect"  # "just curious", "bercanda doang" to a risk or safety question
ABUSE_DEFLECT = "safety.abuse_deflect"  # the same after an account of abuse: its routes are SAPA 129's
SELF_LABEL_NOTE = "self_diagnosis.reminder"
HELP_ROUTE_INTENTS: tuple[str, ...] = ("find_professional_help", "hotlines")


# Risk in a message about someone else ("my friend wants to die") gets the helper's answer,
# which names crisis routes too; the risk level is kept for the record.
FRIEND_INTENT = "help_a_friend"
FRIEND_AT_RISK = "help_a_friend.suicide"
FRIEND_SELF_HARM = "help_a_friend.self_harm"  # someone else hurts themselves: how to help, when it is an emergency
FRIEND_URGENT = "help_a_friend.urgent"  # a friend in danger now: call 112/119, stay with them, tell an adult
FRIEND_WHAT_TO_SAY = "help_a_friend.what_to_say"  # in a talk about a friend, what the bot did not understand
FRIEND_ABUSE = "help_a_friend.abuse"  # someone else abused: believe them, tell an adult, SAPA 129 (and if it is you…)

# After the writer's own account of abuse (its crisis reply, a yes to "is someone hurting you?", or this reply
# itself), the next two messages are read as more of that account: a fear of telling ("pls dont make me tell my
# parents"), a new injury, "what do i even do" get ABUSE_MORE, not a topic's answer, the helper's answer (the abuser
# is someone else) or the same long reply again. See talk.more_abuse.
ABUSE_MORE = "abuse_violence.more"
ABUSE_SAFE = "safety.abuse_safe"
ABUSE_TALK: frozenset[str] = frozenset({"abuse_violence", "abuse_violence.yes", ABUSE_MORE, ABUSE_SAFE})
# "I'm safe" to "are you safe?" ends no crisis: the next two messages still name a route ("thx i guess" got the thanks
# answer with none); after an account of abuse they are still read as more of it (ABUSE_TALK: the abuser named next
# was read as someone else at risk, and got the helper's answer).
ROUTES_AFTER: frozenset[str] = frozenset({"safety.safe", ABUSE_SAFE})
ABUSE_TALK_TOPIC = 0.8  # a topic read at least this surely, with no risk, leaves the account ("btw aku susah tidur")
CLOSING: frozenset[str] = frozenset({"thanks", "goodbye"})  # small talk that closes a talk: more likely than not
CLOSING_SHARE = 0.5  # (summed: "makasih banyak ya, aku mau tidur dulu"), it leaves the account too

# A risk topic (suicide, self-harm, abuse) with no sign of risk: news, school work, a career.
RISK_TOPIC = "risk_topic"

# An act under way or just done (pills taken, bleeding): a medical emergency, 119/112 before anything else.
EMERGENCY = "emergency"
EMERGENCY_AGAIN = "emergency.again"
FRIEND_URGENT_AGAIN = "help_a_friend.urgent_again"
# After an urgent reply (or the answer to "not safe"), the next two messages that show no risk ("ok",
# "udah telat", "she's not answering") get its short reminder, not a topic or a goodbye: the emergency
# is not over because the talk moved on. The urgent reply's id stays pending (UserState.pending).
REMINDERS: dict[str, str] = {EMERGENCY: EMERGENCY_AGAIN, FRIEND_URGENT: FRIEND_URGENT_AGAIN,
                              "safety.not_safe": "safety.not_safe_again",  # "not safe" to "are you safe?"
                              "safety.abuse_not_safe": "safety.abuse_not_safe_again"}
# A new message that shows risk below the urgent reply's own level, about the same person, gets the reminder
# too: after the emergency reply, "im kinda dizzy now" got the crisis reply, which lacks "call 119 now"; after
# "not safe", a possible reading got the question "are you thinking about ending your life?".
URGENT_LEVELS: dict[str, str] = {urgent: "emergency" if urgent in (EMERGENCY, FRIEND_URGENT) else "high"
                                 for urgent in REMINDERS}


# `{ui:NAME}` placeholders in responses: wording that depends on the channel (its commands, what it
# stores), filled in by the dialogue from the catalogs.
UI_PLACEHOLDERS: frozenset[str] = frozenset({"privacy_commands"})

# "Couldn't get through?" pages: a press on one is counted against the hotlines of the reply it was on.
MORE_ROUTES_SUFFIX = ".more_routes"

# Not a response id: marks a pending "delete everything?" confirmation.
ERASE_CONFIRM = "erase.confirm"

# A question left unanswered stays pending for one more message, marked with this suffix.
PENDING_AGAIN = "+again"


@dataclass(frozen=True)
class Ask:
    """What a kind of yes/no question (a response's `asks:`) means for its answers."""

    confirms_risk: str | None  # the answer that confirms the risk the question is about
    unsure: str | None  # how "I don't know" counts; None: not an answer
    degree: str | None = None  # how "sometimes" / "often" / "a bit" counts; None: not an answer
    agree: str | None = None  # how "ok" / "boleh" counts (with no "no" word beside it); None: not an answer
    decline: str | None = None  # how "nanti aja" / "skip" counts; None: not an answer ("skip" is no "no" to
    # "are you thinking about ending your life?")
    # Whether the reply's text asks it: then a bare "ya" / "no" answers it, its answers are buttons, and while it
    # waits a topic's offer does not push it aside and a risk question's replies name a route. Not so for a late
    # yes, which is only listened for.
    asked: bool = True


LATE = "late"
LATE_SAFETY = "late_safety"
# `asks:` in responses/: safety ("are you safe right now?": "no" is the danger), risk ("are you
# thinking about ending your life?": "yes" is), offer ("want some tips?": no risk either way), late (the
# reply to a "no" to the risk question, still listening for a late yes).
ASKS: dict[str, Ask] = {
    "safety": Ask(confirms_risk="no", unsure="no"),
    "risk": Ask(confirms_risk="yes", unsure="yes", degree="yes"),
    "offer": Ask(confirms_risk=None, unsure=None, agree="yes", decline="no"),
    # After a "no" to the risk question, the next messages may take it back ("well. maybe a little sometimes"):
    # only thoughts owned up to count ("kadang sih", "kepikiran sih tapi..."), not "iya makasih" or "idk", which
    # answer the reply's "want to talk about something else?".
    LATE: Ask(confirms_risk="yes", unsure=None, degree="yes", asked=False),
    # After a reply that asked "are you safe?" and a message that did not answer it, the next reply (ABUSE_MORE)
    # does not ask again but still hears "aman kok" or "ga aman".
    LATE_SAFETY: Ask(confirms_risk="no", unsure=None, asked=False),
}
# The dialogue's own "delete everything?", which no response asks: it cannot be undone, so only a plain
# yes or no counts ("ok" and "boleh", a yes to tips, do not).
CONFIRM = "confirm"
CONFIRM_ASK = Ask(confirms_risk=None, unsure=None)
SAFETY = "safety"
# Past ideation that is over gets a gentle check, not "it sounds really heavy right now" (issue "Safety net v2")
PAST_ASKS = {"suicidal_thoughts": "suicidal_thoughts.ask_past"}


def ask_id(risk_intent: str, past: bool = False) -> str:
    """The yes/no question sent when a message *might* carry this risk; `past`: read as ideation that is over, whose
    question is gentler ("have those thoughts come back lately?"), where the risk intent has one (PAST_ASKS)."""
    return PAST_ASKS.get(risk_intent, f"{risk_intent}.ask") if past else f"{risk_intent}.ask"


def required_ids() -> tuple[str, ...]:
    """Responses the dialogue cannot work without."""
    return (START, GROUP_INVITE, MENU, NOT_UNDERSTOOD, DEFLECT, ABUSE_DEFLECT, SELF_LABEL_NOTE, TEXT_ONLY, RASA_OFFLINE,
            EMERGENCY, FRIEND_URGENT, FRIEND_SELF_HARM, FRIEND_ABUSE, FRIEND_WHAT_TO_SAY, RISK_TOPIC, ABUSE_MORE,
            *REMINDERS.values(), *(ask_id(i) for i in RISK_INTENTS), *PAST_ASKS.values())


def about_other(response_id: str | None) -> bool:
    """Whether a reply (kept pending for two messages) was about someone else at risk: what follows is read in
    that light (risk_model.OTHER_IN_CONTEXT)."""
    return response_id is not None and response_id.split(".", 1)[0] == FRIEND_INTENT and (
        response_id == FRIEND_INTENT or is_risk_response(response_id))


def is_risk_response(response_id: str) -> bool:
    """Responses sent for risk (a risk intent's or `safety.` namespace, the friend-at-risk answer)
    must name crisis routes."""
    return (response_id.split(".", 1)[0] in (*RISK_INTENTS, SAFETY, EMERGENCY)
            or response_id in (FRIEND_AT_RISK, FRIEND_SELF_HARM, FRIEND_ABUSE, FRIEND_URGENT, FRIEND_URGENT_AGAIN))
