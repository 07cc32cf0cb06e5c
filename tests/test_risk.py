"""Risk detection on the ways teens actually write: slang, typos, leetspeak, code-mixing."""

from __future__ import annotations

import pytest

from bot.core.dialogue import Dialogue, Text, UserState

HIGH = [
    "aku mau bunuh diri",
    "gw pengen bundir aja",
    "pengen b*nuh d1r1",
    "bunuhhh dirii",
    "bnuh diri aja kali ya",  # a typo in each word
    "aku udah gak mau hidup lagi",
    "pengen tidur selamanya",
    "i want to kill myself",
    "gonna k1ll myself tonight",
    "kms",
    "gue capek, pengen mati aja",
    "i just wanna die fr",
    "aku sering nyakitin diri sendiri",
    "i've been cutting myself again",
    "bapak tiri aku suka mukul, aku dipukulin tiap malem",
    "my uncle touches me and i hate it",
]
POSSIBLE_OR_HIGH = [
    "aku cuma jadi beban buat semua orang",
    "capek hidup",
    "pengen ngilang aja dr dunia ini",
    "everyone would be better off without me",
    "i just want to disappear forever",
    "gue udah gak kuat lagi jujur",
    "what's the point of living tbh",
    "aku takut pulang ke rumah",
    "aku ngerasa gak pantes idup",
]
NONE = [
    "halo kak",
    "gimana cara ke psikolog pake bpjs",
    "kayaknya aku adhd deh",
    "boleh minta nomor hotline?",
    "siapa yang menang piala dunia",
    "good morning",
    "what is a psychiatrist",
]


@pytest.mark.parametrize("text", HIGH)
def test_high_risk(dialogue: Dialogue, text: str) -> None:
    assert dialogue.nlu.parse(text).risk.level.label in ("high", "emergency")  # the crisis path either way


@pytest.mark.parametrize("text", POSSIBLE_OR_HIGH)
def test_possible_risk(dialogue: Dialogue, text: str) -> None:
    assert dialogue.nlu.parse(text).risk.level.label in ("possible", "high")


@pytest.mark.parametrize("text", NONE)
def test_no_risk(dialogue: Dialogue, text: str) -> None:
    assert dialogue.nlu.parse(text).risk.level.label == "none"


def test_risk_names_the_kind(dialogue: Dialogue) -> None:
    assert dialogue.nlu.parse("aku mau bunuh diri").risk.intent == "suicidal_thoughts"
    assert dialogue.nlu.parse("aku nyakitin diri sendiri").risk.intent == "self_harm"
    assert dialogue.nlu.parse("aku dilecehkan sama tetangga").risk.intent == "abuse_violence"


def test_unknown_words_never_get_the_crisis_reply_from_the_model_alone(dialogue: Dialogue) -> None:
    # Tuned for recall: the model may still ask about gibberish, but it never jumps to "high".
    for text in ("ayyy", "sugeng enjing", "qwrty zxcv"):
        assert dialogue.nlu.parse(text).risk.level.label != "high", text


ACTS = [  # an act under way or just done: the medical-emergency reply, 119/112 first
    "aku barusan nelen 15 butir paracetamol",
    "i just took the whole bottle of my mom's sleeping pills",
    "lukanya dalem banget dan darahnya ga mau berhenti",
]
FRIEND = ["temenku bilang dia pengen bunuh diri, aku harus gimana", "my best friend keeps saying she wants to die"]
FRIEND_SELF_HARM = ["my little sister burned her arm with a lighter again and made me promise not to tell our parents",
                    "temen sebangku aku sering nyilet tangannya, aku liat bekasnya pas olahraga"]
FRIEND_NOW = ["temenku barusan bilang dia udah minum obat banyak banget", "my friend just texted me that she took a bunch of pills"]
JOKES = ["ngakak sampe mati liat video ini wkwk", "hp aku mati pas lagi nonton", "aku dibunuh mulu main among us",
         "this homework is killing me lol", "we killed it at the concert tonight"]


@pytest.mark.parametrize("text", ACTS)
def test_an_act_under_way_gets_the_emergency_reply_first(dialogue: Dialogue, text: str) -> None:
    reply, _ = dialogue.handle(Text(text), UserState())
    assert reply.risk.label == "emergency" and reply.response_ids[0] == "emergency"
    first = [line for line in reply.text.splitlines() if line.strip()][1]
    assert "119" in first  # the medical emergency line comes first, before any words of comfort


@pytest.mark.parametrize("text", FRIEND)
def test_a_friend_at_risk_gets_the_helpers_answer(dialogue: Dialogue, text: str) -> None:
    reply, _ = dialogue.handle(Text(text), UserState())
    assert reply.response_ids[0] == "help_a_friend.suicide" and reply.intent == "help_a_friend"


