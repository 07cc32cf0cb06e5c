"""The dialogue policy, through the same `Dialogue.handle` every channel uses."""

from __future__ import annotations

import re

import pytest

from bot.core.dialogue import Command, Dialogue, Press, Reply, Text, UserState

CRISIS_NUMBER = re.compile(r"\b(112|119|110|129)\b|healing119\.id")


def say(dialogue: Dialogue, *texts: str, state: UserState | None = None) -> list[Reply]:
    state = state or UserState()
    replies = []
    for text in texts:
        reply, state = dialogue.handle(Text(text), state)
        replies.append(reply)
    return replies


def test_high_risk_gets_the_crisis_reply_with_several_routes(dialogue: Dialogue) -> None:
    reply = say(dialogue, "aku mau bunuh diri")[0]
    assert reply.risk.label == "high" and reply.intent == "suicidal_thoughts"
    assert reply.language == "id"
    assert len(set(CRISIS_NUMBER.findall(reply.text))) >= 2
    assert "112" in reply.text


def test_couldnt_get_through_shows_more_routes(dialogue: Dialogue) -> None:
    reply, state = dialogue.handle(Text("i want to kill myself"), UserState())
    more = [b for b in reply.buttons if b.label == "Couldn't get through?"]
    assert more, reply.buttons
    following, _ = dialogue.handle(Press(more[0].payload), state)
    first_routes = set(CRISIS_NUMBER.findall(reply.text))
    assert set(CRISIS_NUMBER.findall(following.text)) - first_routes, "the next routes must be new ones"


def test_possible_risk_asks_directly_and_already_names_help(dialogue: Dialogue) -> None:
    reply, state = dialogue.handle(Text("aku udah gak kuat lagi"), UserState(last_language="id"))
    assert reply.risk.label == "possible"
    assert reply.response_ids == ("suicidal_thoughts.ask",)
    assert CRISIS_NUMBER.search(reply.text)
    assert [b.label for b in reply.buttons] == ["Iya", "Nggak"]
    assert state.pending == "suicidal_thoughts.ask"


@pytest.mark.parametrize(("answer", "expected_risk"), [("iya", "high"), ("ya kak", "high"), ("gak", "none")])
def test_typed_answer_to_the_question(dialogue: Dialogue, answer: str, expected_risk: str) -> None:
    first, second = say(dialogue, "aku udah gak kuat lagi", answer, state=UserState(last_language="id"))
    assert first.risk.label == "possible"
    assert second.risk.label == expected_risk
    assert CRISIS_NUMBER.search(second.text), "a 'no' still leaves the help visible"


def test_pressing_yes_gives_the_crisis_reply(dialogue: Dialogue) -> None:
    reply, state = dialogue.handle(Text("i wish i could just disappear"), UserState())
    yes = next(b for b in reply.buttons if b.label == "Yes")
    crisis, _ = dialogue.handle(Press(yes.payload), state)
    assert crisis.risk.label == "high"
    assert len(set(CRISIS_NUMBER.findall(crisis.text))) >= 2


def test_abuse_gets_the_child_protection_line(dialogue: Dialogue) -> None:
    reply = say(dialogue, "ayah aku suka mukul aku sampe memar")[0]
    assert reply.intent == "abuse_violence" and reply.risk.label == "high"
    assert "129" in reply.text and "112" in reply.text


def test_risk_wins_over_any_pending_question(dialogue: Dialogue) -> None:
    _, state = dialogue.handle(Text("aku udah gak kuat lagi"), UserState())
    assert state.pending == "suicidal_thoughts.ask"
    reply, _ = dialogue.handle(Text("iya aku mau bunuh diri"), state)
    assert reply.risk.label == "high" and reply.intent == "suicidal_thoughts"


def test_greeting_and_topics(dialogue: Dialogue) -> None:
    reply = say(dialogue, "halo")[0]
    assert reply.intent == "greet" and reply.risk.label == "none" and reply.language == "id"
    reply = say(dialogue, "how do i see a psychologist with bpjs?")[0]
    assert reply.intent == "find_professional_help" and reply.language == "en"


def test_self_diagnosis_gets_the_policy_answer(dialogue: Dialogue) -> None:
    reply = say(dialogue, "kayaknya aku bipolar deh, soalnya mood aku naik turun")[0]
    assert reply.intent == "self_diagnosis"
    assert "psikolog" in reply.text.lower()


def test_medication_question_gets_no_dose(dialogue: Dialogue) -> None:
    reply = say(dialogue, "can i double my antidepressant dose myself?")[0]
    assert reply.intent == "medication"
    assert not re.search(r"\d+\s?(mg|ml|tablet)", reply.text)


def test_self_label_inside_another_topic_adds_the_reminder(dialogue: Dialogue) -> None:
    reply = say(dialogue, "aku depresi, gimana cara ke psikolog pake bpjs?")[0]
    assert reply.intent == "find_professional_help"
    assert reply.response_ids[-1] == "self_diagnosis.reminder"


def test_not_understood_is_honest_and_offers_the_menu(dialogue: Dialogue) -> None:
    reply = say(dialogue, "🙂🙂")[0]
    assert reply.intent is None and reply.response_ids[0] == "fallback.not_understood"
    assert any(b.payload == "menu.topics" for b in reply.buttons)


