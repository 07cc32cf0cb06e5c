"""`teduh new-topic NAME`: the files of a topic, whose TODO placeholders validate reports until written."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml
from conftest import DATA
from topic_files import fill_examples, fill_response

from bot.core.dialogue import Dialogue
from bot.library.problems import ContentError
from bot.nlu import baseline

NAME = "exam_results"
FILES = [f"intents/id/{NAME}.yml", f"intents/en/{NAME}.yml", f"responses/{NAME}.yml"]
HELDOUT = ["tests/data/nlu_test_id.yml", "tests/data/nlu_test_en.yml"]


@pytest.fixture
def copy(content_copy: Path) -> Path:
    """The shipped content with its held-out topic files (not the risk sets), as a maintainer's copy."""
    for name in ("nlu_test_id.yml", "nlu_test_en.yml"):
        (content_copy / "tests" / "data").mkdir(parents=True, exist_ok=True)
        shutil.copy(DATA / name, content_copy / "tests" / "data" / name)
    return content_copy


def test_new_topic_writes_every_file_and_the_next_steps(teduh, copy: Path) -> None:
    result = teduh("new-topic", NAME, env={"TEDUH_CONTENT_DIR": str(copy)})
    assert result.returncode == 0, result.stderr
    for path in FILES + HELDOUT:
        assert path in result.stdout and (copy / path).is_file()
    assert "teduh validate" in result.stdout and "teduh eval --update-baseline" in result.stdout
    response = yaml.safe_load((copy / FILES[2]).read_text())["responses"][0]
    assert response["id"] == response["intent"] == NAME
    assert set(response["title"]) == set(response["text"]) == {"id", "en"}
    assert response["review"] == {"status": "draft", "by": None, "on": None} and response["sources"]
    assert "find_professional_help" in response["buttons"]
    for path in HELDOUT:  # the held-out stub is appended; what was there stays
        assert (copy / path).read_text().startswith((DATA / Path(path).name).read_text())


def test_placeholders_are_errors_that_say_what_to_write(teduh, copy: Path) -> None:
    env = {"TEDUH_CONTENT_DIR": str(copy)}
    assert teduh("new-topic", NAME, env=env).returncode == 0
    result = teduh("validate", env=env)
    assert result.returncode == 1
    errors = [line for line in result.stdout.splitlines() if ": error: " in line]
    assert errors and all("placeholder not filled in" in line for line in errors), errors  # no knock-on errors
    assert {line.split(":")[0] for line in errors} == set(FILES)
    assert re.search(rf"intents/id/{NAME}.yml:\d+: error: placeholder not filled in: at least 40 messages a teen "
                     rf"might send about {NAME}, in Indonesian", result.stdout)
    assert re.search(rf"responses/{NAME}.yml:\d+: error: placeholder not filled in: the answer in English",
                     result.stdout)
    assert re.search(r"tests/data/nlu_test_en.yml:\d+: warning: placeholder not filled in: at least 10 held-out",
                     result.stdout)
    started = teduh("chat", stdin="halo\n", env=env)  # never a bot that says "TODO"
    assert started.returncode == 1 and f"responses/{NAME}.yml" in started.stderr and not started.stdout


def test_the_filled_in_files_validate_cleanly(teduh, copy: Path) -> None:
    env = {"TEDUH_CONTENT_DIR": str(copy)}
    assert teduh("new-topic", NAME, env=env).returncode == 0
    fill_examples(copy / FILES[0], ["nilai ujianku jelek banget", "aku remed lagi di matematika"])
    fill_examples(copy / FILES[1], ["i failed my exam", "my grades are so bad this semester"])
    fill_response(copy / FILES[2], ["Nilai ujian", "Exam results", "Nilai ngukur satu ujian, bukan dirimu.",
                                    "A grade measures one test, not you.", "WHO, Adolescent mental health, 2024"])
    for path in HELDOUT:
        fill_examples(copy / path, ["nilai rapor aku turun", "takut nunjukin rapor ke ortu"])
    result = teduh("validate", env=env)
    assert result.returncode == 0, result.stdout
    assert "0 error(s), 0 warning(s)" in result.stdout


@pytest.mark.parametrize("name, why", [
    ("sleep", "the topic 'sleep' already exists (intents/id/sleep.yml exists"),
    ("Exam-Results", "'Exam-Results' is not a valid topic name: use lowercase letters, digits and '_'"),
    ("1st_exam", "is not a valid topic name"),
    ("exam.results", "is not a valid topic name"),
])
def test_a_taken_or_invalid_name_is_refused_and_nothing_is_written(teduh, copy: Path, name: str, why: str) -> None:
    before = {p: p.read_bytes() for p in copy.rglob("*") if p.is_file()}
    result = teduh("new-topic", name, env={"TEDUH_CONTENT_DIR": str(copy)})
    assert result.returncode == 1 and why in result.stderr, result.stderr
    assert {p: p.read_bytes() for p in copy.rglob("*") if p.is_file()} == before


def test_an_intent_without_its_own_file_is_taken_too(teduh, copy: Path) -> None:
    (copy / "intents/en/extra.yml").write_text(f'version: "3.1"\nnlu:\n- intent: {NAME}\n  examples: |\n'
                                               "    - my exam results\n    - my grades\n")
    result = teduh("new-topic", NAME, env={"TEDUH_CONTENT_DIR": str(copy)})
    assert result.returncode == 1
    assert f"intent '{NAME}' has examples in intents/en/extra.yml:" in result.stderr
    assert not (copy / FILES[0]).exists()


def test_eval_refuses_to_measure_a_held_out_placeholder(dialogue: Dialogue, tmp_path: Path) -> None:
    shutil.copy(DATA / "nlu_test_en.yml", tmp_path / "nlu_test_en.yml")
    with (tmp_path / "nlu_test_en.yml").open("a") as f:
        f.write(f"- intent: {NAME}\n  examples: |\n    - TODO: held-out messages about {NAME}\n    - my grades\n")
    with pytest.raises(ContentError, match=r"nlu_test_en.yml:\d+: error: placeholder not filled in: held-out"):
        baseline.measure(dialogue, tmp_path, tmp_path)
