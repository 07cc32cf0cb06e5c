"""The store on a real SQLite file: schema, pseudonyms, retention, erasure, and failures that cost no reply."""

from __future__ import annotations

import logging
import sqlite3
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path

import pytest
from simulate import SECRET, Clock

from bot.channels.service import Conversations
from bot.core.dialogue import Command, Dialogue, Press, Text
from bot.store.database import Store
from bot.store.pseudonym import Pseudonyms
from bot.store.schema import MIGRATIONS

DAY = date(2026, 11, 24)


def at(day: date, hour: int = 12) -> datetime:
    return datetime.combine(day, time(hour), timezone.utc)


def rows(db: Path, sql: str, *params: object) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql, params).fetchall()


def file_bytes(db: Path) -> bytes:
    """The database and whatever SQLite keeps beside it."""
    return b"".join(p.read_bytes() for p in db.parent.glob(db.name + "*") if p.is_file())


async def open_conversations(dialogue: Dialogue, db: Path, clock: Clock, retention: int = 180,
                             channel: str = "telegram") -> tuple[Conversations, Store]:
    store = await Store.open(db, retention, clock)
    return Conversations(dialogue, store, Pseudonyms(SECRET), channel, clock=clock), store


async def test_a_new_file_gets_the_current_schema_in_wal_mode(tmp_path: Path) -> None:
    db = tmp_path / "teduh.db"
    store = await Store.open(db, 180)
    assert store.working
    await store.close()
    assert rows(db, "PRAGMA user_version") == [(len(MIGRATIONS),)]
    assert rows(db, "PRAGMA journal_mode") == [("wal",)]
    reopened = await Store.open(db, 180)  # migrations do not run twice
    assert reopened.working
    await reopened.close()


async def test_a_schema_from_a_newer_teduh_turns_statistics_off(tmp_path: Path, caplog: pytest.LogCaptureFixture,
                                                                dialogue: Dialogue) -> None:
    db = tmp_path / "teduh.db"
    with sqlite3.connect(db) as conn:
        conn.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 1}")
    conv, store = await open_conversations(dialogue, db, Clock(at(DAY)))
    assert not store.working and "statistics off" in caplog.text
    reply = await conv.handle("42", Text("halo"))
    assert reply.intent == "greet"
    await store.close()


def test_pseudonyms_are_keyed_stable_and_rotate_daily() -> None:
    p = Pseudonyms(SECRET)
    assert p.user("telegram", "42") == p.user("telegram", "42")
    assert p.user("telegram", "42") != p.user("telegram", "43") != p.user("terminal", "42")
    assert p.user("telegram", "42") != Pseudonyms(SECRET + "x").user("telegram", "42")
    daily = {p.daily("telegram", "42", DAY + timedelta(days=n)) for n in range(30)}
    assert len(daily) == 30 and p.user("telegram", "42") not in daily


async def test_only_pseudonymous_events_are_written(tmp_path: Path, dialogue: Dialogue) -> None:
    db = tmp_path / "teduh.db"
    clock = Clock(at(DAY, 21))
    conv, store = await open_conversations(dialogue, db, clock)
    await conv.handle("8675309123", Text("aku cemas banget mau ujian"))
    clock.now = at(DAY + timedelta(days=1), 8)
    await conv.handle("8675309123", Text("aku cemas banget mau ujian"))
    await store.close()
    events = rows(db, "SELECT day, hour, user_day, channel, kind, language, intent, risk, confidence FROM events")
    assert [e[:2] for e in events] == [("2026-11-24", 21), ("2026-11-25", 8)]
    assert events[0][2] != events[1][2]  # another day, another pseudonym
    assert {e[3:] for e in events} == {("telegram", "text", "id", "anxiety", "none", events[0][8])}
    assert b"8675309123" not in file_bytes(db)


async def test_preferences_survive_a_restart(tmp_path: Path, dialogue: Dialogue) -> None:
    db = tmp_path / "teduh.db"
    clock = Clock(at(DAY))
    conv, store = await open_conversations(dialogue, db, clock)
    await conv.handle("7", Press("lang:en"))
    await store.close()
    conv, store = await open_conversations(dialogue, db, clock)
    reply = await conv.handle("7", Text("halo"))
    await store.close()
    assert reply.language == "en"