@pytest.mark.parametrize("text", FRIEND_SELF_HARM)
def test_a_friend_who_hurts_themselves_gets_the_self_harm_helpers_answer_with_routes(dialogue: Dialogue, text: str) -> None:
    """Not the answer about suicide: stay calm, listen, ask about suicide, and get help now when badly hurt."""
    reply, _ = dialogue.handle(Text(text), UserState())
    assert reply.response_ids[0] == "help_a_friend.self_harm" and reply.intent == "help_a_friend"
    assert "112" in reply.text and "119" in reply.text


# From the development sets (tests/data/risk_dev2): the risk model reads the writer's own abuse, the topic classifier
# help_a_friend (someone else is named); they got the help-a-friend answer, as if the abuse were a friend's.
@pytest.mark.parametrize("text", [
    "i got raped by my cousin's friend last month and i haven't told anyone. how do i know if i'm pregnant",
    "guru aku sering nyuruh aku tinggal abis kelas terus ngelus2 punggung aku. temen2 bilang aku ge er"])
def test_the_writers_own_abuse_gets_the_abuse_answer_whatever_topic_it_reads_as(dialogue: Dialogue, text: str) -> None:
    reply, _ = dialogue.handle(Text(text), UserState())
    assert reply.response_ids[0] == "abuse_violence" and "129" in reply.text


# A teen's own plea for help ("what do i do") reads to the topic classifier as "help a friend"; they got the
# helper's answer ("call 112 for your friend, stay with them") while bleeding themselves.
@pytest.mark.parametrize("text", ["the cut on my thigh is gaping open, what should i do",
                                  "i'm bleeding a lot from my arm and it won't stop, what do i do",
                                  "aku nyayat tangan lagi dan sekarang ga berhenti berdarah, aku harus ke igd ga",
                                  "tolong darahnya ngucur terus dari lenganku, aku harus ngapain"])
def test_the_writers_own_act_asking_what_to_do_gets_the_emergency_reply_not_the_helpers(dialogue: Dialogue,
                                                                                         text: str) -> None:
    reply, _ = dialogue.handle(Text(text), UserState())
    assert reply.response_ids[0] == "emergency" and "119" in reply.text


# The last (tests/data/risk_dev2) is a friend's only by the topic: the risk model leans to someone else at 0.45.
@pytest.mark.parametrize("text", ["temenku bilang dia mau bunuh diri malam ini, aku harus gimana",
                                  "my friend said she's going to kill herself tonight what do i do",
                                  ("my friend asked me if i think it would hurt to jump from the 8th floor. "
                                   "then laughed. i can't stop thinking about it")])
def test_a_friends_risk_asking_what_to_do_still_gets_the_helpers_answer(dialogue: Dialogue, text: str) -> None:
    reply, _ = dialogue.handle(Text(text), UserState())
    assert reply.response_ids[0].startswith("help_a_friend.") and "112" in reply.text


# The telling of abuse always names the abuser, so the risk model read these as someone else's: they got the
# helper's answer. Told as done to the writer (lexicon own_abuse), they are the writer's own.
@pytest.mark.parametrize("text", ["aku dipukulin rame2 sama anak kelas sebelah tiap pulang",
                                  "my sister's husband keeps trying to kiss me when she's out",
                                  # told with the active verb (stop 47): it got the helper's urgent answer, a friend
                                  # in danger who does not answer ("ga bales chat dia")
                                  "pacarku suka mukulin aku kalo aku ga bales chat dia"])
def test_abuse_told_as_done_to_the_writer_gets_the_abuse_answer(dialogue: Dialogue, text: str) -> None:
    reply, _ = dialogue.handle(Text(text), UserState())
    assert reply.response_ids[0] == "abuse_violence" and "129" in reply.text


# A threat that keeps the writer quiet names someone else as the one who will be hurt, so the risk model read these as
# that person's abuse: the helper's answer ("what they are going through is not their fault"). The writer is the one
# coerced (lexicon `silenced`, with a threat word); each of these got the helper's answer before.
@pytest.mark.parametrize("text", ["om aku bilang kalo aku cerita ke mama, dia bakal nyakitin adekku",
                                  "kakak ipar bilang kalo aku ngomong ke kakak, dia bakal mukulin kakak aku",
                                  "my cousin says if i tell my aunt he will beat up my little brother",
                                  # a classmate threatening the writer: a friend word, but "mukulin aku" (own_abuse)
                                  "temen sekelasku bilang kalo aku cerita ke guru, dia bakal mukulin aku"])
def test_a_threat_that_silences_the_writer_gets_their_own_abuse_answer(dialogue: Dialogue, text: str) -> None:
    reply, _ = dialogue.handle(Text(text), UserState())
    assert reply.response_ids[0] == "abuse_violence" and "129" in reply.text


