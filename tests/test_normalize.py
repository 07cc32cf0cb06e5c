"""Normalization: what teens type becomes the words the model and the risk list know."""

from __future__ import annotations

import tracemalloc

import pytest

from bot.core.dialogue import Dialogue, Text, UserState


@pytest.mark.parametrize(("typed", "expected"), [
    ("Aku SEDIHHHH bgt", "aku sedih banget"),  # case, elongation, slang
    ("gw mau b*nuh d1r1", "aku mau b*nuh diri"),  # leetspeak; the censored word stays for fuzzy matching
    ("gue pgn bundir", "aku ingin bunuh diri"),  # slang lexicon, multi-word replacement
    ("marah2 terus", "marah marah terus"),  # Indonesian reduplication
    ("cap\u200beeek\u200d", "capek"),  # zero-width characters inside a word dropped
    ("aku\u200bmau\u200bbunuh\u200bdiri", "aku mau bunuh diri"),  # … between words: a word boundary
    ("i\u200cwant\u2060to\ufeffdie", "i want to die"),
    ("b\u200bu\u200bn\u200bu\u200bh diri", "bunuh diri"),  # one letter at a time: still one word
    ("s e l f h a r m lagi", "self harm lagi"),  # spelled out letter by letter: regrouped into known words
    ("b.u.n.u.h d.i.r.i", "bunuh diri"),
    ("k m s tonight", "kill myself tonight"),
    ("aku g d rumah", "aku g d rumah"),  # two letters do not spell a word out
    ("hai\x00\x07kak", "hai kak"),  # control characters become spaces
    ("ＨＡＬＯ", "halo"),  # NFKC full-width letters
    ("I'm sooo tired", "i am so tired"),  # apostrophes, elongation to a known word
    ("k1ll myself", "kill myself"),
    ("*sigh* 119 ext 8", "sigh 119 ext 8"),  # numbers stay numbers
    ("123abc", "123abc"),  # not leetspeak: a run of digits
    ("sewer slide besok", "suicide besok"),  # slang of two words (intents/lexicon.yml)
    ("sewerrr sliide", "suicide"),  # ... after elongation
    ("the sewer pipe", "the sewer pipe"),  # one of its words alone stays
    ("mau l*mpat dari jembatan", "mau lompat dari jembatan"),  # an unknown censored word one known word fits
    ("aku cvt lagi", "aku cut lagi"),  # v for u, where only the swap is a known word
    ("ke p*s*r", "ke p*s*r"),  # fits pasar, pisar…: several known words, so it stays
])
def test_normalize(dialogue: Dialogue, typed: str, expected: str) -> None:
    assert dialogue.nlu.normalize(typed) == expected


def test_normalize_keeps_nothing_from_emoji_only(dialogue: Dialogue) -> None:
    assert dialogue.nlu.normalize("😭😭😭 🙏") == ""


@pytest.mark.parametrize("text", ["aku\u200bmau\u200bbunuh\u200bdiri\u200bmalam\u200bini",
                                  "i\u200bwant\u200bto\u200bkill\u200bmyself\u200btonight"])
def test_a_crisis_message_split_by_zero_width_characters_stays_high(dialogue: Dialogue, text: str) -> None:
    assert dialogue.nlu.parse(text).risk.level.label in ("high", "emergency")


@pytest.mark.parametrize(("typed", "read"), [
    ("RT @kabarsekolah: aku capek https://t.co/aB3xQ9kLmZ", "aku capek"),  # a retweet's furniture and a link
    ("@dimas_22 @raka.jpg sama bgt", "sama banget"),  # @handles
    ("[USERNAME] [USERNAME] sedih bgt HTTPURL", "sedih banget"),  # placeholders data sets put for them
    ("RT USER: capek <url>", "capek"),
    ("liat ini vt.tiktok.com/ZSQ8kd0a/ lucu bgt", "liat ini lucu banget"),  # a link without http
    ("@ku mau tidur", "aku mau tidur"),  # an @ that stands for a letter stays: leetspeak
    ("pak RT baik bgt", "pak rt baik banget"),  # RT alone is the neighbourhood's head, not a retweet
    ("kirim url nya dong", "kirim url nya dong"),  # the word, not a placeholder
])
def test_links_and_handles_are_not_read(dialogue: Dialogue, typed: str, read: str) -> None:
    assert dialogue.nlu.parse(typed).normalized == read


@pytest.mark.parametrize(("posted", "said"), [
    ("[USERNAME] [USERNAME] ga ada gunanya aku hidup, semua bakal lebih baik tanpa aku HTTPURL",
     "ga ada gunanya aku hidup, semua bakal lebih baik tanpa aku"),
    ("RT @kabarsekolah: udah ga ada alasan buat tetep hidup. aku mau udahan aja",
     "udah ga ada alasan buat tetep hidup. aku mau udahan aja"),
    ("@jess.xo_ won't be a problem for anyone much longer", "won't be a problem for anyone much longer"),
    ("udah siap semua, suratnya udah aku tulis https://vt.tiktok.com/ZSQ8kd0a/",
     "udah siap semua, suratnya udah aku tulis"),
    ("hi, walking into the sea now", "walking into the sea now"),
    ("hi, i want to die so bad it physically hurts. my chest is heavy all day",
     "i want to die so bad it physically hurts. my chest is heavy all day"),
])
def test_a_link_a_handle_or_a_greeting_does_not_lower_a_risk_message(dialogue: Dialogue, posted: str,
                                                                      said: str) -> None:
    """They used to dilute the words: "[USERNAME] … HTTPURL" turned a crisis reply into a question, and one "hi" took
    "walking into the sea now" from the emergency reply to no reply about risk at all."""
    plain, around = dialogue.nlu.parse(said).risk, dialogue.nlu.parse(posted).risk
    assert plain.level.label in ("high", "emergency")
    assert (around.level, around.intent, around.who) == (plain.level, plain.intent, plain.who)