async def test_retention_deletes_what_is_old_at_start(tmp_path: Path, dialogue: Dialogue) -> None:
    db = tmp_path / "teduh.db"
    clock = Clock(at(DAY - timedelta(days=200)))
    conv, store = await open_conversations(dialogue, db, clock, retention=180)
    await conv.handle("1", Press("lang:en"))  # a preference: a users row
    clock.now = at(DAY - timedelta(days=10))
    await conv.handle("2", Press("lang:en"))
    await store.close()
    clock.now = at(DAY)
    _, store = await open_conversations(dialogue, db, clock, retention=180)
    await store.close()
    assert rows(db, "SELECT day FROM events") == [((DAY - timedelta(days=10)).isoformat(),)]
    assert len(rows(db, "SELECT * FROM users")) == 1


async def test_erasure_leaves_nothing_of_the_user(tmp_path: Path, dialogue: Dialogue) -> None:
    db = tmp_path / "teduh.db"
    clock = Clock(at(DAY - timedelta(days=20)))
    conv, store = await open_conversations(dialogue, db, clock)
    for n in range(20):  # one message a day for twenty days, each under that day's pseudonym
        clock.now = at(DAY - timedelta(days=20 - n))
        await conv.handle("555", Text("aku susah tidur terus"))
        await conv.handle("999", Text("aku susah tidur terus"))
    await conv.handle("555", Press("lang:en"))
    await conv.handle("999", Press("lang:id"))
    clock.now = at(DAY)
    await conv.handle("555", Command("hapus"))
    reply = await conv.handle("555", Press("erase:yes"))
    await store.close()

    assert reply.text.startswith("Done. I deleted your saved settings and 22 anonymous records of your chats.")
    p = Pseudonyms(SECRET)
    days = p.days("telegram", "555", DAY - timedelta(days=30), DAY + timedelta(days=1))
    content = file_bytes(db)
    assert not any(d.encode() in content for d in days) and p.user("telegram", "555").encode() not in content
    assert len(rows(db, "SELECT * FROM events")) == 21  # the other user's records stay
    assert rows(db, "SELECT pseudonym FROM users") == [(p.user("telegram", "999"),)]


async def test_a_locked_database_delays_statistics_not_replies(tmp_path: Path, dialogue: Dialogue) -> None:
    db = tmp_path / "teduh.db"
    clock = Clock(at(DAY))
    conv, store = await open_conversations(dialogue, db, clock)
    await conv.handle("1", Text("halo"))
    await store.flush()
    blocker = sqlite3.connect(db, isolation_level=None)
    blocker.execute("BEGIN EXCLUSIVE")  # another process holds the file: every write must wait
    try:
        replies = [await conv.handle("1", Text(t)) for t in ("aku stres banget", "makasih", "aku mau bunuh diri")]
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    assert [r.intent for r in replies] == ["stress", "thanks", "suicidal_thoughts"]
    await conv.handle("1", Text("halo"))
    await store.close()
    assert rows(db, "SELECT COUNT(*) FROM events")[0][0] >= 2  # writing resumed once the lock was gone


async def test_a_corrupt_file_is_logged_and_the_bot_keeps_replying(tmp_path: Path, dialogue: Dialogue,
                                                                   caplog: pytest.LogCaptureFixture) -> None:
    db = tmp_path / "teduh.db"
    db.write_bytes(b"this is not a database, just bytes " * 200)
    caplog.set_level(logging.WARNING)
    conv, store = await open_conversations(dialogue, db, Clock(at(DAY)))
    replies = [await conv.handle("3", Text("aku mau bunuh diri")), await conv.handle("3", Command("hapus")),
               await conv.handle("3", Press("erase:yes"))]
    await store.close()
    assert "statistics off" in caplog.text and str(db) in caplog.text
    assert replies[0].risk.label == "high" and "112" in replies[0].text
    assert replies[2].text.startswith("Maaf, datamu belum bisa aku hapus")  # says so, never claims it deleted
    assert db.read_bytes().startswith(b"this is not a database")  # and destroys nothing
