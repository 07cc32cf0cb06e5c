"""The look-alike check (bot/nlu/lookalike.py): an ordinary farewell is not a suicide goodbye."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.core.dialogue import Dialogue, Text, UserState
from bot.library.problems import Collector
from bot.nlu.data import read_nlu_data
from bot.nlu.risk_model import HIGH, POSSIBLE, Judgement


def _judged(dialogue: Dialogue, text: str) -> Judgement:
    nlu = dialogue.nlu
    return nlu.risk_model.judge(text, " ".join(nlu.normalize.tokens(text, respell=True)))


def test_a_farewell_read_as_possible_risk_gets_no_question(dialogue: Dialogue) -> None:
    text = "thanks for everything, see you at graduation"  # read 0.41 as a suicide goodbye: asked until stop 49
    judged = _judged(dialogue, text)
    assert judged.category == "suicide_goodbye" and POSSIBLE <= judged.score < HIGH and judged.lookalike
    reply, _ = dialogue.handle(Text(text), UserState())
    assert reply.risk.label == "none" and not reply.response_ids[0].startswith(("suicidal", "risk_topic")), reply


@pytest.mark.parametrize("text", [  # read 0.90 and 0.92 as a suicide goodbye: the crisis reply until stop 49
    "hari ini hari terakhir aku di sekolah ini. makasih buat semuanya. aku pindah ke makassar ikut papa, doain betah "
    "ya. nanti kalo ada yang main ke sana kabarin",
    "makasih buat semuanya, hari ini terakhir aku di asrama. besok pulang ke medan",
])
def test_a_farewell_read_as_high_risk_is_asked_not_given_the_crisis_reply(dialogue: Dialogue, text: str) -> None:
    judged = _judged(dialogue, text)
    assert judged.category == "suicide_goodbye" and judged.score >= HIGH and judged.lookalike
    reply, _ = dialogue.handle(Text(text), UserState())
    assert reply.risk.label == "possible" and reply.response_ids[0] == "suicidal_thoughts.ask", reply


@pytest.mark.parametrize(("text", "expected"), [
    ("makasih buat semuanya ya. maaf aku cuma jadi beban. tolong jagain kucingku, aku ga bakal ada di sini lagi",
     "suicidal_thoughts"),
    ("thank you all for everything. please don't look for me. this is the last time you'll hear from me",
     "suicidal_thoughts"),
    ("unfollowed everyone and left every group chat tonight. thank you for everything. it's time", "suicidal_thoughts"),
    # an act under way in a farewell's words is never lowered
    ("makasih buat semuanya, maaf ya. barusan aku udah minum semua obat tidur mama", "emergency"),
])
def test_a_goodbye_in_the_same_words_still_gets_the_crisis_reply(dialogue: Dialogue, text: str, expected: str) -> None:
    reply, _ = dialogue.handle(Text(text), UserState())
    assert reply.response_ids[0] == expected and "119" in reply.text, reply


def _copy(content_dir: Path, tmp_path: Path) -> Path:
    intents = tmp_path / "intents"
    shutil.copytree(content_dir / "intents", intents)
    return intents / "risk_lookalikes"


def _problems(folder: Path, tmp_path: Path) -> list[str]:
    out = Collector(tmp_path)
    read_nlu_data(folder.parent, out)
    return [str(p) for p in out.problems]


def test_a_lookalike_file_must_be_named_after_a_risk_category(content_dir: Path, tmp_path: Path) -> None:
    folder = _copy(content_dir, tmp_path)
    (folder / "suicide_goodbye.yml").rename(folder / "goodbyes.yml")
    [problem] = _problems(folder, tmp_path)
    assert problem.startswith("intents/risk_lookalikes/goodbyes.yml:1: error: 'goodbyes' is not a risk category of "
                              "intents/risk/: name the file after the category its messages look like (abuse, ")


def test_a_lookalike_file_holds_harmless_messages_only(content_dir: Path, tmp_path: Path) -> None:
    folder = _copy(content_dir, tmp_path)
    path = folder / "suicide_goodbye.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("risk: {level: none, kind: none, who: none, stage: none}",
                                 "risk: {level: high, kind: suicide, who: self, stage: preparation}"), encoding="utf-8")
    line = text.splitlines().index("risk: {level: none, kind: none, who: none, stage: none}") + 1
    assert _problems(folder, tmp_path) == [
        f"intents/risk_lookalikes/suicide_goodbye.yml:{line}: error: a look-alike file holds harmless messages only: "
        "'risk: {level: none, kind: none, who: none, stage: none}'"]


def test_a_risk_message_among_the_lookalikes_names_both_places(content_dir: Path, tmp_path: Path) -> None:
    folder = _copy(content_dir, tmp_path)
    goodbye = (folder.parent / "risk" / "suicide_goodbye.yml").read_text(encoding="utf-8").splitlines()
    at, risky = next((i, line.strip()[2:]) for i, line in enumerate(goodbye, 1) if line.strip().startswith("- "))
    path = folder / "suicide_goodbye.yml"
    lines = path.read_text(encoding="utf-8").splitlines()
    first = next(i for i, line in enumerate(lines) if line.strip().startswith("- "))
    lines.insert(first, f"    - {risky}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert _problems(folder, tmp_path) == [
        f"intents/risk_lookalikes/suicide_goodbye.yml:{first + 1}: error: '{risky}' is also a risk message of "
        f"suicide_goodbye (intents/risk/suicide_goodbye.yml:{at}): keep it in one of the two"]
