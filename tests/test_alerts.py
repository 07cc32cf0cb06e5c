"""`teduh stats --check`: findings when the latest day or week departs sharply from the weeks before.

Each test writes a real SQLite file through the store's own functions (Store.record), with a known
history: 35 days up to yesterday, 40 people a day, a few crisis replies and not-understood messages
that vary from day to day. Then it plants a change on the latest day or week and reads what the
check says, through the installed `teduh` command or `alerts.check` directly.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest
from babel.dates import format_date

from bot.config import AlertThresholds, ConfigError, Settings
from bot.core import policy
from bot.report import alerts
from bot.store.database import EventRow, Store
from bot.store.pseudonym import Pseudonyms

REAL_TODAY = True  # TODAY and YESTERDAY are set again as each test starts (conftest._real_today)
TODAY = datetime.now(UTC).date()  # `teduh stats --check` judges whole days up to the real yesterday
YESTERDAY = TODAY - timedelta(days=1)
SECRET = "alerts-test-secret-alerts-test-secret-0123456789"
PSEUDONYMS = Pseudonyms(SECRET)
CRISIS_REPLY = "healing119 emergency_112 health_119"  # the hotlines a crisis reply lists
THRESHOLDS = AlertThresholds()


@dataclass(frozen=True)
class Day:
    """One day: `people` each type one message; of them `crisis` get the crisis reply, `missed` are not
    understood, `english` write in English; `unreached` press "couldn't get through?" on a crisis reply
    listing `hotlines`. `repeat` messages each for the people in crisis (a few people, many replies)."""

    people: int = 40
    crisis: int = 6
    missed: int = 6
    english: int = 0
    unreached: int = 0
    hotlines: str = CRISIS_REPLY
    repeat: int = 1


def calm(n: int) -> Day:
    """The usual day n days before yesterday: the counts vary a little, every cell shows (5+ people)."""
    return Day(crisis=5 + n % 4, missed=5 + (n * 3) % 4, english=5 + n % 2)


def rows(day: date, plan: Day, channel: str = "telegram") -> list[EventRow]:
    out = []
    for person in range(plan.people):
        user_day = PSEUDONYMS.daily(channel, f"user{person}", day)
        lang = "en" if person >= plan.people - plan.english else "id"

        def event(kind: str, intent: str | None, rid: str, risk: str = "none", unreached: str | None = None,
                  lang: str = lang, user_day: str = user_day) -> EventRow:
            return EventRow(day.isoformat(), 12, user_day, channel, kind, lang, intent, rid, risk, None,
                            unreached=unreached)

        if person < plan.crisis:
            out += [event("text", "suicidal_thoughts", "suicidal_thoughts", "high")] * plan.repeat
        elif person < plan.crisis + plan.missed:
            out.append(event("text", None, policy.NOT_UNDERSTOOD))
        else:
            out.append(event("text", "anxiety", "anxiety"))
        if person < plan.unreached:
            out.append(event("press", "suicidal_thoughts", "suicidal_thoughts" + policy.MORE_ROUTES_SUFFIX,
                             unreached=plan.hotlines))
    return out


async def write(db: Path, days: Mapping[date, Day | None], channel: str = "telegram") -> None:
    """Write each day's events through the store; a day mapped to None stays empty."""
    store = await Store.open(db, 180, lambda: datetime.combine(TODAY, time(1), UTC))
    for day, plan in days.items():
        for row in rows(day, plan, channel) if plan else []:
            store.record(row)
    await store.close()


def history(days: int = 35, **latest: Day | None) -> dict[date, Day | None]:
    """`days` calm days up to yesterday; `latest` replaces yesterday (`yesterday=`) or the latest
    week (`week=`, each of its 7 days)."""
    plan: dict[date, Day | None] = {YESTERDAY - timedelta(days=n): calm(n) for n in range(days)}
    if "week" in latest:
        plan.update({YESTERDAY - timedelta(days=n): latest["week"] for n in range(7)})
    if "yesterday" in latest:
        plan[YESTERDAY] = latest["yesterday"]
    return plan


def findings(db: Path, thresholds: AlertThresholds = THRESHOLDS, channel: str | None = None) -> list[str]:
    """What the check finds: `code period [subject]`, the machine-readable part of each line."""
    return [" ".join(filter(None, (f.code, f.period.kind, f.subject)))
            for f in alerts.check(db, TODAY, thresholds, channel)]


