"""What goes into the dialogue (a typed text, a pressed button, a command, something unreadable),
the user's state it reads, and the reply it gives. Plain data: no Telegram, no database."""

from __future__ import annotations

from dataclasses import dataclass

from bot.nlu.risk import RiskLevel

LANG_PAYLOAD = "lang:"
ERASE_YES, ERASE_NO = "erase:yes", "erase:no"
RATE_UP, RATE_DOWN = "rate:up:", "rate:down:"  # + the rated response id
ERASE = "erase"  # Reply.action: the channel deletes the user's data, then calls Dialogue.erased


@dataclass(frozen=True)
class Text:
    """A message the user typed; `ranking` is another NLU's intent ranking (Rasa's), if any."""

    text: str
    ranking: tuple[tuple[str, float], ...] = ()


@dataclass(frozen=True)
class Press:
    """A button the user pressed; the payload is a response id or `lang:<code>`."""

    payload: str


@dataclass(frozen=True)
class Command:
    """A slash command without the slash, e.g. `topik`."""

    name: str


@dataclass(frozen=True)
class Unsupported:
    """Something that isn't text: a sticker, photo, voice note or document."""

    kind: str


Event = Text | Press | Command | Unsupported


@dataclass(frozen=True)
class UserState:
    language: str | None = None  # chosen by the user: sticky until they change it
    last_language: str = "en"  # the language of the last reply, used when a message can't tell
    pending: str | None = None  # a yes/no question waiting for an answer, or an urgent or friend reply still in force


@dataclass(frozen=True)
class Button:
    label: str
    payload: str


@dataclass(frozen=True)
class Reply:
    text: str
    buttons: tuple[Button, ...]
    language: str
    intent: str | None = None
    risk: RiskLevel = RiskLevel.NONE
    response_ids: tuple[str, ...] = ()
    confidence: float | None = None  # the classifier's, for typed messages
    action: str | None = None  # something only the channel can do (ERASE)
    feedback: int | None = None  # +1/-1 when this replies to a rating of response_ids[0]
    risk_by: str | None = None  # what raised the risk beyond the model: a phrase, "means:<pattern id>", "method_check"
