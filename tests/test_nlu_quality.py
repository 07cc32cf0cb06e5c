"""Quality gate on the shipped data: `teduh eval` on the held-out sets, per language."""

from __future__ import annotations

import json

import pytest
from conftest import DATA

MIN_MACRO_F1 = 0.90
MIN_RISK_RECALL = 0.98  # risk messages flagged possible or high
MAX_FALSE_ALARMS = 0.05  # other messages sent the crisis reply or the risk question


@pytest.fixture(scope="module")
def results(request) -> dict:
    import subprocess
    import sys
    from pathlib import Path

    from conftest import teduh_command

    files = [str(DATA / "nlu_test_id.yml"), str(DATA / "nlu_test_en.yml")]
    args = [*teduh_command(), "eval", "--json"] + [a for f in files for a in ("--test", f)]
    done = subprocess.run(args, capture_output=True, text=True, timeout=300, cwd=Path(sys.prefix))
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)["results"]


@pytest.mark.parametrize("lang", ["id", "en"])
def test_held_out_quality(results: dict, lang: str) -> None:
    report = results[str(DATA / f"nlu_test_{lang}.yml")]
    assert report["examples"] >= 10 * len(report["per_intent"])
    assert report["macro_f1"] >= MIN_MACRO_F1, report["confused"]
    assert report["risk_recall"] >= MIN_RISK_RECALL, report["risk_missed"]
    assert report["false_alarm_rate"] <= MAX_FALSE_ALARMS, report["false_alarms"]


def test_every_intent_is_held_out_in_both_languages(results: dict) -> None:
    for lang in ("id", "en"):
        report = results[str(DATA / f"nlu_test_{lang}.yml")]
        assert len(report["per_intent"]) == 29
        assert min(m["support"] for m in report["per_intent"].values()) >= 10
