"""`teduh review`: approvals are recorded for a person, go stale when the response changes, and cannot be faked
by editing `status: approved` by hand. Every approval here happens in a temporary copy of the content."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import TODAY

from bot.cli import main
from bot.library.review_edit import set_review
from bot.library.validate import validate

Teduh = Callable[..., subprocess.CompletedProcess[str]]
Run = Callable[..., subprocess.CompletedProcess[str]]
REVIEWER = "dr. Sari Dewi, Sp.KJ"
ON = "2026-11-20"  # before conftest's TODAY, so in-process validation sees a past date


@pytest.fixture
def run(content_copy: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Run:
    """`teduh ARGS` in this process, on the content copy (quicker than the installed command; the round
    trip below uses that)."""
    monkeypatch.setenv("TEDUH_CONTENT_DIR", str(content_copy))

    def teduh(*args: str) -> subprocess.CompletedProcess[str]:
        code = main(list(args))
        out, err = capsys.readouterr()
        return subprocess.CompletedProcess(list(args), code, out, err)

    return teduh


def _approve(teduh: Teduh, content: Path, rid: str = "sleep") -> subprocess.CompletedProcess[str]:
    return teduh("review", "approve", rid, "--by", REVIEWER, "--on", ON, env={"TEDUH_CONTENT_DIR": str(content)})


def _approve_here(run: Run, rid: str = "sleep") -> subprocess.CompletedProcess[str]:
    return run("review", "approve", rid, "--by", REVIEWER, "--on", ON)


def _shown(content: Path, strict: bool = False) -> list[str]:
    return [str(p) for p in validate(content, TODAY, strict)[0]]


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_shipped_content_has_no_approvals(content_dir: Path) -> None:
    assert not (content_dir / "responses" / "approvals").exists()
    assert not [s for s in _shown(content_dir) if "approv" in s]


def test_round_trip_approve_edit_warn_strict_diff(teduh: Teduh, content_copy: Path) -> None:
    env = {"TEDUH_CONTENT_DIR": str(content_copy)}
    before = (content_copy / "responses" / "sleep.yml").read_text(encoding="utf-8").splitlines()
    done = _approve(teduh, content_copy)
    assert done.returncode == 0, done.stderr
    assert f"recorded: sleep approved by {REVIEWER} on {ON}" in done.stdout
    after = (content_copy / "responses" / "sleep.yml").read_text(encoding="utf-8").splitlines()
    changed = [(a, b) for a, b in zip(before, after, strict=True) if a != b]
    assert changed == [("    review: {status: draft, by: null, \"on\": null}",
                        f"    review: {{status: approved, by: \"{REVIEWER}\", \"on\": {ON}}}")]
    assert (content_copy / "responses" / "approvals" / "sleep.yml").is_file()

    clean = teduh("validate", env=env)
    assert clean.returncode == 0 and "0 error(s), 0 warning(s)" in clean.stdout
    strict = teduh("validate", "--strict", env=env)
    assert "sleep: review.status is draft" not in strict.stdout and "sleep.tips: review.status is draft" in strict.stdout

    _edit(content_copy / "responses" / "sleep.yml", "butuh 8–10 jam tidur", "butuh 7 jam tidur")
    _edit(content_copy / "responses" / "sleep.yml", "need 8–10 hours of sleep", "need 7 hours of sleep")
    warned = teduh("validate", env=env)
    stale = f"responses/sleep.yml:3: warning: sleep: changed since review by {REVIEWER} on {ON}"
    assert warned.returncode == 0 and stale in warned.stdout, warned.stdout
    failed = teduh("validate", "--strict", env=env)
    assert failed.returncode == 1 and stale.replace("warning", "error") in failed.stdout

    listed = teduh("review", env=env)
    assert listed.returncode == 0, listed.stderr
    assert "changed since approval (1):" in listed.stdout
    assert f"responses/sleep.yml:3  sleep  (approved by {REVIEWER} on {ON})" in listed.stdout
    for lang, old, new in [("id", "-Remaja umumnya butuh 8–10 jam", "+Remaja umumnya butuh 7 jam"),
                           ("en", "-Teens generally need 8–10 hours", "+Teens generally need 7 hours")]:
        assert f"--- text.{lang} (approved {ON})" in listed.stdout and f"+++ text.{lang} (now)" in listed.stdout
        assert old in listed.stdout and new in listed.stdout
    shown = teduh("review", "show", "sleep", env=env)
    assert "changed since the approval:" in shown.stdout and "+Teens generally need 7 hours" in shown.stdout

    again = _approve(teduh, content_copy)
    assert again.returncode == 0 and "0 error(s), 0 warning(s)" in teduh("validate", env=env).stdout


def test_a_button_or_source_change_is_a_change(run: Run, content_copy: Path) -> None:
    assert _approve_here(run).returncode == 0
    _edit(content_copy / "responses" / "sleep.yml", "\"Insomnia, NHS —", "\"Insomnia, NHS (2019) —")
    assert any("sleep: changed since review" in s for s in _shown(content_copy))
    listed = run("review").stdout
    assert "--- sources (approved" in listed and "+Insomnia, NHS (2019) —" in listed


def test_status_approved_by_hand_is_refused(content_copy: Path) -> None:
    _edit(content_copy / "responses" / "anger.yml", 'review: {status: draft, by: null, "on": null}',
          'review: {status: approved, by: "Someone, PhD", "on": 2026-11-01}')
    shown = _shown(content_copy)
    assert any(s.startswith("responses/anger.yml:3: error: anger: review.status is approved but there is no "
                            "approval record (responses/approvals/anger.yml)") for s in shown), shown


def test_a_record_edited_by_hand_is_refused(run: Run, content_copy: Path) -> None:
    assert _approve_here(run).returncode == 0
    _edit(content_copy / "responses" / "approvals" / "sleep.yml", "8–10 jam", "7 jam")
    shown = _shown(content_copy)
    assert [s for s in shown if "sleep" in s] == [
        ("responses/approvals/sleep.yml:7: error: approval record: the approved copy no longer matches its hash "
        "(the record was edited by hand); record it again with `teduh review approve sleep --by \"Name, credential\"`")]


def test_review_block_must_agree_with_the_record(run: Run, content_copy: Path) -> None:
    assert _approve_here(run).returncode == 0
    _edit(content_copy / "responses" / "sleep.yml", REVIEWER, "Someone Else, PhD")
    shown = _shown(content_copy)
    assert any(s.startswith("responses/sleep.yml:3: error: sleep: review.by and review.on (Someone Else, PhD, "
                            f"{ON}) differ from the approval record ({REVIEWER}, {ON}") for s in shown), shown


def test_a_record_without_its_response_is_reported(run: Run, content_copy: Path) -> None:
    assert _approve_here(run, "sleep.tips").returncode == 0
    _edit(content_copy / "responses" / "sleep.yml", "- id: sleep.tips", "- id: sleep.tips_renamed")
    shown = _shown(content_copy)
    assert any(s.startswith("responses/approvals/sleep.tips.yml:3: warning: approval record for unknown response "
                            "'sleep.tips'") for s in shown), shown


@pytest.mark.parametrize(("args", "code", "message"), [
    (["sleep", "--by", "Sari"], 2, "--by: give the reviewer's name and credential, separated by a comma"),
    (["sleep", "--by", REVIEWER, "--on", "2099-01-01"], 2, "--on 2099-01-01 is in the future"),
    (["slep", "--by", REVIEWER], 1, "unknown response 'slep'; did you mean sleep"),
])
def test_approve_refuses_what_is_not_a_decision(run: Run, content_copy: Path, args: list[str], code: int,
                                                message: str) -> None:
    result = run("review", "approve", *args)
    assert result.returncode == code and message in result.stderr, result.stderr
    assert not (content_copy / "responses" / "approvals").exists()
    assert "status: draft" in (content_copy / "responses" / "sleep.yml").read_text(encoding="utf-8")


def test_approve_never_writes_into_the_installed_package(run: Run, content_copy: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("bot.cli_review.INSTALLED_CONTENT", content_copy)
    result = _approve_here(run)
    assert result.returncode == 2 and "is the content installed with the package" in result.stderr
    assert not (content_copy / "responses" / "approvals").exists()


def test_approve_refuses_a_response_with_errors(run: Run, content_copy: Path) -> None:
    sleep = content_copy / "responses" / "sleep.yml"
    _edit(sleep, "Want some tips?", "You might have insomnia. Want some tips?")
    text = sleep.read_text(encoding="utf-8")
    result = _approve_here(run)
    assert result.returncode == 1 and "safe messaging: 'You might have insomnia'" in result.stderr
    assert "then record the approval" in result.stderr
    assert sleep.read_text(encoding="utf-8") == text and not (content_copy / "responses" / "approvals").exists()


def test_a_block_style_review_is_edited_in_place(tmp_path: Path) -> None:
    path = tmp_path / "extra.yml"
    lines = ["version: 1", "responses:", "  - id: extra.block", "    title: {id: Coba, en: Try}",
             "    text: {id: Teks, en: Text}", "    sources: [Test source]", "    review:",
             "      status: draft   # not yet", "      by: null", "  # a comment that stays", ""]
    path.write_text("\n".join(lines), encoding="utf-8")
    set_review(path, "extra.block", "approved", "Nama: \"A\", M.Psi.", None)
    out = path.read_text(encoding="utf-8").splitlines()
    assert out[:7] == lines[:7] and out[-1] == lines[-2]
    assert out[7:10] == ["      status: approved   # not yet", '      by: "Nama: \\"A\\", M.Psi."', '      "on": null']
