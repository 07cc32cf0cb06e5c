"""The heart of Teduh: (event, user state) -> (reply, new state). Pure: no Telegram, no database.

Policy, in order:
1. Risk first. High -> the risk intent's crisis reply; possible -> a direct,
   kind yes/no question that already names crisis routes; about a friend at
   risk -> how to help them, with crisis routes. Any reply to a message with
   risk names at least one crisis route, whatever the state.
2. An answer to a pending yes/no question -> that question's answer (for "delete my
   data?", a yes asks the channel to erase: only the channel has the store). An answer
   that confirms danger ("ga aman" to "are you safe?") comes before step 1: it gets the
   urgent reply. A question left unanswered stays pending for one more message.
3. A request to switch language.
4. The intent's answer from the library, or "not understood" with the menu
   when the classifier is unsure. A self-label inside another topic adds a
   one-line reminder that only an assessment can tell.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from bot import policy
from bot.content import LANGS, Library
from bot.i18n import Catalogs
from bot.nlu.pipeline import Nlu
from bot.nlu.risk import NO_RISK, Risk, RiskLevel

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
    pending: str | None = None  # id of a yes/no question waiting for an answer


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


class Dialogue:
    def __init__(self, library: Library, nlu: Nlu, catalogs: Catalogs, *, stores: bool = True) -> None:
        self.library, self.nlu, self.catalogs = library, nlu, catalogs
        self.stores = stores  # False where Teduh keeps nothing (a Rasa assistant keeps the conversation)
        self._commands: dict[str, Callable[[UserState], tuple[Reply, UserState]]] = {
            "start": self._start, "mulai": self._start,
            "topik": self._menu, "topics": self._menu, "menu": self._menu,
            "bantuan": self._help, "help": self._help,
            "bahasa": self._choose_language, "language": self._choose_language,
            "hapus": self._delete, "delete": self._delete,
            "privasi": self._privacy, "privacy": self._privacy,
        }

    def without_store(self) -> Dialogue:
        """The same dialogue for a channel where Teduh stores nothing: no /hapus, other privacy wording."""
        return Dialogue(self.library, self.nlu, self.catalogs, stores=False)

    def handle(self, event: Event, state: UserState) -> tuple[Reply, UserState]:
        if isinstance(event, Text):
            return self._text(event, state)
        if isinstance(event, Press):
            return self._press(event.payload, state)
        if isinstance(event, Unsupported):  # a voice note may come from a teen in danger: name the numbers
            lang = state.language or state.last_language
            reply, after = self._compose([policy.TEXT_ONLY], lang, None, NO_RISK, state, buttons_from=policy.MENU)
            return reply, _carry(state, after)
        handler = self._commands.get(event.name.lower().lstrip("/"))
        if handler is None:
            lang = state.language or state.last_language
            _ = self.catalogs.for_lang(lang).gettext
            return self._compose([policy.MENU], lang, None, NO_RISK, state, lead=_("I don't know that command."))
        return handler(state)

    # --- events -------------------------------------------------------------------------

    def _text(self, event: Text, state: UserState) -> tuple[Reply, UserState]:
        parse = self.nlu.parse(event.text)
        if event.ranking:
            parse = self.nlu.with_ranking(parse, list(event.ranking))
        lang = state.language or parse.language or state.last_language
        risk = parse.risk
        asked, _again = _pending(state)
        question = self.library.responses.get(asked or "")
        erase_pending = asked == policy.ERASE_CONFIRM
        kind = question.asks if question and question.asks else "offer" if erase_pending else None
        answer = self.nlu.answer(parse, kind) if kind else None
        answered = False

        if question and answer and answer == policy.ASKS[question.asks or "offer"].confirms_risk:
            # "ga aman" to "are you safe?", "iya" to "are you thinking about ending your life?"
            ids, answered = [question.answers[answer]], True
            parse, risk = replace(parse, intent=None), _confirmed(question.id)
        elif risk.any and parse.intent == policy.FRIEND_INTENT:
            friend = policy.FRIEND_AT_RISK if risk.intent != "abuse_violence" else policy.FRIEND_INTENT
            ids = [friend if friend in self.library.responses else self._answer_id(policy.FRIEND_INTENT)]
        elif risk.level is RiskLevel.HIGH and risk.intent:
            ids = [self._answer_id(risk.intent)]
        elif risk.level is RiskLevel.POSSIBLE and risk.intent:
            ids = [policy.ask_id(risk.intent)]
        elif erase_pending and answer:
            return self._erase_answer(answer == "yes", state)
        elif question and answer:
            ids, answered = [question.answers[answer]], True
            parse = replace(parse, intent=None)  # an answer, not a topic
        elif (wanted := self.nlu.language_request(parse)) is not None:
            return self._set_language(wanted, state)
        elif parse.intent is None:
            ids = [policy.NOT_UNDERSTOOD]
        elif parse.intent == "privacy" and not self.stores:
            state = replace(state, last_language=lang)
            return self.kept_elsewhere(state), state
        else:
            ids = [self._answer_id(parse.intent)]
            if parse.intent != "self_diagnosis" and self.nlu.self_label(parse):
                ids.append(policy.SELF_LABEL_NOTE)
        intent = risk.intent if risk.any and parse.intent != policy.FRIEND_INTENT else parse.intent
        reply, new_state = self._compose(ids, lang, intent, risk, state)
        return replace(reply, confidence=parse.confidence), new_state if answered else _carry(state, new_state)

    def _press(self, payload: str, state: UserState) -> tuple[Reply, UserState]:
        if payload.startswith(LANG_PAYLOAD):
            return self._set_language(payload.removeprefix(LANG_PAYLOAD), state)
        asked, _again = _pending(state)
        if payload in (ERASE_YES, ERASE_NO):
            return self._erase_answer(payload == ERASE_YES and asked == policy.ERASE_CONFIRM, state)
        if payload.startswith((RATE_UP, RATE_DOWN)):
            return self._rated(payload, state)
        lang = state.language or state.last_language
        response = self.library.responses.get(payload)
        if response is None:  # a stale button from before a content reload
            return self._compose([policy.NOT_UNDERSTOOD], lang, None, NO_RISK, state)
        question = self.library.responses.get(asked or "")
        risk, answered = NO_RISK, bool(question and payload in question.answers.values())
        if question and question.asks and question.answers.get(policy.ASKS[question.asks].confirms_risk or "") == payload:
            risk = _confirmed(question.id)
        reply, after = self._compose([payload], lang, response.intent or risk.intent, risk, state)
        return reply, after if answered else _carry(state, after)

    # --- commands -----------------------------------------------------------------------

    def _start(self, state: UserState) -> tuple[Reply, UserState]:
        """Who Teduh is, privacy in a line, emergency numbers, and the topic menu's buttons."""
        lang = state.language or state.last_language
        return self._compose([policy.START], lang, "greet", NO_RISK, state, buttons_from=policy.MENU)

    def _privacy(self, state: UserState) -> tuple[Reply, UserState]:
        if not self.stores:
            return self.kept_elsewhere(state), state
        lang = state.language or state.last_language
        return self._compose([self._answer_id("privacy")], lang, "privacy", NO_RISK, state)

    def _menu(self, state: UserState) -> tuple[Reply, UserState]:
        return self._compose([policy.MENU], state.language or state.last_language, None, NO_RISK, state)

    def _help(self, state: UserState) -> tuple[Reply, UserState]:
        lang = state.language or state.last_language
        return self._compose([self._answer_id("hotlines")], lang, "hotlines", NO_RISK, state)

    def _delete(self, state: UserState) -> tuple[Reply, UserState]:
        if not self.stores:
            return self.kept_elsewhere(state), state
        lang = state.language or state.last_language
        _ = self.catalogs.for_lang(lang).gettext
        text = _("Do you want me to delete everything Teduh keeps about you? That is your language choice "
                 "and the anonymous records of your chats (Teduh never keeps the words you write). "
                 "This can't be undone.")
        buttons = (Button(_("Yes, delete it"), ERASE_YES), Button(_("No, keep it"), ERASE_NO))
        return Reply(text, buttons, lang), replace(state, last_language=lang, pending=policy.ERASE_CONFIRM)

    def _erase_answer(self, confirmed: bool, state: UserState) -> tuple[Reply, UserState]:
        lang = state.language or state.last_language
        _ = self.catalogs.for_lang(lang).gettext
        if confirmed:
            return Reply(_("Deleting…"), (), lang, action=ERASE), UserState(last_language=lang)
        state = replace(state, pending=None)
        return self._compose([policy.MENU], lang, None, NO_RISK, state, lead=_("Okay, nothing was deleted."))

    def kept_elsewhere(self, state: UserState) -> Reply:
        """Privacy and /hapus where Teduh stores nothing (a Rasa assistant): who keeps the conversation."""
        lang = state.language or state.last_language
        _ = self.catalogs.for_lang(lang).gettext
        lead = _("In this chat, Teduh itself keeps nothing about you: the assistant you are talking to keeps "
                 "the conversation. To have it deleted, ask the people who run this assistant.")
        return self._compose([policy.MENU], lang, None, NO_RISK, state, lead=lead)[0]

    def erased(self, preferences: int | None, events: int, lang: str) -> Reply:
        """What the channel says after deleting; `preferences` is None when deleting failed."""
        tr = self.catalogs.for_lang(lang)
        _ = tr.gettext
        if preferences is None:
            lead = _("Sorry, I couldn't delete your data just now. Nothing is lost; please try /hapus again later.")
            return self._compose([policy.MENU], lang, None, NO_RISK, UserState(last_language=lang), lead=lead)[0]
        records = tr.ngettext("%(num)d anonymous record of your chats", "%(num)d anonymous records of your chats",
                              events) % {"num": events}
        if preferences and events:
            done = _("Done. I deleted your saved settings and %(records)s.") % {"records": records}
        elif events:
            done = _("Done. I deleted %(records)s.") % {"records": records}
        elif preferences:
            done = _("Done. I deleted your saved settings.")
        else:
            done = _("Done. Teduh had nothing saved about you.")
        text = done + " " + _("Teduh now keeps nothing about you. You can come back anytime.")
        return Reply(text, (), lang)

    def failed(self, lang: str) -> Reply:
        """When something broke while answering: an apology and the help routes."""
        _ = self.catalogs.for_lang(lang).gettext
        lead = _("Sorry, something went wrong on my side. If you need help now:")
        return self._compose([self._answer_id("hotlines")], lang, None, NO_RISK, UserState(last_language=lang),
                             lead=lead)[0]

    def _rated(self, payload: str, state: UserState) -> tuple[Reply, UserState]:
        lang = state.language or state.last_language
        _ = self.catalogs.for_lang(lang).gettext
        up = payload.startswith(RATE_UP)
        rated = payload.removeprefix(RATE_UP if up else RATE_DOWN)
        if up:
            text = _("Thanks for telling me! It helps make Teduh better.")
        else:
            text = _("Thanks for telling me. If that didn't help, try saying it in other words, or pick a topic.")
        buttons = () if up else (Button(self.library.responses[policy.MENU].title[lang], policy.MENU),)
        if rated not in self.library.responses:  # a stale or forged button: thank, record nothing
            return Reply(text, buttons, lang), replace(state, last_language=lang, pending=None)
        reply = Reply(text, buttons, lang, response_ids=(rated,), feedback=1 if up else -1)
        return reply, replace(state, last_language=lang, pending=None)

    def _choose_language(self, state: UserState) -> tuple[Reply, UserState]:
        lang = state.language or state.last_language
        _ = self.catalogs.for_lang(lang).gettext
        buttons = (Button(_("Bahasa Indonesia"), LANG_PAYLOAD + "id"), Button(_("English"), LANG_PAYLOAD + "en"))
        text = _("Which language should I use?")
        return Reply(text, buttons, lang), replace(state, last_language=lang, pending=None)

    def _set_language(self, lang: str, state: UserState) -> tuple[Reply, UserState]:
        if lang not in LANGS:
            return self._choose_language(state)
        _ = self.catalogs.for_lang(lang).gettext
        state = replace(state, language=lang)
        return self._compose([policy.MENU], lang, None, NO_RISK, state, lead=_("Okay, I'll reply in English."))

    # --- building a reply ---------------------------------------------------------------

    def _ui(self, lang: str) -> dict[str, str]:
        """The channel's own wording for `{ui:NAME}` placeholders (policy.UI_PLACEHOLDERS)."""
        _ = self.catalogs.for_lang(lang).gettext
        if self.stores:
            privacy = _("Privacy: I don't store what you write. Type /privacy for the details, or /delete to "
                        "erase your data.")
        else:
            privacy = _("Privacy: Teduh itself keeps nothing about this chat; the assistant you are talking to "
                        "keeps the conversation.")
        return {"privacy_commands": privacy}

    def _answer_id(self, intent: str) -> str:
        response = self.library.for_intent(intent)
        return response.id if response else policy.NOT_UNDERSTOOD

    def _compose(self, ids: list[str], lang: str, intent: str | None, risk: Risk, state: UserState,
                 lead: str | None = None, buttons_from: str | None = None) -> tuple[Reply, UserState]:
        """Render responses into one reply; the first response's links (or `buttons_from`'s) are its buttons."""
        lib = self.library
        if risk.any and not any(lib.hotline_ids(rid) for rid in ids):
            ids.append(self._answer_id("hotlines"))  # safety net: never a risk reply without routes
        parts = ([lead] if lead else []) + [lib.render(rid, lang, self._ui(lang)) for rid in ids]
        main = lib.responses[ids[0]]
        targets = lib.responses[buttons_from].targets if buttons_from else main.targets
        buttons = tuple(Button(lib.responses[t].title[lang], t) for t in targets if t in lib.responses)
        reply = Reply("\n\n".join(parts), buttons, lang, intent, risk.level, tuple(ids))
        return reply, replace(state, last_language=lang, pending=main.id if main.answers else None)


def _pending(state: UserState) -> tuple[str | None, bool]:
    """The pending question's id, and whether it has already waited one extra message."""
    if state.pending is None:
        return None, False
    again = state.pending.endswith(policy.PENDING_AGAIN)
    return state.pending.removesuffix(policy.PENDING_AGAIN), again


def _carry(before: UserState, after: UserState) -> UserState:
    """A question left unanswered stays pending for one more message, unless the reply asks a new one.
    "Delete everything?" never waits: a later "ya" must not erase by surprise."""
    asked, again = _pending(before)
    if after.pending is not None or asked is None or again or asked == policy.ERASE_CONFIRM:
        return after
    return replace(after, pending=asked + policy.PENDING_AGAIN)


def _confirmed(question_id: str) -> Risk:
    """The answer that confirms a question's risk ("yes" to "are you thinking about ending your
    life?", "no" to "are you safe right now?") is high risk, of the question's risk intent."""
    if policy.is_risk_response(question_id):
        return Risk(RiskLevel.HIGH, question_id.split(".", 1)[0])
    return NO_RISK
