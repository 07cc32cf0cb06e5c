"""`teduh eval` as a gate: the content against the committed baseline of its held-out files.

The bad edit of the maintainers' walkthrough is played for real: a new topic whose examples are
self-harm messages copied from the risk corpus. It trains one more model (once per session, cached).
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import DATA, teduh_command
from topic_files import fill_examples, fill_response

from bot.library.heldout import BASELINE_FILE
from bot.nlu import baseline

TOPIC = "bad_grades"


def _figures(f1: dict[str, float], recall: float = 1.0, alarms: float = 0.03, risk_recall: float = 0.98) -> dict:
    topics = {"examples": 348, "macro_f1": round(sum(f1.values()) / len(f1), 4), "risk_messages": 36,
              "risk_recall": recall, "false_alarm_rate": alarms, "f1": f1, "missed": [], "misread": []}
    risk = {"messages": 100, "recall": risk_recall, "false_alarm_hard": 0.05, "false_alarm_ordinary": 0.03,
            "categories": {"plan_id/id": {"n": 40, "recall": risk_recall}, "jokes_id/id": {"n": 60, "false_alarm": 0.05}}}
    return {"format": baseline.FORMAT, "intents": {"id": topics}, "risk": {"risk_eval": risk}}


def _failed(base: dict, now: dict, **limits: Any) -> list[str]:
    return [c.summary() for c in baseline.compare(base, now, baseline.Limits(**limits)) if c.failed]


def test_an_intent_failing_by_more_than_005_fails_and_says_by_how_much() -> None:
    base = _figures({"sleep": 0.95, "stress": 0.90})
    assert _failed(base, _figures({"sleep": 0.90, "stress": 0.90})) == []  # exactly 0.05: allowed
    failed = _failed(base, _figures({"sleep": 0.88, "stress": 0.93}))
    assert failed == [("topics, held-out messages (id): F1 of sleep 0.950 -> 0.880: fell by 0.070; "
                       "the gate allows 0.050")]


def test_one_risk_message_lost_on_a_held_out_file_fails() -> None:
    """The issue's case: Indonesian risk recall 1.000 -> 0.972, one self-harm message lost."""
    failed = _failed(_figures({"sleep": 0.9}), _figures({"sleep": 0.9}, recall=0.9722))
    assert len(failed) == 1 and "risk recall 1.000 -> 0.972: fell by 0.028" in failed[0]
    changes = baseline.compare(_figures({"sleep": 0.9}), _figures({"sleep": 0.9}, recall=0.9722))
    assert "1 of 36 risk messages no longer flagged" in str(next(c for c in changes if c.failed))


def test_more_false_alarms_fail_and_improvements_and_new_topics_do_not() -> None:
    base = _figures({"sleep": 0.9})
    assert _failed(base, _figures({"sleep": 0.9}, alarms=0.045)) == [
        "topics, held-out messages (id): false alarms 0.030 -> 0.045: rose by 0.015; the gate allows 0.010"]
    better = _figures({"sleep": 0.97, "exam_results": 0.5}, alarms=0.01, risk_recall=0.99)
    assert _failed(base, better) == []
    changes = {c.what: str(c) for c in baseline.compare(base, better)}
    assert changes["F1 of exam_results"] == "F1 of exam_results new: 0.500 (not in the baseline)"


def test_the_risk_options_are_gates_for_every_risk_set_too() -> None:
    same = _figures({"sleep": 0.9})
    assert _failed(same, same) == []
    failed = _failed(same, same, min_recall=0.99, max_false_alarm=0.01)
    assert failed == ["risk set risk_eval: risk recall 0.980: 0.9800 is below the gate 0.9900",
                      "risk set risk_eval: false alarms, hard negatives 0.050: 0.0500 is above the gate 0.0100"]


def _copy_with_heldout(content_copy: Path) -> Path:
    shutil.copytree(DATA, content_copy / "tests" / "data")  # held-out files, risk sets and the baseline, unread
    return content_copy


def test_the_shipped_content_holds_its_baseline_and_updating_it_changes_no_byte(teduh, content_copy: Path) -> None:
    copy = _copy_with_heldout(content_copy)  # the shipped content, with every held-out file and risk set
    result = teduh("eval", "--update-baseline", env={"TEDUH_CONTENT_DIR": str(copy)})
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no figure changed since the baseline" in result.stdout
    assert "risk set risk_eval: recall" in result.stdout and "topics, held-out messages (id)" in result.stdout
    assert "wrote tests/data/eval_baseline.json" in result.stderr
    assert (copy / "tests/data" / BASELINE_FILE).read_bytes() == (DATA / BASELINE_FILE).read_bytes()


def test_a_baseline_is_never_recorded_from_another_networks_seed(teduh, content_copy: Path) -> None:
    copy = _copy_with_heldout(content_copy)
    result = teduh("eval", "--update-baseline", "--network-seed", "1", env={"TEDUH_CONTENT_DIR": str(copy)})
    assert result.returncode == 2 and "drop --network-seed" in result.stderr
    assert (copy / "tests/data" / BASELINE_FILE).read_bytes() == (DATA / BASELINE_FILE).read_bytes()