# Not when a friend asks the writer to keep quiet, nor where there is no threat, only a sibling's abuse told.
@pytest.mark.parametrize("text", ["temenku bilang kalo aku cerita ke guru, ayahnya bakal mukulin dia lagi",
                                  "adekku dipukulin ayah, kalo aku bilang ke ibu ga dipercaya"])
def test_a_friends_or_siblings_abuse_told_with_if_i_tell_stays_theirs(dialogue: Dialogue, text: str) -> None:
    reply, _ = dialogue.handle(Text(text), UserState())
    assert reply.response_ids[0] == "help_a_friend.abuse" and "129" in reply.text


@pytest.mark.parametrize("text", ["temenku sering dipukulin bapaknya, aku harus gimana",
                                  "temen aku dipukulin bapaknya tiap malem",  # "temen aku": the friend's
                                  "my friend's dad hits her with a belt, what should i do"])
def test_a_friends_abuse_gets_the_helpers_answer_with_sapa_129(dialogue: Dialogue, text: str) -> None:
    """Believe them, don't confront the abuser, tell an adult; anyone may report to SAPA 129. It got the general
    help-a-friend answer, which names Healing119 and 112 but not SAPA 129."""
    reply, _ = dialogue.handle(Text(text), UserState())
    assert reply.response_ids[0] == "help_a_friend.abuse"
    assert "129" in reply.text and "112" in reply.text


@pytest.mark.parametrize("text", FRIEND_NOW)
def test_a_friend_in_danger_now_gets_the_urgent_helpers_answer(dialogue: Dialogue, text: str) -> None:
    reply, _ = dialogue.handle(Text(text), UserState())
    assert reply.response_ids[0] == "help_a_friend.urgent" and "112" in reply.text


@pytest.mark.parametrize("text", JOKES)
def test_jokes_and_games_are_not_alarms(dialogue: Dialogue, text: str) -> None:
    assert dialogue.nlu.parse(text).risk.level.label == "none"


def test_one_risk_sentence_in_a_long_post_is_not_diluted(dialogue: Dialogue) -> None:
    post = ("hari ini sekolah biasa aja, pagi ada upacara terus pelajaran matematika yang bikin ngantuk. "
            "pulangnya aku mampir beli seblak sama temen, enak banget tapi pedes. "
            "di rumah mama nanya nilai ulangan, aku bilang belum dibagi. "
            "jujur aku udah nyiapin tali di lemari buat malam ini. "
            "besok ada latihan basket jam tiga.")
    assert dialogue.nlu.parse(post).risk.level.label in ("high", "emergency")


def test_an_act_under_way_in_a_message_with_no_punctuation_gets_the_emergency_reply(dialogue: Dialogue) -> None:
    # with no sentence to read alone, the words around the act diluted it to a question about thoughts
    text = ("hey sorry for the random message i know its late and you probably wont read this but i tried to hang "
            "myself an hour ago and my neck is purple and i can barely talk")
    reply, _ = dialogue.handle(Text(text), UserState())
    assert reply.response_ids[0] == "emergency" and "119" in reply.text


def test_a_risk_phrase_in_a_sentence_read_at_the_ask_threshold_is_asked_about_at_least(dialogue: Dialogue) -> None:
    # the risk model alone: 0.26 for the whole message, 0.58 for its first sentence (under the 0.6 a sentence needs to
    # count); "i want to die so bad it physically hurts. my chest is heavy all day" read so from a network drawn
    # from seed 1 and got no reply about risk at all. The phrase and the sentence agree: the question, or more.
    text = "i want to die so badly it physically hurts. every night. wkwk that sounds so dramatic but it's true"
    reply, _ = dialogue.handle(Text(text), UserState())
    assert reply.response_ids[0] in ("suicidal_thoughts.ask", "suicidal_thoughts") and "119" in reply.text


@pytest.mark.parametrize("text", ["aku udah minum sertraline dari dokter 2 bulan, boleh berhenti sendiri ga?",
                                  "aku sering cuci tangan berkali2 sampe kulitnya kering, itu OCD kan?"])
def test_a_short_question_about_medicine_or_a_habit_gets_no_emergency_reply(dialogue: Dialogue, text: str) -> None:
    # read in windows (risk_model.WINDOW_MIN), these got the emergency reply, and the next two turns its reminder
    reply, _ = dialogue.handle(Text(text), UserState())
    assert reply.risk.label != "emergency"


