"""A teen who says whose risk it is is heard: "bukan aku, temenku" and "the friend is me" (lexicon not_me, its_me)."""

from __future__ import annotations

import pytest

from bot.core.dialogue import Dialogue, Text, UserState


def talk(dialogue: Dialogue, *texts: str) -> list[tuple[str, ...]]:
    state, replies = UserState(), []
    for text in texts:
        reply, state = dialogue.handle(Text(text), state)
        replies.append(reply.response_ids)
    return replies


@pytest.mark.parametrize(("first", "correction", "expected"), [
    # read as the writer's own abuse; the correction got the same account's follow-up
    ("om nya suka megang2 dia pas rumah sepi", "eh bukan aku, temen sebangku aku maksudnya", "help_a_friend.abuse"),
    # read as the writer's own; "not" read as "no, I'm not safe": the urgent not-safe reply
    ("my dad hits me every night", "not me, my friend. her dad", "help_a_friend.abuse"),
    ("pengen mati aja katanya", "bukan aku yaa, sepupuku yg bilang gitu", "help_a_friend.suicide"),
])
def test_not_me_my_friend_gets_the_helpers_answer(dialogue: Dialogue, first: str, correction: str,
                                                  expected: str) -> None:
    replies = talk(dialogue, first, correction)
    assert replies[1][0] == expected, replies


@pytest.mark.parametrize(("friend", "reveal", "expected"), [
    ("my friend keeps cutting her arms, how do i help her", "the friend is me. i've been pretending",
     "self_harm"),
    ("temenku bilang dia pengen bunuh diri, aku harus gimana", "sebenernya temen yg aku ceritain itu aku",
     "suicidal_thoughts"),
    ("my best friend just told me she swallowed 20 pills", "ok it's me. there is no friend", "emergency"),
])
def test_the_friend_is_me_gets_the_writers_own_reply(dialogue: Dialogue, friend: str, reveal: str,
                                                     expected: str) -> None:
    replies = talk(dialogue, friend, reveal)
    assert replies[0][0].startswith("help_a_friend") and replies[1][0] == expected, replies


@pytest.mark.parametrize("follow_up", ["bukan aku yang salah kan? dia yang mulai duluan", "itu aku banget wkwk",
                                       "not me crying over this again lol"])
def test_not_me_in_other_senses_changes_nothing(dialogue: Dialogue, follow_up: str) -> None:
    replies = talk(dialogue, "bapak tiriku suka mukulin aku pake sabuk kalo dia mabuk", follow_up)
    assert not replies[1][0].startswith("help_a_friend"), replies


def test_in_a_talk_about_a_friend_what_is_not_understood_still_helps_with_them(dialogue: Dialogue) -> None:
    replies = talk(dialogue, "temenku bilang dia pengen bunuh diri, aku harus gimana", "she just left me on read")
    assert replies[0][0] == "help_a_friend.suicide" and replies[1][0] == "help_a_friend", replies  # was "not understood"


@pytest.mark.parametrize(("text", "says"), [
    ("dia ngerasa ga ada temen di sekolah", None), ("itu aku yang nyuruh dia cerita ke guru bk", None),
    ("aku bohong ke dia kalo aku ga bakal bilang siapa2", None),  # a friend's story in the same words
    ("ok fine gue bohong, it's me. ga ada temen", "self"), ("jujur itu aku sendiri", "self"),
    ("not me lol, my roommate", "other"), ("bukan aku yang salah kan, dia yang mulai", None),
])
def test_who_a_message_says_it_is_about(dialogue: Dialogue, text: str, says: str | None) -> None:
    assert dialogue.nlu.says_whose(dialogue.nlu.parse(text)) == says


@pytest.mark.parametrize(("too", "expected"), [("tbh i kinda do it too sometimes", "self_harm.ask"),
                                               ("aku juga suka gitu sih", "self_harm.ask")])
def test_a_helper_who_does_the_same_is_asked_about_themselves(dialogue: Dialogue, too: str, expected: str) -> None:
    # "tbh i kinda do it too sometimes" got "not understood" (no risk word): the helper's own self-harm went unasked
    replies = talk(dialogue, "my friend keeps cutting her arms, how do i help her", too)
    assert replies[1][0] == expected, replies


