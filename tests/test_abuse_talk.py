"""After the writer's own account of abuse, what they say next is more of that account (policy.ABUSE_TALK)."""

from __future__ import annotations

import pytest

from bot.core.dialogue import Dialogue, Text, UserState

ABUSE_MORE = "abuse_violence.more"
ACCOUNT = {"id": "bapak tiriku suka mukulin aku pake sabuk kalo dia mabuk",
           "en": "my stepdad hits me with his belt when he's drunk"}


def told(dialogue: Dialogue, lang: str) -> UserState:
    reply, state = dialogue.handle(Text(ACCOUNT[lang]), UserState())
    assert reply.response_ids[0] == "abuse_violence"  # the crisis reply for abuse, which asks "are you safe?"
    return state


@pytest.mark.parametrize(("lang", "follow_up"), [
    ("id", "gw takut ga ada yg percaya, dia dihormatin bgt di kampung"),  # was the self-esteem answer
    ("en", "today it was a plate. cut my forehead"),  # was "out of scope"
    ("en", "what do i even do, gw baru 15"),  # was what the bot can do
    ("id", "gw takut bgt, dia bilang jgn cerita ke wali kelas"),  # read as someone else's: the helper's answer
    ("en", "i dont want my parents to find out"),  # a faint suicide reading: "are you thinking of ending your life?"
    ("id", "kemarin asbaknya kena kepalaku, sampe benjol"),  # a faint self-harm reading: "are you hurting yourself?"
    ("id", "dia bilang kalo aku cerita ke siapa2 aku diusir dari rumah"),  # abuse again: the same long reply again
])
def test_what_follows_an_account_of_abuse_gets_help_with_it(dialogue: Dialogue, lang: str, follow_up: str) -> None:
    reply, state = dialogue.handle(Text(follow_up), told(dialogue, lang))
    assert reply.response_ids == (ABUSE_MORE,), reply.response_ids
    assert "129" in reply.text and "112" in reply.text  # SAPA 129 and the emergency number
    assert reply.intent == "abuse_violence" and state.pending == ABUSE_MORE  # the next message is read the same way


def test_the_account_goes_on_over_several_messages_and_still_hears_are_you_safe(dialogue: Dialogue) -> None:
    state = told(dialogue, "id")
    for follow_up in ("gw takut ga ada yg percaya, dia dihormatin bgt di kampung",
                      "ini normal ga sih? temen2ku juga suka dicubit kok", "gimana kalo nanti aku dipisahin dari adikku"):
        reply, state = dialogue.handle(Text(follow_up), state)
        assert reply.response_ids == (ABUSE_MORE,), (follow_up, reply.response_ids)
    reply, _ = dialogue.handle(Text("ga aman"), state)  # the question asked two replies ago is still heard
    assert reply.response_ids == ("safety.abuse_not_safe",)
    reply, _ = dialogue.handle(Text("aman kok sekarang"), state)
    assert reply.response_ids == ("safety.abuse_safe",)


@pytest.mark.parametrize(("follow_up", "expected"), [
    ("btw aku susah tidur akhir2 ini", "sleep"),  # a clear new topic
    ("kalo videonya kesebar mending aku ilang aja dari dunia", "suicidal_thoughts.ask"),  # read as suicide: its question
    ("aku barusan minum 15 paracetamol", "emergency"),  # an act under way: 119 first
])
def test_a_new_topic_suicide_or_an_act_under_way_leave_the_account(dialogue: Dialogue, follow_up: str,
                                                                      expected: str) -> None:
    reply, _ = dialogue.handle(Text(follow_up), told(dialogue, "id"))
    assert reply.response_ids[0] == expected


@pytest.mark.parametrize("closing", ["makasih banyak ya, aku mau tidur dulu", "thanks for listening", "udah dulu ya bye"])
def test_a_thanks_or_goodbye_after_more_of_the_account_is_answered_as_such(dialogue: Dialogue, closing: str) -> None:
    _, state = dialogue.handle(Text("gw takut ga ada yg percaya, dia dihormatin bgt di kampung"), told(dialogue, "id"))
    reply, _ = dialogue.handle(Text(closing), state)
    assert reply.response_ids[0] in ("thanks", "goodbye") and "129" in reply.text  # the routes still named


def test_someone_elses_abuse_is_not_read_as_the_writers_account(dialogue: Dialogue) -> None:
    reply, state = dialogue.handle(Text("temen aku dipukulin bapaknya tiap malem, aku harus gimana"), UserState())
    assert reply.response_ids[0] == "help_a_friend.abuse"
    reply, _ = dialogue.handle(Text("dia bilang jangan bilang siapa2, aku bingung"), state)
    assert reply.response_ids[0] != ABUSE_MORE


def test_not_safe_after_im_safe_gets_sapa_129s_not_safe_answer(dialogue: Dialogue) -> None:
    """The safe answer says how to take it back ("bilang aja 'nggak aman'"); after an account of abuse that got the
    suicide reply's "not safe" answer, with no SAPA 129."""
    _, state = dialogue.handle(Text("aman kok"), told(dialogue, "id"))
    reply, _ = dialogue.handle(Text("nggak aman"), state)
    assert reply.response_ids == ("safety.abuse_not_safe",) and "129" in reply.text
