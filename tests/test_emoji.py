"""Emoji that name a means (lexicon `emoji`) are read as their word in the message's language; a broken entry
names its line."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import read_edited_lexicon

from bot.core.dialogue import Dialogue, Text, UserState


# Before the emoji were read (stop 47) the first got the goodbye answer ("bye for now"), the second the self-harm
# crisis reply, not "go to the IGD now".
@pytest.mark.parametrize("text", ["💊💊💊💊💊💊💊💊💊💊 x30 just now. bye", "🔫 in my hand rn"])
def test_an_act_told_in_emoji_gets_the_emergency_reply(dialogue: Dialogue, text: str) -> None:
    reply, _ = dialogue.handle(Text(text), UserState())
    assert reply.response_ids[0] == "emergency" and "119" in reply.text


@pytest.mark.parametrize("text", ["vitamin c 💊 tiap pagi biar ga gampang sakit",
                                  "dapet 🩸 hari pertama, perut sakit bgt", "lagi masak rendang 🔪🥩 enak bgt",
                                  "i'm dead 💀💀 this meme"])
def test_an_emoji_in_an_everyday_message_raises_nothing(dialogue: Dialogue, text: str) -> None:
    reply, _ = dialogue.handle(Text(text), UserState())
    assert reply.risk.label == "none"


def test_an_emoji_entry_that_is_not_one_emoji_names_its_line(content_dir: Path, tmp_path: Path) -> None:
    problems, data, line = read_edited_lexicon(content_dir, tmp_path, '"💊": {id: obat, en: pills}',
                                               '"pil": {id: obat, en: pills}', "emoji")
    assert problems == [
        f'intents/lexicon.yml:{line}: error: emoji must map one emoji character to a word in each language, '
        'e.g. "💊": {id: obat, en: pills}']
    assert data.lexicon.emoji == {} and data.lexicon.slang  # left out: the rest of the lexicon still loads