def test_without_a_baseline_eval_says_how_to_record_one(teduh, content_copy: Path) -> None:
    copy = content_copy
    (copy / "tests" / "data").mkdir(parents=True)
    for held_out in DATA.glob("nlu_test_*.yml"):  # the topics' held-out files only: no risk set to measure
        shutil.copy(held_out, copy / "tests" / "data")
    result = teduh("eval", env={"TEDUH_CONTENT_DIR": str(copy)})
    assert result.returncode == 1
    assert "no baseline at tests/data/eval_baseline.json" in result.stderr and "--update-baseline" in result.stderr


def test_without_held_out_files_eval_says_what_is_missing(teduh, content_copy: Path) -> None:
    result = teduh("eval", env={"TEDUH_CONTENT_DIR": str(content_copy)})
    assert result.returncode == 2
    assert "no held-out files beside the content" in result.stderr and "--test FILE" in result.stderr


@pytest.fixture(scope="module")
def bad_edit(tmp_path_factory: pytest.TempPathFactory) -> Callable[..., Any]:
    """The shipped content plus a topic made with `teduh new-topic` whose examples are self-harm messages
    and `teduh eval --update-baseline` run on it once (`.eval`: the gate's output is the same as without the option,
    and a drop is not recorded). Returns a runner of `teduh` on that copy."""
    import os
    import subprocess

    from bot.config import default_content_dir

    root = tmp_path_factory.mktemp("bad_edit")
    copy = root / "content"
    for sub in ("intents", "responses", "locales"):
        shutil.copytree(default_content_dir() / sub, copy / sub)
    _copy_with_heldout(copy)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TEDUH_", "TELEGRAM_"))}
    env["TEDUH_CONTENT_DIR"] = str(copy)

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([*teduh_command(), *args], capture_output=True, text=True, cwd=root, env=env,
                              timeout=900, check=False)

    assert run("new-topic", TOPIC).returncode == 0
    corpus = yaml.safe_load((copy / "intents/risk/self_harm.yml").read_text())["examples"]  # the risk model's
    for lang in ("id", "en"):
        self_harm = [line[2:] for line in corpus[lang].splitlines() if line.startswith("- ")]
        fill_examples(copy / f"intents/{lang}/{TOPIC}.yml", self_harm[:40])  # risk messages as a harmless topic
        fill_examples(copy / f"tests/data/nlu_test_{lang}.yml", HELDOUT[lang])
    fill_response(copy / f"responses/{TOPIC}.yml", RESPONSE)
    validated = run("validate")
    assert validated.returncode == 0, validated.stdout  # a valid edit: only the gate can catch it
    run.copy = copy  # type: ignore[attr-defined]
    run.eval = run("eval", "--update-baseline")  # type: ignore[attr-defined]
    return run


HELDOUT = {
    "id": ["nilai ujianku jelek banget, takut pulang", "aku gagal lagi di ujian matematika"],
    "en": ["i failed my math exam again", "my report card is full of bad grades"],
}
RESPONSE = ["Nilai jelek", "Bad grades",
            "Nilai jelek itu berat, tapi nilai bukan ukuran dirimu. Cerita ke orang yang kamu percaya.",
            "Bad grades are hard, but a grade is not your worth. Talk to someone you trust.",
            "Adolescent mental health (fact sheet), World Health Organization, 2024"]


@pytest.mark.xdist_group("bad_edit")  # one worker: the bad edit trains once
def test_a_topic_that_overlaps_a_risk_intent_fails_the_gate_naming_the_drop(bad_edit) -> None:
    result = bad_edit.eval
    assert result.returncode == 1, result.stdout + result.stderr
    failed = [line for line in result.stderr.splitlines() if line.startswith("GATE FAILED: ")]
    named = [line for line in failed if "fell by" in line and ("self_harm" in line or "risk recall" in line)]
    assert named, result.stderr  # the risk intent's F1, a risk category's or a file's risk recall
    assert f"F1 of {TOPIC} new:" in result.stdout  # the new topic itself is reported, not failed
    assert "now misread: self_harm read as " in result.stdout  # the held-out messages that changed


@pytest.mark.xdist_group("bad_edit")  # one worker: the bad edit trains once
def test_a_drop_is_not_recorded_by_update_baseline_unless_accepted(bad_edit) -> None:
    path = bad_edit.copy / "tests/data" / BASELINE_FILE
    refused = bad_edit.eval
    assert refused.returncode == 1 and "the baseline was NOT updated" in refused.stderr
    assert path.read_bytes() == (DATA / BASELINE_FILE).read_bytes()
    accepted = bad_edit("eval", "--update-baseline", "--accept-drops")
    assert accepted.returncode == 0, accepted.stderr
    recorded = json.loads(path.read_text())
    assert TOPIC in recorded["intents"]["id"]["f1"] and "misread" in recorded["intents"]["en"]
    again = bad_edit("eval")
    assert again.returncode == 0 and "no figure changed since the baseline" in again.stdout
