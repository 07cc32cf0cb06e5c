"""The heart of Teduh: (event, user state) -> (reply, new state). Pure: no Telegram, no database.

Policy, in order:
1. Risk first. High -> the risk intent's crisis reply; possible -> a direct,
   kind yes/no question that already names crisis routes; about a friend at
   risk -> how to help them, with crisis routes. Any reply to a message with
   risk names at least one crisis route, whatever the state.
2. An answer to a pending yes/no question -> that question's answer (for "delete my
   data?", a yes asks the channel to erase: only the channel has the store). An answer
   that confirms danger ("ga aman" to "are you safe?", or said unasked) comes before step 1: it gets the
   urgent reply; one that does not ("ga kok, cuma capek") is heard even when the message
   shows possible risk, which would only ask again. A question left unanswered stays
   pending for one more message. After an urgent reply (emergency, the helper's urgent
   answer, "not safe"), the next two messages without risk ("ok", "udah telat") get its short
   reminder of the routes, not a topic, a goodbye or an old question's answer; so does a message
   whose risk is below the urgent reply's own level ("im kinda dizzy now" after the emergency).
3. A request to switch language.
4. The intent's answer from the library, or "not understood" with the menu
   when the classifier is unsure. A self-label inside another topic adds a
   one-line reminder that only an assessment can tell.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from bot.core import policy, talk
from bot.core.compose import Composer
from bot.core.messages import (
    ERASE,
    ERASE_NO,
    ERASE_YES,
    LANG_PAYLOAD,
    RATE_DOWN,
    RATE_UP,
    Button,
    Command,
    Event,
    Press,
    Reply,
    Text,
    Unsupported,
    UserState,
)
from bot.core.questions import below_urgent, carry, confirmed, pending
from bot.library.catalogs import Catalogs
from bot.library.content import LANGS, Library
from bot.nlu.pipeline import Nlu
from bot.nlu.risk import NO_RISK, Risk, RiskLevel


class Dialogue:
    def __init__(self, library: Library, nlu: Nlu, catalogs: Catalogs, *, stores: bool = True) -> None:
        self.library, self.nlu, self.catalogs = library, nlu, catalogs
        self.stores = stores  # False where Teduh keeps nothing (a Rasa assistant keeps the conversation)
        composer = Composer(library, catalogs, stores=stores)
        self._compose, self._answer_id = composer.compose, composer.answer_id
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
            return reply, carry(state, after)
        handler = self._commands.get(event.name.lower().lstrip("/"))
        if handler is None:
            lang = state.language or state.last_language
            _ = self.catalogs.for_lang(lang).gettext
            return self._compose([policy.MENU], lang, None, NO_RISK, state, lead=_("I don't know that command."))
        return handler(state)

    # --- events -------------------------------------------------------------------------

    def _text(self, event: Text, state: UserState) -> tuple[Reply, UserState]:
        asked, again = pending(state)
        parse = self.nlu.parse(event.text, about_other=policy.about_other(asked),
                               in_risk_talk=asked is not None and policy.is_risk_response(asked))
        if event.ranking:
            parse = self.nlu.with_ranking(parse, list(event.ranking), about_other=policy.about_other(asked))
        short = asked is not None and len(parse.tokens) <= talk.SHORT_REPLY  # keeps the language
        lang = state.language or (None if short else parse.language) or state.last_language
        risk = parse.risk
        question = self.library.responses.get(asked or "")
        erase_pending = asked == policy.ERASE_CONFIRM
        kind = question.asks if question and question.asks else policy.CONFIRM if erase_pending else None
        answer = self.nlu.answer(parse, kind) if kind else None
        if kind != policy.SAFETY and self.nlu.says_unsafe(parse):  # "ga aman" unasked: not safe all the same
            question, answer = self.library.for_intent("abuse_violence" if asked in policy.ABUSE_TALK or (
                asked or "").startswith("abuse") else "suicidal_thoughts"), "no"  # after "I'm safe" too
        answered = friend = renew = False
        corrected = talk.whose_said(asked, self.nlu.says_whose(parse), risk)
        # "wkwk nggak lah, lebay doang" to "are you safe?": the joke taken back, not "I'm not safe" (lexicon `retract`)
        retracted = (answer == "no" and kind in (policy.SAFETY, policy.LATE_SAFETY) and not risk.any
                     and self.nlu.answers.retracts(parse.tokens))

        if corrected:  # "eh bukan aku, temenku" / "the friend is me": the helper's answer or the writer's own
            (first, risk), parse, friend = corrected, replace(parse, intent=None), corrected[1].who == "other"
            ids = [first if first != risk.intent else self._answer_id(first)]
        elif (question and answer and answer == policy.ASKS[question.asks or "offer"].confirms_risk
                and risk.level is not RiskLevel.EMERGENCY and not retracted):  # an act under way: the emergency reply
            # "ga aman" to "are you safe?", "iya" to "are you thinking about ending your life?"
            ids, answered = [question.answers[answer]], True
            parse, risk = replace(parse, intent=None), confirmed(question.id)
        elif (asked == policy.EMERGENCY and risk.level < RiskLevel.EMERGENCY and risk.who == "self"
              and self.nlu.says_stopped(parse)):  # "i didn't take them, i flushed them": in crisis, nothing taken
            intent = risk.intent if risk.any else "suicidal_thoughts"
            ids, risk, parse = [self._answer_id(intent)], Risk(RiskLevel.HIGH, intent), replace(parse, intent=None)
        elif below_urgent(asked, risk):  # "im kinda dizzy now" after the emergency reply: still an emergency
            ids, parse, renew = [policy.REMINDERS[asked]], replace(parse, intent=None), True
            friend = risk.who == "other"
        elif (answer == "yes" and question and question.asks in (policy.SAFETY, policy.LATE_SAFETY)
              and risk.who == "other" and risk.level is RiskLevel.POSSIBLE):  # "yea im safe rn. my sister is here":
            ids, answered, parse = [question.answers[answer]], True, replace(parse, intent=None)  # safe, she no risk
        elif asked in policy.ABUSE_TALK and not answer and talk.more_abuse(asked, parse, risk):
            ids, parse = [policy.ABUSE_MORE], replace(parse, intent="abuse_violence")  # "pls dont make me tell my
            risk = Risk(max(risk.level, RiskLevel.HIGH), "abuse_violence") if risk.any else risk  # parents": the same
            # account, as high as it was told
        elif risk.any and (friend := risk.who == "other"):  # someone else's risk (see RiskReading.friend_topic)
            ids = [talk.friend_answer(risk)]
        elif risk.level is RiskLevel.EMERGENCY:
            ids = [policy.EMERGENCY]
        elif risk.level is RiskLevel.HIGH and risk.intent:
            ids = [self._answer_id(risk.intent)]
        elif risk.level is RiskLevel.POSSIBLE and question and answer and question.asks != "offer":
            ids, answered = [question.answers[answer]], True  # "ga kok, cuma capek": heard, not asked again
            parse = replace(parse, intent=None)
        elif (risk.level is RiskLevel.POSSIBLE and question and question.asks == policy.SAFETY
              and question.id.split(".")[0] == risk.intent):  # its crisis reply came just now: not asked afresh
            ids, risk = [self._answer_id(risk.intent)], replace(risk, level=RiskLevel.HIGH)
        elif risk.level is RiskLevel.POSSIBLE and risk.intent:
            ids = [policy.ask_id(risk.intent, risk.past)]
        elif asked in policy.REMINDERS:  # right after an urgent reply: still urgent, whatever was said
            ids, parse = [policy.REMINDERS[asked]], replace(parse, intent=None)
        elif erase_pending and answer:
            return self._erase_answer(answer == "yes", state)
        elif question and (retracted or question.asks in (policy.SAFETY, "risk") and not answer
                           and self.nlu.deflects(parse)):  # "just curious lol", or a joke taken back: heard, the
            # door left open; after an account of abuse, SAPA 129's
            ids, answered = [policy.ABUSE_DEFLECT if question.id.startswith("abuse") else policy.DEFLECT], True
            parse = replace(parse, intent=None)
        elif question and answer:
            ids, answered = [question.answers[answer]], True
            parse = replace(parse, intent=None)  # an answer, not a topic
        elif (wanted := self.nlu.language_request(parse)) is not None:
            return self._set_language(wanted, state)
        elif parse.intent is None and policy.about_other(asked):  # "dia ga bales", "what do i even say": still
            ids = [policy.FRIEND_INTENT if asked != policy.FRIEND_INTENT else policy.FRIEND_WHAT_TO_SAY]  # about them
        elif parse.intent is None:
            ids = [policy.NOT_UNDERSTOOD]
        elif parse.intent == "privacy" and not self.stores:
            state = replace(state, last_language=lang)
            return self.kept_elsewhere(state), state
        elif parse.intent in policy.RISK_INTENTS:  # the risk check found none: the topic, not the crisis reply
            ids = [policy.RISK_TOPIC]
        else:
            ids = [self._answer_id(parse.intent)]
            if parse.intent != "self_diagnosis" and self.nlu.self_label(parse):
                ids.append(policy.SELF_LABEL_NOTE)
        intent = policy.FRIEND_INTENT if risk.any and friend else risk.intent if risk.any else parse.intent
        # While a risk question waits ("are you safe?"), a goodbye or a topic names the routes too (policy.Ask.asked);
        # so does one in the writer's account of abuse.
        ask = policy.ASKS.get(question.asks or "") if question else None
        waiting = asked is not None and policy.is_risk_response(asked) and (ask is None or ask.asked
                                                                            or asked in policy.ABUSE_TALK)
        reply, new_state = self._compose(ids, lang, intent, risk, state, routes=waiting)
        risk_question = ask is not None and ask.asked and ask.confirms_risk is not None
        if risk_question and not (again or answered or policy.is_risk_response(ids[0])):
            new_state = replace(new_state, pending=None)  # a topic's "want tips?" does not push "are you safe?" or
            # "are you thinking about ending your life?" aside: it waits one more message (carry)
        if ids[0] in policy.REMINDERS or renew:  # the next two messages without risk get its reminder
            new_state = replace(new_state, pending=ids[0] if not renew else asked)
        elif policy.about_other(ids[0]) or ids[0] in policy.ROUTES_AFTER:  # the next two messages are read in a talk
            new_state = replace(new_state, pending=ids[0])  # about someone else at risk, or still name a route
        reply = replace(reply, confidence=parse.confidence, risk_by=risk.phrase if risk.any else None)
        return reply, new_state if answered else carry(state, new_state)

    def _press(self, payload: str, state: UserState) -> tuple[Reply, UserState]:
        if payload.startswith(LANG_PAYLOAD):
            return self._set_language(payload.removeprefix(LANG_PAYLOAD), state)
        asked, _again = pending(state)
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
        confirming = policy.ASKS[question.asks].confirms_risk if question and question.asks else None
        if question and confirming and question.answers.get(confirming) == payload:
            risk = confirmed(question.id)
        reply, after = self._compose([payload], lang, response.intent or risk.intent, risk, state)
        if payload in policy.REMINDERS:  # "I'm not safe" pressed: the next messages get its reminder
            after = replace(after, pending=payload)
        return reply, after if answered else carry(state, after)

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


__all__ = ["ERASE", "ERASE_NO", "ERASE_YES", "LANG_PAYLOAD", "RATE_DOWN", "RATE_UP", "Button", "Command", "Dialogue",
           "Event", "Press", "Reply", "Text", "Unsupported", "UserState"]  # channels import the types from here too
