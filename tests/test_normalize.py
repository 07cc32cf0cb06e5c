"""Normalization: what teens type becomes the words the model and the risk list know."""

from __future__ import annotations

import pytest

from bot.core.dialogue import Dialogue


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
