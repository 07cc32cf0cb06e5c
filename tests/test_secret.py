"""The terminal's local secret: made once, atomically and owner-only; a damaged or exposed one is refused."""

from __future__ import annotations

import multiprocessing
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest

from bot.store.pseudonym import local_secret

ROOT = Path(__file__).resolve().parent.parent
STARTS = 100  # processes starting at once, per round
ROUNDS = 3


def _start(path: str, ready: Any, results: Any) -> None:
    """One process's start: wait until every process is ready, then ask for the secret."""
    ready.wait()
    try:
        results.put(local_secret(Path(path)))
    except Exception as exc:  # noqa: BLE001 - reported to the test, which fails on it
        results.put(f"error: {exc!r}")


def simultaneous_starts(path: Path, count: int) -> list[str]:
    """The secret each of `count` processes got when all asked for it at the same moment."""
    ctx = multiprocessing.get_context("fork")
    ready, results = ctx.Barrier(count), ctx.Queue()
    processes = [ctx.Process(target=_start, args=(str(path), ready, results)) for _ in range(count)]
    for process in processes:
        process.start()
    got = [results.get(timeout=60) for _ in processes]
    for process in processes:
        process.join(timeout=60)
    return got


def test_simultaneous_starts_agree_on_one_owner_only_secret(tmp_path: Path) -> None:
    old_umask = os.umask(0o022)
    try:
        for round_ in range(ROUNDS):
            folder = tmp_path / f"round{round_}"
            folder.mkdir()
            secret = folder / "teduh.db.secret"
            got = simultaneous_starts(secret, STARTS)
            assert len(set(got)) == 1, sorted(set(got))[:5]
            value = got[0]
            assert len(value) >= 32 and not value.startswith("error:")
            assert secret.read_text().strip() == value
            assert secret.stat().st_mode & 0o777 == 0o600
            assert sorted(p.name for p in folder.iterdir()) == ["teduh.db.secret"]  # no temporary file left
    finally:
        os.umask(old_umask)


def test_the_secret_survives_a_restart(tmp_path: Path) -> None:
    secret = tmp_path / "teduh.db.secret"
    assert local_secret(secret) == local_secret(secret)


@pytest.mark.parametrize(("content", "mode", "says"), [
    ("", 0o600, ["is empty", "delete it to create a new one"]),
    ("too-short-to-be-a-key\n", 0o600, ["21 characters", "at least 32", "delete it to create a new one"]),
    ("x" * 64 + "\n", 0o644, ["by group or others (mode 0644)", "chmod 600"]),
    ("x" * 64 + "\n", 0o640, ["by group or others (mode 0640)", "chmod 600"]),
], ids=["empty", "short", "world-readable", "group-readable"])
def test_a_damaged_or_exposed_secret_stops_the_start_with_one_line(tmp_path: Path, teduh, content: str, mode: int,
                                                                   says: list[str]) -> None:
    secret = tmp_path / "teduh.db.secret"
    secret.write_text(content)
    secret.chmod(mode)
    result = teduh("chat", "--json", stdin="halo\n", env={"TEDUH_DB": str(tmp_path / "teduh.db")})
    assert result.returncode == 2
    assert result.stdout == ""  # no reply under a key that is not the operator's
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert str(secret) in lines[0] and all(s in lines[0] for s in says), lines[0]
    assert secret.read_text() == content and secret.stat().st_mode & 0o777 == mode  # left as it was
    assert not (tmp_path / "teduh.db").exists()  # refused before the database is touched


def test_the_repository_tracks_no_secret_and_ignores_new_ones() -> None:
    def git(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(["git", "-C", str(ROOT), *args], capture_output=True, text=True, timeout=30)

    tracked = git("ls-files", "--", "*.secret", "**/*.secret")
    assert tracked.returncode == 0, tracked.stderr
    assert tracked.stdout == ""
    assert git("check-ignore", "-q", "--no-index", "teduh.db.secret").returncode == 0
    assert git("check-ignore", "-q", "--no-index", "data/bot.db.secret").returncode == 0
