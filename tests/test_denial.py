"""A wish to die denied in so many words is not read as risk (lexicon `denial`); a denial taken back, told to someone,
over, or followed by a "but" still is; a broken entry names its line."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import read_edited_lexicon

from bot.core.dialogue import Dialogue, Text, UserState
from bot.nlu.denial import DenialWords


def reply_to(dialogue: Dialogue, text: str) -> tuple[str, str]:
    reply, _ = dialogue.handle(Text(text), UserState())
    return reply.risk.label, reply.response_ids[0]


# Each got the crisis reply before stop 48.
@pytest.mark.parametrize("text", [
    "tenang aku ga kepikiran bunuh diri kok 😂 cuma kesel aja sama nilai rapot, abis main sama temen juga ilang bete",
    "don't worry i'm not suicidal lol just annoyed at my grades",
    "aku ga ada niat bunuh diri sama sekali, cuma mau curhat soal nilai"])
def test_a_denial_gets_no_risk_reply(dialogue: Dialogue, text: str) -> None:
    level, response = reply_to(dialogue, text)
    assert level == "none" and response != "risk_topic"  # nor "thanks for caring about this topic": the rest's topic


@pytest.mark.parametrize(("text", "expected"), [
    ("aku bilang ke bk aku ga kepikiran bunuh diri, padahal iya", "suicidal_thoughts"),  # told, then taken back
    ("bukan berarti aku ga mau mati", "suicidal_thoughts"),  # a double negation
    ("i'm not going to kill myself tonight", "suicidal_thoughts"),  # not yet
    ("i don't want to die but i can't keep living like this", "suicidal_thoughts"),  # a "but"
    ("not suicidal, i just cut when it gets bad", "self_harm"),  # the rest is read
    ("aku ga mau mati tapi tadi udah minum 20 paracetamol", "emergency"),
])
def test_a_denial_that_is_not_one_keeps_its_risk_reply(dialogue: Dialogue, text: str, expected: str) -> None:
    assert reply_to(dialogue, text) == ("emergency" if expected == "emergency" else "high", expected)


def test_ideation_that_is_over_gets_a_gentle_check(dialogue: Dialogue) -> None:
    level, response = reply_to(dialogue, "psikolog nyuruh aku bikin safety plan walaupun udah ga suicidal. perlu ya?")
    assert level != "none" and response.startswith("suicidal_thoughts")


def test_a_denial_entry_that_is_not_a_list_names_its_line(content_dir: Path, tmp_path: Path) -> None:
    problems, data, line = read_edited_lexicon(content_dir, tmp_path, "  alone: [suicidal]", "  alone: suicidal",
                                               "denial")
    assert problems == [
        f"intents/lexicon.yml:{line}: error: denial must map alone, death, link, negation, past, thought, unless to "
        "lists of words, e.g. death: [bunuh diri, kill myself]"]
    assert data.lexicon.denial == DenialWords() and data.lexicon.slang  # left out: the rest of the lexicon still loads