@pytest.mark.parametrize(("typed", "rest"), [
    ("hi, walking into the sea now", "walking into the sea now"),
    ("halo kak, aku mau cerita", "aku mau cerita"),
    ("heyyy everyone!!! im done", "im done"),  # elongation and punctuation
    ("Selamat malam dok, saya mau bertanya", "saya mau bertanya"),  # a greeting of two words
    ("assalamualaikum kak, aku mau cerita", "aku mau cerita"),
    ("halo kak", "halo kak"),  # a greeting and nothing else stays one
    ("halo 0", "0"),  # a number after it is read alone, and a number alone is not read for risk
    ("halo kak 👋", "halo kak 👋"),  # nothing but a greeting and an emoji
    ("kak aku capek", "kak aku capek"),  # a form of address with no greeting before it: maybe "my sister"
    ("malam ini aku mau pergi", "malam ini aku mau pergi"),  # "malam" alone says when, not hello
    ("good night everyone, for the last time", "good night everyone, for the last time"),  # a goodbye
    # after "hi," the message has begun: "everyone" is its subject, not a form of address (it read "would be better off
    # if i was dead tbh", a question instead of the crisis reply, from a network drawn from seed 1)
    ("hi, everyone would be better off if i was dead tbh", "everyone would be better off if i was dead tbh"),
    ("hai kak, apa kabar? aku lagi ga baik", "aku lagi ga baik"),  # "apa kabar" greets too
])
def test_a_greeting_at_the_start_is_not_read_for_risk(dialogue: Dialogue, typed: str, rest: str) -> None:
    assert dialogue.nlu.opening.rest(typed) == rest


@pytest.mark.parametrize(("typed", "said"), [("hi, i need help", "i need help"),
                                             ("hi, how do i become a peer supporter at school",
                                              "how do i become a peer supporter at school")])
def test_a_topic_after_a_greeting_gets_its_answer_not_a_hello(dialogue: Dialogue, typed: str, said: str) -> None:
    # both got the greeting's answer: the topic was read from the whole message, greeting and all
    reply, _ = dialogue.handle(Text(typed), UserState())
    assert reply.response_ids == dialogue.handle(Text(said), UserState())[0].response_ids
    assert reply.response_ids[0] != "greet"


@pytest.mark.parametrize("text", ["halo? ada yg bales gak", "hai kak, apa kabar?", "halo 3"])  # "3" alone: medication
def test_a_greeting_with_small_talk_still_gets_the_greeting(dialogue: Dialogue, text: str) -> None:
    assert dialogue.handle(Text(text), UserState())[0].response_ids[0] == "greet"


@pytest.mark.parametrize("text", ["0", "0 0", "halo 0"])
def test_a_number_alone_is_not_read_for_risk(dialogue: Dialogue, text: str) -> None:
    """The risk model read "0" alone as 0.6 risk: the crisis reply to a number."""
    assert not dialogue.nlu.parse(text).risk.any


@pytest.mark.parametrize(("typed", "read"), [
    ("aku pengne mati", "aku ingin mati"),  # two letters swapped
    ("sucide thoughts again", "suicide thoughts again"),  # one left out
    ("i darnk bleach", "i drank bleach"),  # one slip from "drank" (swapped) and "dark" (left out): the swap
    ("aku udah teeln semuanya", "aku sudah telen semuanya"),  # … from "telen" and "teen"
    ("he stalks me", "he stalks me"),  # a word of the maintainers' lists stays as written, not "talks"
    ("mancis di laci", "mancis di laci"),  # … "mancis" (a lighter) is not "manis"
])
def test_a_slip_in_a_message_is_read_as_the_word_meant(dialogue: Dialogue, typed: str, read: str) -> None:
    assert dialogue.nlu.parse(typed).normalized == read


def test_the_training_texts_and_the_lists_are_never_respelt(dialogue: Dialogue) -> None:
    assert dialogue.nlu.normalize("aku pengne mati") == "aku pengne mati"  # what training and the lists go through


def test_a_very_long_word_is_read_without_a_search_for_slips(dialogue: Dialogue) -> None:
    """Its one-slip variants cost memory as its length squared: a 4,000-letter word would take about a gigabyte."""
    word = "abcdefghij" * 400
    tracemalloc.start()
    try:
        parsed = dialogue.nlu.parse(f"aku {word}")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert parsed.tokens == ("aku", word)
    assert peak < 20_000_000
