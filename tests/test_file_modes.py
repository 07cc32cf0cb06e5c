"""Every file Teduh keeps beside its database is owner-only (0600), whatever the umask."""

from __future__ import annotations

import logging
import os
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import teduh_command

from bot.store.database import EventRow, Store

USUAL_UMASK = 0o022  # files created without an explicit mode would be 0644


@pytest.fixture
def usual_umask() -> Iterator[None]:
    old = os.umask(USUAL_UMASK)
    yield
    os.umask(old)


def modes(folder: Path) -> dict[str, str]:
    """Each file beside the database (teduh.db, -wal, -shm, .secret) with its permission bits."""
    return {p.name: oct(p.stat().st_mode & 0o777) for p in sorted(folder.glob("teduh.db*"))}


def teduh(folder: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    """The installed command under the usual umask 022, with TEDUH_DB in `folder`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TEDUH_", "TELEGRAM_"))}
    env["TEDUH_DB"] = str(folder / "teduh.db")
    return subprocess.run([*teduh_command(), *args], input=stdin, capture_output=True, text=True, cwd=folder,
                          env=env, umask=USUAL_UMASK, timeout=180)


def event() -> EventRow:
    return EventRow(day="2026-11-24", hour=12, user_day="u" * 32, channel="terminal", kind="text", language="id",
                    intent="greet", response_id="greet", risk="none", confidence="high")


def test_a_fresh_chat_leaves_the_database_and_the_secret_owner_only(tmp_path: Path) -> None:
    result = teduh(tmp_path, "chat", "--json", stdin="halo\naku cemas terus\n")
    assert result.returncode == 0, result.stderr
    found = modes(tmp_path)
    assert {"teduh.db", "teduh.db.secret"} <= found.keys()
    assert found == {name: "0o600" for name in found}


async def test_the_wal_and_shared_memory_files_are_owner_only_while_the_bot_runs(tmp_path: Path,
                                                                                  usual_umask: None) -> None:
    store = await Store.open(tmp_path / "teduh.db", 180)
    assert store.working
    store.record(event())
    await store.flush()
    found = modes(tmp_path)
    await store.close()
    assert {"teduh.db", "teduh.db-wal", "teduh.db-shm"} <= found.keys()
    assert found == {name: "0o600" for name in found}


async def test_a_database_readable_by_others_is_made_owner_only_and_said_so(
        tmp_path: Path, usual_umask: None, caplog: pytest.LogCaptureFixture) -> None:
    db = tmp_path / "teduh.db"
    with sqlite3.connect(db) as conn:  # as an older Teduh left it: 0644, with a stray 0644 WAL beside it
        conn.execute("CREATE TABLE t (x)")
    (tmp_path / "teduh.db-wal").touch(mode=0o644)
    assert modes(tmp_path) == {"teduh.db": "0o644", "teduh.db-wal": "0o644"}
    with caplog.at_level(logging.WARNING):
        store = await Store.open(db, 180)
    assert store.working
    assert all(mode == "0o600" for mode in modes(tmp_path).values())
    await store.close()
    said = [r.getMessage() for r in caplog.records if "owner-only" in r.getMessage()]
    assert len(said) == 1 and str(db) in said[0] and "0644" in said[0], said


async def test_stats_on_the_database_creates_nothing_readable_by_others(tmp_path: Path, usual_umask: None) -> None:
    store = await Store.open(tmp_path / "teduh.db", 180)
    store.record(event())
    await store.close()
    result = teduh(tmp_path, "stats", "--json", "--days", "3")
    assert result.returncode == 0, result.stderr
    found = modes(tmp_path)
    assert "teduh.db-shm" in found  # a read-only reader leaves SQLite's shared memory behind
    assert found == {name: "0o600" for name in found}
