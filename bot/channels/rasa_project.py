"""`teduh rasa-project DIR`: a complete, ready-to-train Rasa 3 project generated from the library.

Everything comes from the content itself (intents, the slots the action reads, the
emergency numbers), so the project cannot drift from Teduh. Rasa calls
`action_teduh_reply` for every message; when the action server cannot be reached,
Rasa sends `utter_teduh_offline` (the emergency numbers) instead of silence:

- the slot `teduh_reply` is set to `waiting` by Rasa itself after every user message
  (a `from_intent` mapping for any intent), and to `sent` by the action;
- after the action, one rule listens when the slot says `sent`; another, when it still
  says `waiting` (the action failed, its events were lost), utters the numbers.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import yaml

from bot.channels import rasa_action as actions
from bot.core import policy
from bot.library.content import LANGS, Library
from bot.nlu.data import NluData

ACTION = "action_teduh_reply"
OFFLINE = "utter_teduh_offline"
REPLY_SLOT, WAITING, SENT = actions.REPLY_SLOT, "waiting", actions.REPLY_SENT
CONFIDENCE_THRESHOLD = 0.35  # as TEDUH_CONFIDENCE_THRESHOLD's default

CONFIG: dict[str, Any] = {
    "recipe": "default.v1",
    "assistant_id": "teduh",
    "language": "id",  # Indonesian and English examples side by side; nothing here is language-specific
    "pipeline": [
        {"name": "WhitespaceTokenizer"},
        {"name": "RegexFeaturizer"},
        {"name": "LexicalSyntacticFeaturizer"},
        {"name": "CountVectorsFeaturizer"},  # words, whatever the language
        {"name": "CountVectorsFeaturizer", "analyzer": "char_wb", "min_ngram": 2, "max_ngram": 4},  # typos, slang
        # A linear model trains in about a minute on a laptop CPU; DIETClassifier works too, but takes
        # about 20 minutes here for these 4,600 examples. Teduh's own risk check runs on the text either way.
        {"name": "LogisticRegressionClassifier", "max_iter": 300, "ranking_length": 10},
        {"name": "FallbackClassifier", "threshold": CONFIDENCE_THRESHOLD},
    ],
    "policies": [
        # Rules only: Teduh's action decides every answer. Anything no rule covers goes to it too.
        {"name": "RulePolicy", "core_fallback_threshold": 0.3, "core_fallback_action_name": ACTION,
         "enable_fallback_prediction": True},
    ],
}


def _custom_slot(**extra: Any) -> dict[str, Any]:
    return {"influence_conversation": False, "mappings": [{"type": "custom"}], **extra}


def domain(library: Library, intents: list[str]) -> dict[str, Any]:
    """Every Teduh intent, the button intent and entity, the slots the action reads and sets, the offline reply."""
    offline = {lang: library.render(policy.RASA_OFFLINE, lang) for lang in LANGS}
    return {
        "version": "3.1",
        "intents": [*intents, actions.BUTTON_INTENT],
        "entities": [actions.PAYLOAD_ENTITY],
        "slots": {
            actions.LANGUAGE_SLOT: _custom_slot(type="categorical", values=list(LANGS)),
            actions.LAST_LANGUAGE_SLOT: _custom_slot(type="text"),
            actions.PENDING_SLOT: _custom_slot(type="text"),
            REPLY_SLOT: {"type": "categorical", "values": [WAITING, SENT], "influence_conversation": True,
                         "mappings": [{"type": "from_intent", "value": WAITING}]},  # reset by every message
        },
        "responses": {OFFLINE: [
            {"condition": [{"type": "slot", "name": actions.LAST_LANGUAGE_SLOT, "value": "en"}],
             "text": offline["en"]},
            {"text": f"{offline['id']}\n\n{offline['en']}"},  # the language may not be known yet
        ]},
        "actions": [ACTION],
        "session_config": {"session_expiration_time": 60, "carry_over_slots_to_new_session": True},
    }


def rules(intents: list[str]) -> dict[str, Any]:
    """Per intent: Teduh answers; and when its action server is down, the emergency numbers."""
    found: list[dict[str, Any]] = []
    for intent in [*intents, actions.BUTTON_INTENT, actions.FALLBACK_INTENT]:
        def asked() -> list[dict[str, Any]]:  # fresh objects: no YAML anchors in the file
            return [{"intent": intent}, {"slot_was_set": [{REPLY_SLOT: WAITING}]}, {"action": ACTION}]

        found.append({"rule": f"Teduh answers {intent}", "steps": [*asked(), {"slot_was_set": [{REPLY_SLOT: SENT}]}]})
        found.append({"rule": f"Teduh unreachable after {intent}", "steps": [*asked(), {"action": OFFLINE}]})
    return {"version": "3.1", "rules": found}


class _Dumper(yaml.SafeDumper):
    """Multi-line texts as readable `|` blocks."""


_Dumper.add_representer(str, lambda dumper, text: dumper.represent_scalar(
    "tag:yaml.org,2002:str", text, style="|" if "\n" in text else None))


def write_project(target: Path, content_dir: Path, library: Library, nlu: NluData) -> list[Path]:
    """Write the project into `target` (created if needed); returns the files written."""
    intents = sorted(nlu.intents)
    files: dict[str, dict[str, Any]] = {
        "domain.yml": domain(library, intents),
        "config.yml": CONFIG,
        "data/rules.yml": rules(intents),
        "endpoints.yml": {"action_endpoint": {"url": "http://localhost:5055/webhook"}},
        "credentials.yml": {"rest": None},
    }
    written: list[Path] = []
    for name, data in files.items():
        path = target / name
        path.parent.mkdir(parents=True, exist_ok=True)
        header = "# Generated by `teduh rasa-project` from Teduh's content; regenerate rather than edit.\n"
        path.write_text(header + yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100),
                        encoding="utf-8")
        written.append(path)
    nlu_dir = target / "data" / "nlu"
    if nlu_dir.exists():
        shutil.rmtree(nlu_dir)  # a topic removed from intents/ must not linger
    nlu_dir.mkdir(parents=True)
    for lang in LANGS:
        for source in sorted((content_dir / "intents" / lang).glob("*.yml")):
            written.append(Path(shutil.copyfile(source, nlu_dir / f"{lang}_{source.name}")))
    return written