@pytest.mark.parametrize(("text", "lang", "expected"), [
    # the writer's own risk is sometimes read as a friend's: the helper's answer also tells them the routes are theirs
    ("my best friend told me she cuts herself, how do i help her", "en", "help_a_friend.self_harm"),
    ("temenku bilang dia pengen mati, aku harus gimana", "id", "help_a_friend.suicide"),
])
def test_the_helpers_answer_tells_the_writer_the_numbers_are_theirs_too(dialogue: Dialogue, text: str, lang: str,
                                                                     expected: str) -> None:
    reply, _ = dialogue.handle(Text(text), UserState(last_language=lang))
    assert reply.response_ids[0] == expected
    about_you = {"en": "really about you", "id": "soal kamu sendiri"}[lang]
    assert about_you in reply.text and reply.text.index(about_you) > reply.text.index("112")


# Whose risk when the risk model reads a message as someone else's (lexicon `someone_else`): the first two got the
# helper's answer ("your friend is in danger right now"; help for a friend's abuse) before stop 48.
@pytest.mark.parametrize(("text", "expected"), [
    ("just jumped from the roof. cant stand up. my ankle looks wrong", "emergency"),
    ("pakdeku suka ngirim chat mesum dan nyuruh aku jangan bilang2", "abuse_violence"),
    # someone else, named by no `other_people` word
    ("ada anak di kelas aku yang katanya udah nulis surat wasiat", "help_a_friend.suicide"),
    ("ada orang di forum bilang mau bundir malam ini dan udah ngasih lokasinya, aku harus apa", "help_a_friend.urgent"),
])
def test_a_message_that_speaks_of_nobody_but_the_writer_is_the_writers_own(dialogue: Dialogue, text: str,
                                                                          expected: str) -> None:
    assert talk(dialogue, text)[0][0] == expected


# Someone else's words quoted (lexicon `reported`): each got the writer's own crisis reply before stop 48.
@pytest.mark.parametrize("text", [
    'sahabatku ngechat gini: "gue mau b*nuh d1ri, obatnya udh gue beli banyak, tinggal nunggu waktu yg pas". aku panik',
    'td ngechat "makasih ya udh jd temen terbaik, maaf kalo selama ini ngerepotin". trs barang2nya dibagiin semua',
    'di grup kelas ada yg nulis "besok gue gak bakal dateng lagi, selamanya" trs semua ngira bercanda'])
def test_risk_in_someone_elses_quoted_words_gets_the_helpers_answer(dialogue: Dialogue, text: str) -> None:
    assert talk(dialogue, text)[0][0].startswith("help_a_friend.")


@pytest.mark.parametrize(("text", "expected"), [
    ('my caption was "goodbye forever" and i meant it', "suicidal_thoughts"),  # the writer's own words
    ('i texted my mom "im sorry for everything" and turned my phone off, the pills are next to me', "emergency"),
])
def test_the_writers_own_quoted_words_keep_the_writers_reply(dialogue: Dialogue, text: str, expected: str) -> None:
    assert talk(dialogue, text)[0][0] == expected


# Told to die, or wished dead (lexicon `told_to_die`): the first two had the helper's answer before stop 48, as if
# the dad or the classmates were the ones at risk, and the third until stop 49 (the words quoted, said to "kamu");
# someone else told to die stays someone else's.
@pytest.mark.parametrize(("text", "expected"), [
    ("my dad said he wishes i was dead", "suicidal_thoughts"),
    ("temen2 sekelas bilang aku mending mati aja", "suicidal_thoughts"),
    ('papa bilang "mending kamu mati aja"', "suicidal_thoughts"),
    ("temenku bilang ayahnya nyuruh dia mati aja", "help_a_friend.suicide"),
    ("my friend said her mom told her to kill herself", "help_a_friend.suicide"),
    ("temenku tiap hari dikatain dan disuruh mati sama anak2 kelas, dia bilang pengen nurut aja", "help_a_friend.abuse"),
])
def test_a_writer_told_to_die_is_the_one_at_risk(dialogue: Dialogue, text: str, expected: str) -> None:
    assert talk(dialogue, text)[0][0] == expected