@pytest.mark.parametrize("word", ["udah", "tadi", "dia", "the"])
def test_one_everyday_word_alone_gets_neither_the_crisis_nor_the_emergency_reply(dialogue: Dialogue, word: str) -> None:
    # both models read "udah" about 0.9 risk and "tadi" as an act under way: one word is too little to rest on
    reply, _ = dialogue.handle(Text(word), UserState())
    assert reply.risk.label in ("none", "possible") and reply.response_ids[0] != "emergency"


def test_one_word_stays_grave_when_it_names_risk_or_goes_on_from_a_risk_reply(dialogue: Dialogue) -> None:
    reply, _ = dialogue.handle(Text("suicidal"), UserState())  # a word of the maintainers' phrase list
    assert reply.risk.label == "high" and "119" in reply.text
    _, state = dialogue.handle(Text("gw pengen ilang aja"), UserState())
    reply, _ = dialogue.handle(Text("selamanya"), state)  # "forever": the thought goes on
    assert reply.risk.label == "high" and reply.response_ids[0] == "suicidal_thoughts" and "119" in reply.text


def test_an_act_under_way_with_laughter_around_it_gets_the_emergency_reply(dialogue: Dialogue) -> None:
    # the laughter read as a joke took it to a question about thoughts; jokes with laughter stay harmless
    for text in ("lagi di rooftop mau loncat wkwkwk", "wkwk lagi di rooftop mau loncat"):
        reply, _ = dialogue.handle(Text(text), UserState())
        assert reply.response_ids[0] == "emergency" and "119" in reply.text, text
    for joke in ("ngakak sampe mati liat video ini wkwk", "aku dibunuh mulu main among us lol"):
        assert dialogue.handle(Text(joke), UserState())[0].risk.label == "none", joke


def test_suicide_as_a_topic_gets_information_not_the_crisis_reply(dialogue: Dialogue) -> None:
    reply, _ = dialogue.handle(Text("we had a suicide prevention week at school and i want to be a psychologist someday"),
                               UserState())
    assert reply.risk.label == "none" and reply.response_ids == ("risk_topic",) and "112" in reply.text


def test_ideation_that_is_over_gets_a_gentle_check_not_the_crisis_reply(dialogue: Dialogue) -> None:
    reply, _ = dialogue.handle(Text("dulu aku pernah kepikiran bundir, tapi sekarang udah nggak kok. mau tanya "
                                    "cara ke psikolog"), UserState())
    assert reply.risk.label == "possible" and reply.response_ids == ("suicidal_thoughts.ask_past",)


@pytest.mark.parametrize("text", ["ngakak sampe mati liat meme ini 💀", "aku ga suka dia tapi dia suka sama aku, gimana nolaknya"])
def test_a_joke_or_a_crush_gets_neither_the_crisis_reply_nor_the_suicide_information(dialogue: Dialogue,
                                                                                    text: str) -> None:
    reply, _ = dialogue.handle(Text(text), UserState())
    assert reply.risk.label == "none" and "risk_topic" not in reply.response_ids


@pytest.mark.parametrize("text", ["what's the least painful way to die", "whats the easiest way to die"])
def test_asking_for_a_painless_way_to_die_gets_the_crisis_reply(dialogue: Dialogue, text: str) -> None:
    # the risk model alone only asks; the phrase list (a method asked for, C-SSRS) raises it
    reply, _ = dialogue.handle(Text(text), UserState())
    assert reply.risk.label == "high" and reply.response_ids[0] == "suicidal_thoughts" and "119" in reply.text


def test_the_least_painful_way_to_do_something_harmless_raises_no_alarm(dialogue: Dialogue) -> None:
    reply, _ = dialogue.handle(Text("what's the least painful way to get a tattoo"), UserState())
    assert reply.risk.label == "none"


# The gentle check has its own question since stop 48; before, the same as for a crisis now ("it sounds like things are
# really heavy for you right now"), to a teen telling how far they have come.
@pytest.mark.parametrize(("text", "answer", "then"), [
    ("used to think nobody would care if i disappeared but therapy helped so much, now im planning my 18th bday party",
     "yes sometimes", "suicidal_thoughts.yes"),
    ("dulu pas smp aku pernah pengen bunuh diri, sekarang udah jauh lebih baik dan rutin ke psikolog", "nggak kok",
     "suicidal_thoughts.not_now"),
])
def test_ideation_that_is_over_is_checked_gently_and_a_yes_gets_the_crisis_reply(
        dialogue: Dialogue, text: str, answer: str, then: str) -> None:
    first, state = dialogue.handle(Text(text), UserState())
    assert first.response_ids[0] == "suicidal_thoughts.ask_past"
    assert "right now" not in first.text and "lagi ngerasa berat" not in first.text
    assert "{hotline" not in first.text and ("119" in first.text or "112" in first.text)
    second, _ = dialogue.handle(Text(answer), state)
    assert second.response_ids[0] == then
