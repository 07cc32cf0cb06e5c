"""The installed `teduh` command, end to end through subprocesses, from a scratch directory."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from conftest import DATA, FIXTURES


def test_chat_json_crisis_then_greeting(teduh) -> None:
    result = teduh("chat", "--json", stdin="aku mau bunuh diri\nhalo\n")
    assert result.returncode == 0, result.stderr
    first, second = [json.loads(line) for line in result.stdout.splitlines()]
    assert first["risk"] == "high" and first["intent"] == "suicidal_thoughts"
    assert "112" in first["reply"] and "healing119.id" in first["reply"]
    assert set(first) == {"reply", "buttons", "intent", "risk", "language", "response_ids"}
    assert first["buttons"] and first["language"] == "id"
    assert (second["intent"], second["risk"]) == ("greet", "none")


def test_chat_plain_lines_and_button_numbers(teduh) -> None:
    result = teduh("chat", "--lang", "en", stdin="i want to kill myself\n3\n")
    assert result.returncode == 0, result.stderr
    crisis, more = result.stdout.splitlines()
    assert "112" in crisis and "[1] I'm safe [2] I'm not safe [3] Couldn't get through?" in crisis
    assert "SAPA 129" in more  # pressing button 3 shows the next routes


def test_parse_json(teduh) -> None:
    result = teduh("parse", "--json", stdin="gw pgn bundir\nhalo kak\n")
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["risk"] for r in rows] == ["high", "none"]
    assert rows[1]["intent"] == "greet" and rows[1]["language"] == "id"
    assert set(rows[0]) == {"text", "language", "intent", "confidence", "risk", "raised_by"}
    assert rows[1]["raised_by"] is None  # nothing raised a greeting
    assert 0.0 <= rows[1]["confidence"] <= 1.0


def test_validate_ok_on_the_shipped_content(teduh) -> None:
    result = teduh("validate")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 error(s)" in result.stdout


def test_validate_fails_with_path_and_line(teduh, content_copy: Path) -> None:
    shutil.copy(FIXTURES / "bad" / "unknown_button.yml", content_copy / "responses")
    result = teduh("validate", env={"TEDUH_CONTENT_DIR": str(content_copy)})
    assert result.returncode == 1
    assert "responses/unknown_button.yml:6: error: extra.dangling: button to unknown response" in result.stdout


def test_validate_strict_lists_drafts(teduh) -> None:
    result = teduh("validate", "--strict")
    assert result.returncode == 1
    assert "responses/suicidal_thoughts.yml:" in result.stdout and "review.status is draft" in result.stdout


def test_a_broken_library_stops_the_bot_with_every_error(teduh, content_copy: Path) -> None:
    for name in ("unknown_button.yml", "unknown_hotline.yml"):
        shutil.copy(FIXTURES / "bad" / name, content_copy / "responses")
    result = teduh("chat", stdin="halo\n", env={"TEDUH_CONTENT_DIR": str(content_copy)})
    assert result.returncode == 1
    assert "unknown_button.yml:6" in result.stderr and "unknown_hotline.yml:6" in result.stderr  # the lines to edit


def test_eval_on_held_out_files(teduh) -> None:
    result = teduh("eval", "--json", "--test", str(DATA / "nlu_test_id.yml"), "--test", str(DATA / "nlu_test_en.yml"))
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)["results"]["all"]
    assert report["examples"] == sum(m["support"] for m in report["per_intent"].values()) > 0
    assert 0.0 <= report["macro_f1"] <= 1.0 and report["risk_recall"] is not None


def test_bad_configuration_names_the_variable(teduh) -> None:
    result = teduh("validate", env={"TEDUH_CONTENT_DIR": "/nonexistent/teduh", "TEDUH_CONFIDENCE_THRESHOLD": "high"})
    assert result.returncode == 2
    assert "TEDUH_CONTENT_DIR" in result.stderr and "TEDUH_CONFIDENCE_THRESHOLD" in result.stderr


def test_python_dash_m_bot_is_the_same_command(tmp_path: Path) -> None:
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-m", "bot", "parse", "--json"], input="halo\n", capture_output=True,
                            text=True, cwd=tmp_path, timeout=120)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["intent"] == "greet"


def test_a_reader_that_stops_early_gets_no_traceback(tmp_path: Path) -> None:
    """`teduh chat --json < messages | head -1`: the pipe closes while replies are still coming."""
    import os
    import subprocess

    from conftest import teduh_command

    env = {k: v for k, v in os.environ.items() if not k.startswith(("TEDUH_", "TELEGRAM_"))}
    env["TEDUH_DB"] = str(tmp_path / "t.db")
    chat = subprocess.Popen([*teduh_command(), "chat", "--json"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, cwd=tmp_path, env=env)
    assert chat.stdin and chat.stdout and chat.stderr
    chat.stdin.write(b"aku susah tidur\n" * 400)  # far more replies than a pipe holds
    chat.stdin.close()
    assert json.loads(chat.stdout.readline())["response_ids"]
    chat.stdout.close()  # the reader goes away
    err = chat.stderr.read().decode()
    assert chat.wait(timeout=120) == 1
    assert "Traceback" not in err and "BrokenPipe" not in err, err