Teduh = Callable[..., subprocess.CompletedProcess[str]]  # the conftest fixture: the installed command


def check(teduh: Teduh, db: Path, *args: str, env: Mapping[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return teduh("stats", "--check", *args, env={"TEDUH_DB": str(db), **(env or {})})


# --- through the installed command ----------------------------------------------------------------


async def test_a_crisis_spike_yesterday_exits_1_with_a_line_naming_it_in_either_language(
        tmp_path: Path, teduh: Teduh) -> None:
    db = tmp_path / "teduh.db"
    await write(db, history(yesterday=Day(crisis=20)))
    english = check(teduh, db, "--lang", "en")
    assert english.returncode == 1, english.stderr
    assert english.stderr == ""
    lines = english.stdout.splitlines()
    assert lines[0].startswith("ALERT crisis_up day: crisis replies on ")
    assert ": 20; usually 6.5 on a " in lines[0] and "(from 4 earlier weeks)" in lines[0]
    assert all(line.startswith("ALERT ") for line in lines)
    indonesian = check(teduh, db)  # the report's default language
    assert indonesian.returncode == 1
    first = indonesian.stdout.splitlines()[0]
    assert first.startswith("ALERT crisis_up day: balasan krisis pada ") and "biasanya 6,5" in first


async def test_a_calm_database_exits_0_and_prints_nothing(tmp_path: Path, teduh: Teduh) -> None:
    db = tmp_path / "teduh.db"
    await write(db, history())
    result = check(teduh, db, "--lang", "en")
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


async def test_the_number_in_a_line_is_the_one_the_report_publishes(tmp_path: Path, teduh: Teduh) -> None:
    """Yesterday's crisis replies: 20 people on Telegram and 2 maintainers on the terminal. The report
    shows "20+" (the terminal's cell of 2 people is left out), and so does the alert."""
    db = tmp_path / "teduh.db"
    await write(db, history(yesterday=Day(crisis=20)))
    await write(db, {YESTERDAY: Day(people=2, crisis=2, missed=0)}, channel="terminal")
    report = teduh("stats", "--json", "--days", "1", env={"TEDUH_DB": str(db)})
    daily = json.loads(report.stdout)["daily"][0]
    assert (daily["crisis_high"], daily["crisis_high_flag"]) == (20, "partial")
    result = check(teduh, db, "--lang", "en")
    assert result.returncode == 1
    assert "crisis replies on" in result.stdout and ": 20+; usually" in result.stdout
    assert ": 22" not in result.stdout


async def test_usage_and_database_errors_exit_2_with_one_line(tmp_path: Path, teduh: Teduh) -> None:
    missing = check(teduh, tmp_path / "none.db")
    assert missing.returncode == 2 and missing.stdout == ""
    assert missing.stderr.count("\n") == 1 and "none.db" in missing.stderr and "TEDUH_DB" in missing.stderr
    broken = tmp_path / "broken.db"
    broken.write_text("not a database\n" * 100)
    unreadable = check(teduh, broken)
    assert unreadable.returncode == 2 and unreadable.stderr.count("\n") == 1
    assert unreadable.stderr.startswith(f"{broken}: cannot read the database")
    db = tmp_path / "teduh.db"
    await write(db, history(yesterday=Day(crisis=20)))
    both = check(teduh, db, "--json")
    assert both.returncode == 2 and both.stdout == "" and "--check" in both.stderr and "--json" in both.stderr
    bad = check(teduh, db, env={"TEDUH_ALERT_RATIO": "0.5", "TEDUH_ALERT_WEEKS": "three"})
    assert bad.returncode == 2 and "Traceback" not in bad.stderr
    assert "TEDUH_ALERT_RATIO: must be 1 or more" in bad.stderr and "TEDUH_ALERT_WEEKS: 'three'" in bad.stderr


async def test_a_broken_catalog_is_an_error_too_not_a_finding(tmp_path: Path, teduh: Teduh,
                                                               content_copy: Path) -> None:
    """`teduh stats` exits 1 on a broken catalog; with --check, 1 means findings, so it exits 2."""
    db = tmp_path / "teduh.db"
    await write(db, history())
    po = content_copy / "locales" / "id" / "LC_MESSAGES" / "teduh.po"
    po.write_text(po.read_text(encoding="utf-8") + '\nmsgid "dangling"\n', encoding="utf-8")
    result = check(teduh, db, env={"TEDUH_CONTENT_DIR": str(content_copy)})
    assert result.returncode == 2 and result.stdout == ""
    assert "locales/id/LC_MESSAGES/teduh.po:" in result.stderr and "Traceback" not in result.stderr


async def test_thresholds_come_from_the_environment(tmp_path: Path, teduh: Teduh) -> None:
    db = tmp_path / "teduh.db"
    await write(db, history(yesterday=Day(crisis=20)))
    assert check(teduh, db).returncode == 1
    assert check(teduh, db, env={"TEDUH_ALERT_MIN_COUNT": "21"}).returncode == 0  # 20 is too few to alarm now
    assert check(teduh, db, env={"TEDUH_ALERT_RATIO": "4"}).returncode == 0  # 20 is less than 4 × 6.5
    assert check(teduh, db, env={"TEDUH_ALERT_SPREADS": "25"}).returncode == 0


# --- each finding -------------------------------------------------------------------------------


async def test_a_hotline_teens_cannot_reach_is_named(tmp_path: Path, teduh: Teduh) -> None:
    db = tmp_path / "teduh.db"
    await write(db, history(yesterday=Day(unreached=12, hotlines="healing119 emergency_112")))
    # the week rose too, but a week line is left out when a day line already names the rise
    assert findings(db) == ["unreached_up day emergency_112", "unreached_up day healing119"]
    result = check(teduh, db, "--lang", "en")
    assert result.returncode == 1
    line = next(x for x in result.stdout.splitlines() if x.startswith("ALERT unreached_up day healing119: "))
    assert "Healing119.id (Ministry of Health)" in line and ": 12; usually 0 on a " in line


async def test_presses_on_every_day_of_the_latest_week_make_a_week_finding(tmp_path: Path, teduh: Teduh) -> None:
    """Seven days of 8 presses each: no single day reaches 10, the week's 56 does."""
    db = tmp_path / "teduh.db"
    await write(db, history(week=Day(unreached=8, hotlines="healing119")))
    assert findings(db) == ["unreached_up week healing119"]
    (line,) = check(teduh, db, "--lang", "en").stdout.splitlines()
    first, last = (format_date(d, "medium", locale="en") for d in (YESTERDAY - timedelta(days=6), YESTERDAY))
    assert line == ("ALERT unreached_up week healing119: \"couldn't get through?\" presses on replies listing "
                    f"Healing119.id (Ministry of Health) in the 7 days {first} to {last}: 56; usually 0 a week "
                    "(from 4 earlier weeks)")


async def test_a_rising_not_understood_rate_is_found_per_language(tmp_path: Path, teduh: Teduh) -> None:
    db = tmp_path / "teduh.db"
    await write(db, history(yesterday=Day(crisis=5, missed=25, english=5)))  # 25 of 35 Indonesian messages
    assert findings(db) == ["not_understood_up day id"]
    (line,) = check(teduh, db, "--lang", "en").stdout.splitlines()
    # the 4 weeks before: 6, 7, 8 and 5 of 34, 35, 34 and 35 typed, 26 of 138
    assert line.startswith("ALERT not_understood_up day id: share of messages in Indonesian not understood on ")
    assert line.endswith(": 71.4%; usually 18.8% on a " + format_date(YESTERDAY, "EEEE", locale="en") + " (from 4 earlier weeks)")


async def test_a_silent_day_after_a_week_in_use_is_found(tmp_path: Path, teduh: Teduh) -> None:
    db = tmp_path / "teduh.db"
    await write(db, history(yesterday=None))
    result = check(teduh, db, "--lang", "en")
    assert result.returncode == 1
    assert result.stdout.splitlines()[0].startswith("ALERT silent day: no activity at all on ")
    two = tmp_path / "two.db"
    plan = history()
    plan[YESTERDAY] = plan[YESTERDAY - timedelta(days=1)] = None
    await write(two, plan)
    line = check(teduh, two, "--lang", "en").stdout.splitlines()[0]
    assert line.startswith("ALERT silent day: no activity at all for 2 days, since ")


async def test_a_bot_used_now_and_then_is_not_silent_on_a_quiet_day(tmp_path: Path) -> None:
    db = tmp_path / "teduh.db"
    await write(db, {day: plan for day, plan in history().items() if (YESTERDAY - day).days % 3})
    assert findings(db) == []


# --- what never alarms --------------------------------------------------------------------------


async def test_a_spike_in_cells_the_report_hides_never_alarms(tmp_path: Path) -> None:
    """Four people with ten crisis replies each: 40 replies, but from fewer than 5 people, so the report
    shows "<5" and the check can say nothing about it either."""
    db = tmp_path / "teduh.db"
    await write(db, history(yesterday=Day(crisis=4, repeat=10)))
    assert findings(db) == []


async def test_small_numbers_never_alarm_however_sharp_the_rise(tmp_path: Path) -> None:
    """From 0 presses a day to 6: sharp, but fewer than the minimum count."""
    db = tmp_path / "teduh.db"
    await write(db, history(yesterday=Day(unreached=6)))
    assert findings(db) == []
    assert findings(db, AlertThresholds(min_count=5)) == [f"unreached_up day {h}" for h in sorted(CRISIS_REPLY.split())]


async def test_a_new_bot_without_weeks_of_history_gets_no_rise_findings(tmp_path: Path) -> None:
    db = tmp_path / "teduh.db"
    await write(db, history(days=8, yesterday=Day(crisis=20)))  # only one earlier Tuesday (or whichever day)
    assert findings(db) == []


async def test_an_outage_in_the_weeks_before_is_not_taken_for_the_usual(tmp_path: Path) -> None:
    """The bot was down two weeks ago on yesterday's weekday: that day is not history, so the usual is the
    other three weeks' (8, 6 and 5 crisis replies), not dragged down by the empty day."""
    db = tmp_path / "teduh.db"
    plan = history(yesterday=Day(crisis=20))
    plan[YESTERDAY - timedelta(days=14)] = None
    await write(db, plan)
    (crisis,) = [f for f in alerts.check(db, TODAY, THRESHOLDS, None) if f.code == "crisis_up"]
    assert (crisis.period.kind, crisis.usual, crisis.compared) == ("day", pytest.approx(19 / 3), 3)


async def test_the_check_honours_the_channel(tmp_path: Path) -> None:
    db = tmp_path / "teduh.db"
    await write(db, history(yesterday=Day(crisis=20)))
    assert "crisis_up day" in findings(db, channel="telegram")
    assert findings(db, channel="terminal") == []


# --- configuration ------------------------------------------------------------------------------


def test_alert_thresholds_are_read_and_every_bad_one_is_named() -> None:
    settings = Settings.from_env({"TEDUH_ALERT_WEEKS": "6", "TEDUH_ALERT_MIN_COUNT": "20",
                                  "TEDUH_ALERT_SPREADS": "2.5", "TEDUH_ALERT_RATIO": "2"})
    assert settings.alerts == AlertThresholds(weeks=6, min_count=20, spreads=2.5, ratio=2.0)
    assert Settings.from_env({}).alerts == AlertThresholds(weeks=4, min_count=10, spreads=3.0, ratio=1.5)
    with pytest.raises(ConfigError) as bad:
        Settings.from_env({"TEDUH_ALERT_WEEKS": "1", "TEDUH_ALERT_MIN_COUNT": "2.5",
                           "TEDUH_ALERT_SPREADS": "-1", "TEDUH_ALERT_RATIO": "x"})
    assert [p.split(":")[0] for p in bad.value.problems] == [
        "TEDUH_ALERT_WEEKS", "TEDUH_ALERT_MIN_COUNT", "TEDUH_ALERT_SPREADS", "TEDUH_ALERT_RATIO"]
    with pytest.raises(ConfigError, match=r"TEDUH_ALERT_WEEKS: 4 weeks .* need 35 days .* \(30\)"):
        Settings.from_env({"TEDUH_RETENTION_DAYS": "30", "TEDUH_ALERT_WEEKS": "4"})
    assert Settings.from_env({"TEDUH_RETENTION_DAYS": "30"}).alerts.weeks == 4  # the check compares what is kept
