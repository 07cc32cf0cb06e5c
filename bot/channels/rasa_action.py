"""rasa-sdk actions over Teduh's dialogue, so a Rasa assistant can serve the vetted library.

    python -m rasa_sdk --actions bot.channels.rasa_action      (or: teduh actions --port 5055)

`action_teduh_reply` reads the latest message and Rasa's intent ranking, runs the same
risk-first policy the bot uses (risk is checked on the text itself, whatever Rasa's
intent), utters the reply with Rasa buttons, and returns the conversation state as slots.
"""

from __future__ import annotations

import asyncio
import json
import threading
from typing import Any, TypedDict

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.config import Settings
from bot.core.dialogue import Command, Dialogue, Event, Press, Reply, Text, UserState
from bot.library.content import LANGS
from bot.library.validate import (
    TELEGRAM_LIMIT as MESSAGE_LIMIT,  # the same cap as the Telegram channel
)

BUTTON_INTENT = "teduh_button"  # a pressed Teduh button comes back as this intent…
PAYLOAD_ENTITY = "teduh_payload"  # …with the Teduh payload in this entity
LANGUAGE_SLOT = "language"
LAST_LANGUAGE_SLOT = "teduh_last_language"
PENDING_SLOT = "teduh_pending"
FALLBACK_INTENT = "nlu_fallback"  # Rasa's FallbackClassifier: its own confidence was too low
REPLY_SLOT, REPLY_SENT = "teduh_reply", "sent"  # set once Teduh answered; Rasa resets it on every message


class RasaButton(TypedDict):
    title: str  # the label shown
    payload: str  # '/teduh_button{"teduh_payload": "<response id or lang:xx>"}'


class TeduhData(TypedDict):
    intent: str | None  # the intent Teduh answered (the risk intent for a crisis reply)
    risk: str  # "none", "possible", "high" or "emergency"
    response_ids: list[str]  # the library responses in this reply
    language: str  # the reply's language


_dialogue: Dialogue | None = None
_lock = threading.Lock()


def dialogue() -> Dialogue:
    """Built once per process from the environment (TEDUH_CONTENT_DIR etc.), on first use."""
    global _dialogue
    with _lock:
        if _dialogue is None:
            from bot.engine import build_dialogue

            _dialogue = build_dialogue(Settings.from_env()).without_store()  # Rasa keeps the conversation
        return _dialogue


def button_payload(payload: str) -> str:
    return "/" + BUTTON_INTENT + json.dumps({PAYLOAD_ENTITY: payload})


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _ranking(entries: Any) -> tuple[tuple[str, float], ...]:
    """Rasa's intent ranking as (name, confidence); malformed entries are left out."""
    ranking: list[tuple[str, float]] = []
    for entry in entries if isinstance(entries, list) else []:
        name, confidence = _dict(entry).get("name"), _dict(entry).get("confidence", 0.0)
        if isinstance(name, str) and name and isinstance(confidence, (int, float)) and not isinstance(confidence, bool):
            ranking.append((name, float(confidence)))
    return tuple(ranking)


def event_from(tracker: Tracker) -> Event:
    """A pressed button (the teduh_button intent with its entity), else the typed text with Rasa's ranking.
    A field of the wrong type counts as absent: anyone who reaches the server can send anything."""
    message = _dict(tracker.latest_message)
    intent = _dict(message.get("intent")).get("name")
    if intent == BUTTON_INTENT:
        entities = message.get("entities") if isinstance(message.get("entities"), list) else []
        payload = next((e.get("value") for e in map(_dict, entities) if e.get("entity") == PAYLOAD_ENTITY), None)
        if isinstance(payload, str):
            return Press(payload[:MESSAGE_LIMIT])
    text = message.get("text")
    text = text[:MESSAGE_LIMIT] if isinstance(text, str) else ""  # before anything reads it, as on Telegram
    word = text.strip()
    if word.startswith("/") and len(word) > 1 and " " not in word:  # a typed command such as /hapus or /start
        return Command(word[1:].split("@")[0].lower())
    if intent == FALLBACK_INTENT:  # Rasa is unsure: Teduh's own model decides
        return Text(text)
    return Text(text, _ranking(message.get("intent_ranking")))


def state_from(tracker: Tracker) -> UserState:
    chosen, last = tracker.get_slot(LANGUAGE_SLOT), tracker.get_slot(LAST_LANGUAGE_SLOT)
    pending = tracker.get_slot(PENDING_SLOT)
    return UserState(language=chosen if chosen in LANGS else None,
                     last_language=last if last in LANGS else (chosen if chosen in LANGS else "id"),
                     pending=pending if isinstance(pending, str) and pending else None)


def utter(dispatcher: CollectingDispatcher, reply: Reply) -> None:
    """One reply, one Rasa message: text and buttons for the user; Teduh's data (`teduh`) rides along
    as the message's metadata, which Rasa keeps on the bot event in the tracker but never shows the user.
    (A `custom` payload would be a second message, and some Rasa channels print it as raw JSON.)"""
    buttons: list[RasaButton] = [{"title": b.label, "payload": button_payload(b.payload)} for b in reply.buttons]
    data: TeduhData = {"intent": reply.intent, "risk": reply.risk.label, "response_ids": list(reply.response_ids),
                       "language": reply.language}
    dispatcher.utter_message(text=reply.text, buttons=list(buttons), teduh=data)


class ActionTeduhReply(Action):
    def name(self) -> str:
        return "action_teduh_reply"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[EventType]:
        teduh = await asyncio.to_thread(dialogue)  # the first call trains the model
        state = state_from(tracker)
        # the pipeline is CPU work: off the event loop, so other requests are read and answered meanwhile
        reply, new_state = await asyncio.to_thread(teduh.handle, event_from(tracker), state)
        utter(dispatcher, reply)
        events = [SlotSet(LAST_LANGUAGE_SLOT, new_state.last_language), SlotSet(PENDING_SLOT, new_state.pending),
                  SlotSet(REPLY_SLOT, REPLY_SENT)]
        if new_state.language != state.language:  # the user chose a language
            events.insert(0, SlotSet(LANGUAGE_SLOT, new_state.language))
        return events
