"""What the installed bot keeps on disk, through the terminal channel: never what anyone wrote."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
from datetime import datetime, timezone
from pathlib import Path

from conftest import teduh_command
from simulate import SECRET

from bot.channels.service import Conversations
from bot.core.dialogue import Text
from bot.store.database import Store
from bot.store.pseudonym import Pseudonyms

USER = "rahasia-user-7731"  # the terminal channel's user id comes from the login name
TEMPLATES = [
    "aku lagi sedih banget soal {w}", "kenapa aku gampang cemas kalau ada {w}", "i can't sleep because of {w}",
    "temenku {w} ngebully aku terus", "gimana cara ke psikolog kalau tinggal di {w}", "halo kak, aku {w}",
    "my parents yell at me about {w}", "aku ngerasa sendirian, cuma punya {w}", "aku mau bunuh diri gara2 {w}",
    "is it normal to feel angry at {w}",
]


def distinctive_messages() -> list[tuple[str, str]]:
    """100 (message, code word) pairs; each code word is a made-up word found nowhere else."""
    words = [f"zq{n:03d}vex{chr(97 + n % 26)}orb" for n in range(100)]
    return [(TEMPLATES[n % len(TEMPLATES)].format(w=w), w) for n, w in enumerate(words)]


def stored_bytes(folder: Path) -> bytes:
    return b"".join(p.read_bytes() for p in folder.glob("teduh.db*") if p.is_file())


def chat(folder: Path, stdin: str, *wrapper: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TEDUH_", "TELEGRAM_"))}
    env.update(LOGNAME=USER, USER=USER)
    return subprocess.run([*wrapper, *teduh_command(), "chat", "--json"], input=stdin, capture_output=True,
                          text=True, cwd=folder, env=env, timeout=180)


def test_a_hundred_messages_leave_no_trace_of_their_words_or_their_writer(tmp_path: Path) -> None:
    messages = distinctive_messages()
    result = chat(tmp_path, "".join(m + "\n" for m, _ in messages))
    assert result.returncode == 0, result.stderr
    assert len(result.stdout.splitlines()) == 100

    with sqlite3.connect(tmp_path / "teduh.db") as conn:
        assert conn.execute("SELECT COUNT(*) FROM events").fetchone() == (100,)
    content = stored_bytes(tmp_path)
    assert content, "the terminal channel writes its database"
    found = [m for m, w in messages if m.encode() in content or w.encode() in content]
    assert found == []
    assert USER.encode() not in content
    secret = tmp_path / "teduh.db.secret"
    assert secret.stat().st_mode & 0o777 == 0o600


def test_a_corrupt_database_is_reported_and_every_message_answered(tmp_path: Path) -> None:
    (tmp_path / "teduh.db").write_bytes(b"garbage, not SQLite " * 500)
    result = chat(tmp_path, "halo\naku mau bunuh diri\n")
    assert result.returncode == 0, result.stderr
    replies = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["intent"] for r in replies] == ["greet", "suicidal_thoughts"] and "112" in replies[1]["reply"]
    assert "WARNING" in result.stderr and "statistics off" in result.stderr


def test_a_read_only_database_is_reported_and_every_message_answered(tmp_path: Path) -> None:
    """Read-only through a mount (util-linux `unshare`), since file modes don't stop root."""
    assert chat(tmp_path, "halo\n").returncode == 0  # a real database, then the folder goes read-only
    before = stored_bytes(tmp_path)
    read_only = ("unshare", "--map-root-user", "--mount", "sh", "-c",
                 'mount --bind "$0" "$0" && mount -o remount,bind,ro "$0" && exec "$@"', str(tmp_path))
    result = chat(tmp_path, "halo\naku pengen nyakitin diri sendiri\n/hapus\n1\n", *read_only)
    assert result.returncode == 0, result.stderr
    replies = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["intent"] for r in replies[:2]] == ["greet", "self_harm"]
    assert replies[3]["reply"].startswith("Maaf, datamu belum bisa aku hapus")
    assert "WARNING" in result.stderr
    assert stored_bytes(tmp_path) == before


async def test_erase_by_telegram_id_for_a_request_that_came_another_way(tmp_path: Path, dialogue, teduh) -> None:
    db = tmp_path / "teduh.db"
    store = await Store.open(db, 180)
    conv = Conversations(dialogue, store, Pseudonyms(SECRET), "telegram")
    for text in ("halo", "aku cemas terus", "english please"):
        await conv.handle("31337", Text(text))
    await conv.handle("4242", Text("halo"))
    await store.close()

    refused = teduh("erase", "--telegram-id", "31337", env={"TEDUH_DB": str(db)})
    assert refused.returncode == 2 and "TEDUH_SECRET" in refused.stderr
    result = teduh("erase", "--telegram-id", "31337", env={"TEDUH_DB": str(db), "TEDUH_SECRET": SECRET})
    assert result.returncode == 0, result.stderr
    assert "deleted 1 preference row(s) and 3 event(s)" in result.stdout
    p, today = Pseudonyms(SECRET), datetime.now(timezone.utc).date()
    content = stored_bytes(tmp_path)
    assert p.user("telegram", "31337").encode() not in content
    assert p.daily("telegram", "31337", today).encode() not in content
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT COUNT(*) FROM events").fetchone() == (1,)
