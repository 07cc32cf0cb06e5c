"""Small-cell protection holds across every output: an attacker combining them recovers no hidden cell.

A real database with a known history (two channels, both languages, busy and quiet days, crisis
replies, feedback, "couldn't get through?" presses, every hour of the day) is read through every
output the operators have: `teduh stats` as JSON for every --days from 1 to beyond the retention
period and every --channel, as text in both languages, as CSV and as HTML, and the /stats summary
in both languages. Every view is read: per day, typed topics and pressed buttons, hours and days
of week in WIB, not understood per language over time, confidence bands, feedback, hotlines,
languages, and the summary with its changes against the period before. The attacker
(tests/attacker.py) turns all of it into equations over the finest atoms the store could tell
apart and tries window differences, one view minus another, totals minus their visible parts,
changes minus totals and shares times denominators.
"""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from attacker import Attacker, Truth, dishonest, targets
from report_reader import LANGS, Reader, Scope
from simulate import simulate

from bot.cli import main
from bot.config import Settings
from bot.core.dialogue import Dialogue
from bot.engine import stats_summary
from bot.library.catalogs import Catalogs
from bot.report.figures import MIN_USERS
from bot.report.names import Names

REAL_TODAY = True  # TODAY and YESTERDAY are set again as each test starts (conftest._real_today)
TODAY = datetime.now(timezone.utc).date()  # `teduh stats` reports up to the real today
RETENTION = 21
CHANNELS = ("telegram", "terminal")


async def history(dialogue: Dialogue, db: Path) -> None:
    """Busy days on Telegram with small topics, a quiet day, empty days, a day past retention not yet
    deleted, and a few maintainers on the terminal."""
    await simulate(dialogue, db, conversations=360, days=RETENTION - 3, last_day=TODAY, pool=60)
    await simulate(dialogue, db, conversations=4, days=1, last_day=TODAY - timedelta(days=RETENTION - 2), pool=3)
    await simulate(dialogue, db, conversations=30, days=1, last_day=TODAY - timedelta(days=RETENTION + 2), pool=10)
    await simulate(dialogue, db, conversations=40, days=12, last_day=TODAY, seed=3, pool=4, channel="terminal")


def stats(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    assert main(["stats", *args]) == 0
    return capsys.readouterr().out


def read_everything(capsys: pytest.CaptureFixture[str], folder: Path, truth: Truth) -> Reader:
    """Every output for every --days in 1..retention+5 (and --channel, --lang), and /stats."""
    settings = Settings.from_env()
    catalogs = Catalogs(settings.locales_dir)
    reader = Reader(truth, Names.load(settings.responses_dir))
    week: Scope | None = None
    for days in range(1, RETENTION + 6):
        for channel in (None, *CHANNELS):
            only = ["--channel", channel] if channel else []
            report = json.loads(stats(capsys, "--json", "--days", str(days), *only))
            scope = Scope(date.fromisoformat(report["from"]), date.fromisoformat(report["to"]),
                          (channel,) if channel else CHANNELS, f"--days {days} --channel {channel or 'all'}")
            reader.json(report, scope)
            if channel is None:
                everywhere = scope
        week = everywhere if days == 7 else week
        for lang in LANGS:
            reader.text(stats(capsys, "--days", str(days), "--lang", lang), everywhere, lang, catalogs.for_lang(lang))
        lang = LANGS[days % 2]
        out = folder / str(days)
        stats(capsys, "--days", str(days), "--lang", lang, "--csv", str(out), "--html", str(out / "r.html"))
        reader.csv(out, everywhere)
        reader.html((out / "r.html").read_text(encoding="utf-8"), everywhere, lang, catalogs.for_lang(lang))
    assert week is not None
    for lang in LANGS:
        reader.summary(stats_summary(settings, catalogs)(lang), week, lang, catalogs.for_lang(lang))
    reader.zeros_for_unlisted()
    return reader


async def test_an_attacker_combining_every_output_recovers_no_hidden_cell(
        tmp_path: Path, dialogue: Dialogue, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "teduh.db"
    await history(dialogue, db)
    monkeypatch.setenv("TEDUH_DB", str(db))
    monkeypatch.setenv("TEDUH_RETENTION_DAYS", str(RETENTION))
    real = Truth(db)
    reader = read_everything(capsys, tmp_path / "out", real)

    lies = dishonest(reader.claims, reader.shares, real)  # every figure read means what the attacker thinks
    assert not lies, "\n".join(lies[:20])
    hidden = targets(reader.claims, real, MIN_USERS)
    assert len(hidden) > 100 and any(c.kind == "exact" and c.value for c in reader.claims)
    read = {c.where.split(" ")[0] for c in reader.claims}
    assert {"json", "csv", "text-id", "text-en", "html-id", "html-en", "/stats-id", "/stats-en"} <= read
    views = {c.where.split("]")[0].split("[")[0].rsplit(" ", 1)[-1] for c in reader.claims}
    assert {"hours", "weekdays", "typed_topics", "pressed", "confidence_bands", "not_understood_over_time"} <= views

    attacker = Attacker(reader.claims, reader.shares)
    attacker.solve()
    shown = [atoms for key, atoms in real.cells.items() if len(real.people[key]) >= MIN_USERS]
    assert any(attacker.value_of(frozenset(atoms)) is not None for atoms in shown)  # the attacker is not blind
    recovered = attacker.recovered(hidden)
    assert not recovered, f"{len(recovered)} hidden cells recovered, for example:\n" + "\n".join(recovered[:20])
