"""`teduh rasa-project`: a Rasa 3 project generated from the library, complete and never silent."""

from __future__ import annotations

from pathlib import Path

import yaml

import bot.channels.rasa_action
from bot.library.problems import Collector
from bot.nlu.data import read_nlu_data


def load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def test_the_generated_project_covers_every_intent_and_never_goes_silent(teduh, tmp_path: Path,
                                                                         content_dir: Path) -> None:
    result = teduh("rasa-project", "assistant")
    assert result.returncode == 0, result.stderr
    project = tmp_path / "assistant"
    intents = read_nlu_data(content_dir / "intents", Collector(content_dir)).intents
    domain, rules = load(project / "domain.yml"), load(project / "data" / "rules.yml")["rules"]

    # every Teduh intent, the button intent and Rasa's fallback: Teduh answers, or the numbers if it can't
    answered = {r["steps"][0]["intent"] for r in rules if r["steps"][-1] == {"slot_was_set": [{"teduh_reply": "sent"}]}}
    offline = {r["steps"][0]["intent"] for r in rules if r["steps"][-1] == {"action": "utter_teduh_offline"}}
    assert answered == offline == intents | {"teduh_button", "nlu_fallback"}
    assert set(domain["intents"]) == intents | {"teduh_button"}  # nlu_fallback is one of Rasa's own

    # what the action reads and sets is declared
    assert domain["actions"] == ["action_teduh_reply"] and domain["entities"] == [bot.channels.rasa_action.PAYLOAD_ENTITY]
    assert set(domain["slots"]) == {bot.channels.rasa_action.LANGUAGE_SLOT, bot.channels.rasa_action.LAST_LANGUAGE_SLOT,
                                    bot.channels.rasa_action.PENDING_SLOT, bot.channels.rasa_action.REPLY_SLOT}
    assert domain["slots"]["teduh_reply"]["mappings"] == [{"type": "from_intent", "value": "waiting"}]

    # the offline reply names the emergency numbers, in both variants
    variants = domain["responses"]["utter_teduh_offline"]
    assert len(variants) == 2 and all("112" in v["text"] and "119" in v["text"] for v in variants)
    assert variants[0]["condition"] == [{"type": "slot", "name": "teduh_last_language", "value": "en"}]

    # Rasa's NLU data is intents/ itself, both languages; the rest of the project is there
    nlu_files = sorted(p.name for p in (project / "data" / "nlu").glob("*.yml"))
    expected = sorted(f"{lang}_{p.name}" for lang in ("id", "en") for p in (content_dir / "intents" / lang).glob("*.yml"))
    assert nlu_files == expected
    config = load(project / "config.yml")
    assert any(c["name"] == "FallbackClassifier" for c in config["pipeline"])
    assert config["policies"][0]["core_fallback_action_name"] == "action_teduh_reply"
    assert load(project / "endpoints.yml") == {"action_endpoint": {"url": "http://localhost:5055/webhook"}}
    assert "rest" in load(project / "credentials.yml")


def test_a_broken_library_writes_no_project(teduh, tmp_path: Path, content_copy: Path) -> None:
    (content_copy / "responses" / "hotlines.yml").unlink()
    result = teduh("rasa-project", "assistant", env={"TEDUH_CONTENT_DIR": str(content_copy)})
    assert result.returncode == 1 and "hotline directory is missing" in result.stderr
    assert not (tmp_path / "assistant").exists()