def test_language_is_detected_per_message_until_chosen(dialogue: Dialogue) -> None:
    first, second = say(dialogue, "halo kak", "hello there")
    assert (first.language, second.language) == ("id", "en")
    reply, state = dialogue.handle(Text("english please"), UserState())
    assert reply.language == "en" and state.language == "en"
    reply, state = dialogue.handle(Text("aku mau bunuh diri"), state)
    assert reply.language == "en", "a chosen language is sticky"


def test_language_command_and_buttons(dialogue: Dialogue) -> None:
    reply, state = dialogue.handle(Command("bahasa"), UserState(last_language="id"))
    assert [b.payload for b in reply.buttons] == ["lang:id", "lang:en"]
    reply, state = dialogue.handle(Press("lang:id"), state)
    assert state.language == "id" and reply.language == "id"
    assert "Bahasa Indonesia" in reply.text  # the confirmation comes from the id catalog


def test_stale_button_falls_back_kindly(dialogue: Dialogue) -> None:
    reply, _ = dialogue.handle(Press("removed.response"), UserState())
    assert reply.response_ids == ("fallback.not_understood",)


def test_unknown_command(dialogue: Dialogue) -> None:
    reply, _ = dialogue.handle(Command("frobnicate"), UserState(last_language="en"))
    assert reply.text.startswith("I don't know that command.")


def test_delete_asks_for_confirmation_first(dialogue: Dialogue) -> None:
    reply, state = dialogue.handle(Command("hapus"), UserState(language="id"))
    assert reply.text.startswith("Kamu mau aku hapus semua") and reply.action is None
    assert [b.payload for b in reply.buttons] == ["erase:yes", "erase:no"]
    assert state.pending == "erase.confirm"


@pytest.mark.parametrize("answer", [Press("erase:yes"), Text("iya")])
def test_confirmed_delete_asks_the_channel_to_erase(dialogue: Dialogue, answer: Press | Text) -> None:
    _, state = dialogue.handle(Command("hapus"), UserState(language="id"))
    reply, state = dialogue.handle(answer, state)
    assert reply.action == "erase"
    assert state.language is None and state.pending is None


@pytest.mark.parametrize("answer", [Press("erase:no"), Text("nggak")])
def test_declined_delete_erases_nothing(dialogue: Dialogue, answer: Press | Text) -> None:
    _, state = dialogue.handle(Command("delete"), UserState(language="en"))
    reply, state = dialogue.handle(answer, state)
    assert reply.action is None and reply.text.startswith("Okay, nothing was deleted.")
    assert state.language == "en" and state.pending is None


@pytest.mark.parametrize("text", ["ok", "boleh"])
def test_ok_to_delete_everything_erases_nothing(dialogue: Dialogue, text: str) -> None:
    # "ok" is a yes to an offer of tips, but deleting cannot be undone: only a plain yes or the button
    _, state = dialogue.handle(Command("hapus"), UserState(language="id"))
    reply, _ = dialogue.handle(Text(text), state)
    assert reply.action is None


def test_an_erase_button_without_a_pending_question_erases_nothing(dialogue: Dialogue) -> None:
    reply, _ = dialogue.handle(Press("erase:yes"), UserState(language="en"))
    assert reply.action is None


def test_risk_while_delete_is_pending_gets_the_crisis_reply(dialogue: Dialogue) -> None:
    _, state = dialogue.handle(Command("hapus"), UserState(language="id"))
    reply, _ = dialogue.handle(Text("iya aku mau bunuh diri aja"), state)
    assert reply.action is None and reply.risk.label == "high"


def test_erased_says_what_was_deleted(dialogue: Dialogue) -> None:
    assert dialogue.erased(1, 37, "en").text.startswith(
        "Done. I deleted your saved settings and 37 anonymous records of your chats.")
    assert dialogue.erased(0, 1, "en").text.startswith("Done. I deleted 1 anonymous record of your chats.")
    assert dialogue.erased(0, 0, "id").text.startswith("Beres. Teduh memang nggak nyimpen apa-apa")
    assert dialogue.erased(None, 0, "id").text.startswith("Maaf, datamu belum bisa aku hapus")


def test_a_rating_is_thanked_and_names_the_rated_answer(dialogue: Dialogue) -> None:
    reply, _ = dialogue.handle(Press("rate:down:anxiety"), UserState(language="en"))
    assert reply.feedback == -1 and reply.response_ids == ("anxiety",)
    assert [b.payload for b in reply.buttons] == ["menu.topics"]
    forged, _ = dialogue.handle(Press("rate:up:my secret diary"), UserState(language="en"))
    assert forged.feedback is None and forged.response_ids == ()


def test_a_friend_at_risk_gets_how_to_help_with_crisis_routes(dialogue: Dialogue) -> None:
    reply = say(dialogue, "temenku bilang dia mau bunuh diri, aku harus gimana")[0]
    assert reply.risk.label != "none" and reply.intent == "help_a_friend"
    assert reply.response_ids[0] == "help_a_friend.suicide"
    assert len(set(CRISIS_NUMBER.findall(reply.text))) >= 2
