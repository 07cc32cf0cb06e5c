"""Rasa interop: action_teduh_reply through rasa-sdk's executor, over HTTP, and intents/ as Rasa NLU data."""

from __future__ import annotations

import asyncio
import json
import os
import socket
import subprocess
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml
from conftest import teduh_command
from rasa_sdk.executor import ActionExecutor
from safety_cases import CRISES, TURNS, expected_answer

import bot.channels.rasa_action
from bot.core import policy
from bot.core.dialogue import Dialogue


def action_call(text: str, intent: str, confidence: float = 0.9, slots: dict[str, Any] | None = None,
                entities: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """A webhook request as Rasa 3 sends it, with the NLU's intent ranking filled in."""
    ranking = [{"name": intent, "confidence": confidence}, {"name": "out_of_scope", "confidence": 1 - confidence}]
    return {
        "next_action": "action_teduh_reply", "sender_id": "user-1", "version": "3.10.0",
        "domain": {"slots": {"language": {}, "teduh_last_language": {}, "teduh_pending": {}}},
        "tracker": {
            "sender_id": "user-1", "slots": slots or {}, "events": [], "paused": False, "followup_action": None,
            "active_loop": {}, "latest_action_name": "action_listen",
            "latest_message": {"text": text, "intent": ranking[0], "intent_ranking": ranking,
                               "entities": entities or []},
        },
    }


def press_call(payload: str, slots: dict[str, Any] | None = None) -> dict[str, Any]:
    """What Rasa sends after the user taps a button whose payload is `/teduh_button{...}`."""
    entity = {"entity": "teduh_payload", "value": payload, "start": 0, "end": 0}
    return action_call(bot.channels.rasa_action.button_payload(payload), "teduh_button", 1.0, slots, [entity])


@pytest.fixture
def executor(dialogue: Dialogue, monkeypatch: pytest.MonkeyPatch) -> ActionExecutor:
    # the session's trained dialogue (no second training), as the action server builds it
    monkeypatch.setattr(bot.channels.rasa_action, "_dialogue", dialogue.without_store())
    ex = ActionExecutor()
    ex.register_package("bot.channels.rasa_action")
    return ex


async def run(executor: ActionExecutor, call: dict[str, Any]) -> dict[str, Any]:
    result = await executor.run(call)
    assert result is not None
    return result.model_dump() if hasattr(result, "model_dump") else dict(result)


def slots(result: dict[str, Any]) -> dict[str, Any]:
    return {e["name"]: e["value"] for e in result["events"] if e["event"] == "slot"}


async def test_a_topic_from_rasas_intent(executor: ActionExecutor) -> None:
    result = await run(executor, action_call("aku deg-degan terus mikirin ujian", "anxiety"))
    (message,) = result["responses"]
    assert message["teduh"] == {"intent": "anxiety", "risk": "none", "response_ids": ["anxiety"],
                                          "language": "id"}
    assert {"title": "Cara nenangin cemas",
            "payload": '/teduh_button{"teduh_payload": "anxiety.coping"}'} in message["buttons"]
    # the answer offers ways to calm down ("Mau coba beberapa cara sekarang?"): a "yes" is awaited
    assert slots(result) == {"teduh_last_language": "id", "teduh_pending": "anxiety", "teduh_reply": "sent"}


async def test_a_crisis_message_with_a_wrong_intent_still_gets_the_crisis_reply(executor: ActionExecutor) -> None:
    result = await run(executor, action_call("kayaknya mending aku mati aja deh", "greet", 0.95))
    (message,) = result["responses"]
    assert message["teduh"]["risk"] in {"high", "possible"}
    assert "112" in message["text"] and "healing119.id" in message["text"]


async def test_a_button_payload_leads_back_to_its_response(executor: ActionExecutor) -> None:
    result = await run(executor, press_call("suicidal_thoughts.more_routes", {"teduh_last_language": "en"}))
    (message,) = result["responses"]
    assert message["teduh"]["response_ids"] == ["suicidal_thoughts.more_routes"]
    assert "SAPA 129" in message["text"] and message["text"].startswith("Lines can be busy")


async def test_the_language_slot_wins_and_a_choice_is_returned(executor: ActionExecutor) -> None:
    result = await run(executor, action_call("aku susah tidur", "sleep", slots={"language": "en"}))
    assert result["responses"][0]["teduh"]["language"] == "en"
    chosen = await run(executor, press_call("lang:id", {"language": "en"}))
    assert slots(chosen)["language"] == "id"


async def test_a_yes_to_the_risk_question_is_followed_through_the_slots(executor: ActionExecutor) -> None:
    asked = await run(executor, action_call("aku capek banget sama hidup", "sadness_depression", 0.5))
    assert asked["responses"][0]["teduh"]["risk"] == "possible"
    assert slots(asked)["teduh_pending"] == "suicidal_thoughts.ask"
    confirmed = await run(executor, action_call("iya", "affirm", 0.9, slots=slots(asked)))
    assert confirmed["responses"][0]["teduh"]["risk"] == "high"


async def test_malformed_fields_are_ignored_and_the_message_still_answered(executor: ActionExecutor) -> None:
    """Anyone who reaches the action server can send anything; a wrong type is read as absent, not a 500."""
    call = action_call("aku mau bunuh diri", "greet", slots={"teduh_pending": {"x": 1}, "language": ["en"]})
    call["tracker"]["latest_message"]["intent_ranking"] = [{"name": "greet", "confidence": "high"}, "sleep", None]
    (message,) = (await run(executor, call))["responses"]
    assert message["teduh"]["risk"] == "high" and "112" in message["text"]
    call = action_call("halo", "greet")
    call["tracker"]["latest_message"] = {"text": 5, "intent": "teduh_button", "entities": "none"}
    (message,) = (await run(executor, call))["responses"]
    assert message["teduh"]["response_ids"] == ["fallback.not_understood"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@asynccontextmanager
async def action_server(folder: Path) -> AsyncIterator[tuple[httpx.AsyncClient, str]]:
    """The installed `teduh actions` on a free port, once it answers /health; a client and its base URL."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TEDUH_", "TELEGRAM_"))}
    server = subprocess.Popen([*teduh_command(), "actions", "--port", str(port)], cwd=folder, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        async with httpx.AsyncClient(timeout=60) as client:
            deadline = time.monotonic() + 90
            while True:
                assert server.poll() is None, server.stdout.read().decode() if server.stdout else ""
                try:
                    if (await client.get(f"{url}/health")).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                assert time.monotonic() < deadline, "the action server did not start"
                await asyncio.sleep(0.3)
            yield client, url
    finally:
        server.terminate()
        server.wait(30)


async def test_the_action_server_over_http(tmp_path: Path) -> None:
    async with action_server(tmp_path) as (client, url):
        topic, crisis, press = [
            (await client.post(f"{url}/webhook", json=call)).json() for call in (
                action_call("gimana cara ke psikolog pakai bpjs", "find_professional_help"),
                action_call("aku mau bunuh diri", "greet", 0.97),
                press_call("find_professional_help", {"teduh_last_language": "en"}))]
    assert topic["responses"][0]["teduh"]["intent"] == "find_professional_help"
    assert crisis["responses"][0]["teduh"] == {
        "intent": "suicidal_thoughts", "risk": "high", "response_ids": ["suicidal_thoughts"], "language": "id"}
    assert "112" in crisis["responses"][0]["text"]
    assert [b["payload"] for b in crisis["responses"][0]["buttons"]][:3] == [
        '/teduh_button{"teduh_payload": "safety.safe"}', '/teduh_button{"teduh_payload": "safety.not_safe"}',
        '/teduh_button{"teduh_payload": "suicidal_thoughts.more_routes"}']
    assert press["responses"][0]["teduh"]["response_ids"] == ["find_professional_help"]


SMALL_REQUEST_BOUND_S = 1.0  # the requirement (issue 14): a small request is answered within a second


async def test_a_burst_of_huge_messages_does_not_hold_up_a_crisis_message(tmp_path: Path) -> None:
    """A 5 MB message and nine at Telegram's limit, of the text that costs the tokenizer most, are in
    flight; a crisis message sent meanwhile is answered within a second, and every huge one is answered."""
    hostile = "$" * 5_000_000
    bodies = [json.dumps(action_call(hostile[:size], "greet")).encode() for size in [5_000_000] + [4096] * 9]
    async with action_server(tmp_path) as (client, url):
        await client.post(f"{url}/webhook", json=action_call("halo", "greet"))  # the model is loaded

        async def post_huge(body: bytes) -> httpx.Response:
            return await client.post(f"{url}/webhook", content=body, headers={"Content-Type": "application/json"})

        async def post_small() -> tuple[httpx.Response, float]:
            await asyncio.sleep(0.2)  # the huge ones are on their way
            start = time.monotonic()
            response = await client.post(f"{url}/webhook", json=action_call("aku mau bunuh diri", "greet"))
            return response, time.monotonic() - start

        *huge, (small, waited) = await asyncio.gather(*map(post_huge, bodies), post_small())
    assert small.json()["responses"][0]["teduh"]["risk"] == "high"
    assert waited < SMALL_REQUEST_BOUND_S, f"a crisis message waited {waited:.2f} s behind huge ones"
    for response in huge:
        assert response.status_code == 200 and response.json()["responses"][0]["text"]


@pytest.mark.parametrize("lang", ["id", "en"])
def test_intents_are_rasa_3_nlu_yaml(content_dir: Path, lang: str) -> None:
    files = sorted((content_dir / "intents" / lang).glob("*.yml"))
    assert len(files) == 29
    for path in files:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert set(data) == {"version", "nlu"} and data["version"] == "3.1", path.name
        for item in data["nlu"]:
            assert set(item) <= {"intent", "examples", "metadata"} and isinstance(item["intent"], str), path.name
            lines = [line for line in item["examples"].splitlines() if line.strip()]
            assert lines and all(line.startswith("- ") and line[2:].strip() for line in lines), path.name


async def test_the_safety_question_is_heard_through_the_pending_slot(executor: ActionExecutor) -> None:
    for ((intent, _lang), answer) in TURNS:
        crisis = await run(executor, action_call(CRISES[intent, _lang], "greet", 0.5))
        assert crisis["responses"][0]["teduh"]["intent"] == intent
        assert slots(crisis)["teduh_pending"] == intent  # the crisis reply asks "are you safe right now?"
        assert slots(crisis)["teduh_reply"] == "sent"  # Rasa's rules: Teduh answered, nothing more to say
        reply = await run(executor, action_call(answer, "deny", 0.8, slots=slots(crisis)))
        (message,) = reply["responses"]
        assert message["teduh"]["response_ids"] == [expected_answer(intent, answer)], (intent, answer)
        expected = expected_answer(intent, answer)  # after "not safe", its reminder waits in the slot; after "safe",
        assert "112" in message["text"] and slots(reply)["teduh_pending"] == (  # the reply itself (routes still named)
            expected if expected in policy.REMINDERS or expected in policy.ROUTES_AFTER else None)


async def test_commands_typed_in_rasa_are_answered_honestly(executor: ActionExecutor) -> None:
    erase = await run(executor, action_call("/hapus", "out_of_scope", 0.4, slots={"teduh_last_language": "id"}))
    (message,) = erase["responses"]
    assert message["text"].startswith("Di chat ini, Teduh sendiri nggak nyimpen apa pun soal kamu")
    assert slots(erase)["teduh_pending"] is None  # nothing to confirm: Rasa keeps the conversation
    start = (await run(executor, action_call("/start", "greet", 0.4, slots={"teduh_last_language": "en"})))
    text = start["responses"][0]["text"]
    assert text.startswith("Hi, I'm Teduh") and "/delete" not in text and "keeps nothing about this chat" in text
    privacy = await run(executor, action_call("do you store my messages?", "privacy", 0.9))
    assert "the assistant you are talking to keeps the conversation" in privacy["responses"][0]["text"]


async def test_nonsense_through_rasa_is_not_understood(executor: ActionExecutor) -> None:
    call = action_call("asdfgh qwerty", "nlu_fallback", 0.35)
    call["tracker"]["latest_message"]["intent_ranking"].insert(1, {"name": "greet", "confidence": 0.34})
    (message,) = (await run(executor, call))["responses"]
    assert message["teduh"]["response_ids"] == ["fallback.not_understood"] and message["buttons"]
    # Rasa's own model can be sure of nonsense (seen: "asdfgh qwerty" as thanks, 0.47; "hjkl" as greet, 0.67)
    for text, guess, confidence in [("asdfgh qwerty", "thanks", 0.47), ("hjkl", "greet", 0.67)]:
        (message,) = (await run(executor, action_call(text, guess, confidence)))["responses"]
        assert message["teduh"]["response_ids"] == ["fallback.not_understood"], text
