"""An act the writer says did not happen gets the crisis reply, not the emergency one (`stopped:` in risk_means.yml);
a broken `stopped:` or `dose:` block names its line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.core.dialogue import Dialogue, Text, UserState
from bot.library.problems import Collector
from bot.nlu.means_file import read_means

ROUTE = re.compile(r"\b(112|119)\b")


@pytest.mark.parametrize("text", [
    "barusan aku udah pegang obat tidur mama, tapi ga jadi aku telen. udah aku buang ke wc",
    "sat with all my sleeping pills for an hour but i never took them, they're in the trash now",
    "i was on the edge of the roof for a while but i stepped back",
    "put the blade down. didn't cut tonight, i'm just sitting here shaking",
])
def test_an_act_stopped_in_time_gets_the_crisis_reply_not_the_emergency_one(dialogue: Dialogue, text: str) -> None:
    # these got "this is an emergency: go to the IGD now, even if you feel okay": nothing was taken
    reply, state = dialogue.handle(Text(text), UserState())
    assert reply.risk.label == "high" and reply.response_ids[0] != "emergency", reply.response_ids
    assert ROUTE.search(reply.text) and state.pending is not None  # routes, and "are you safe right now?" waits


@pytest.mark.parametrize("text", [
    "tadi mau berhenti tapi udah terlanjur nelen setengah botol obat tidur",
    "i tried to stop but i'd already swallowed like 20 pills",
    "i changed my mind after i took them all, is it too late",
    "aku ga jadi nyesel kok, udah aku minum semua obat mama",
])
def test_an_act_that_happened_after_all_keeps_the_emergency_reply(dialogue: Dialogue, text: str) -> None:
    reply, _ = dialogue.handle(Text(text), UserState())
    assert reply.response_ids[0] == "emergency"


def test_someone_elses_act_is_not_lowered(dialogue: Dialogue) -> None:
    reply, _ = dialogue.handle(Text("my best friend just told me she swallowed 20 pills, she didn't take them all"),
                               UserState())
    assert reply.response_ids[0] == "help_a_friend.urgent"


@pytest.mark.parametrize(("block", "words"), [("stopped", "ga jadi minum"), ("dose", "1 tablet")])
def test_a_broken_block_names_its_line(tmp_path: Path, block: str, words: str) -> None:
    path = tmp_path / "risk_means.yml"
    path.write_text('version: 1\ncount: 10\nwords:\n  pills: [obat]\n  swallowed: [minum]\npatterns:\n'
                    '  - id: p\n    when: "{swallowed} {count} {pills}"\n    level: emergency\n    kind: suicide\n'
                    f'    stage: act\n{block}:\n  words: [{words}]\n  unless: terlanjur\n', encoding="utf-8")
    out = Collector(tmp_path)
    data = read_means(path, out)
    shown = [str(p) for p in out.problems]
    assert any(s.startswith(f"risk_means.yml:14: error: {block}.unless: expected a list of words or phrases")
               for s in shown), shown
    assert data is not None and getattr(data, block) == ()  # left out, so nothing is lowered (or read as a dose)


@pytest.mark.parametrize(("act", "after"), [
    ("took a bunch of my mom's pills like 20 min ago", "wait no i didn't take them, i flushed them. i'm just scared"),
    ("aku barusan minum 15 paracetamol", "eh ga jadi aku minum kok, udah aku buang semua ke wc"),
])
def test_after_the_emergency_reply_saying_it_did_not_happen_gets_the_crisis_reply(dialogue: Dialogue, act: str,
                                                                                  after: str) -> None:
    _, state = dialogue.handle(Text(act), UserState())
    reply, state = dialogue.handle(Text(after), state)  # was the emergency reminder: "still an emergency, call 119"
    assert reply.risk.label == "high" and reply.response_ids[0] in ("suicidal_thoughts", "self_harm")
    assert ROUTE.search(reply.text) and state.pending is not None  # routes, and "are you safe right now?" waits


def test_after_the_emergency_reply_an_act_after_all_keeps_the_reminder(dialogue: Dialogue) -> None:
    _, state = dialogue.handle(Text("aku barusan minum 15 paracetamol"), UserState())
    reply, _ = dialogue.handle(Text("mau berhenti tadi tapi udah terlanjur ketelen semua"), state)
    assert reply.response_ids[0] in ("emergency", "emergency.again")
