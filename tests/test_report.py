"""`teduh stats` and /stats on a real database: the figures, and small cells hidden in every format."""

from __future__ import annotations

import csv
import html
import json
import re
from datetime import datetime, time, timedelta, timezone
from pathlib import Path

from babel.dates import format_date
from simulate import SECRET, Clock, simulate

from bot.channels.service import Conversations
from bot.config import Settings
from bot.core.dialogue import Command, Dialogue, Press, Text
from bot.engine import stats_summary
from bot.store.database import Store
from bot.store.pseudonym import Pseudonyms

TODAY = datetime.now(timezone.utc).date()  # `teduh stats` reports whole days up to the real yesterday
YESTERDAY = TODAY - timedelta(days=1)
ENV = {"TEDUH_SECRET": SECRET}


async def scenario(dialogue: Dialogue, db: Path) -> None:
    """Yesterday: 6 people ask about anxiety, 5 like the answer, 1 doesn't; 1 person in crisis; 1 in English.
    The day before: 3 people. Today, not over yet: 6 people ask about sleep."""
    clock = Clock(datetime.combine(YESTERDAY - timedelta(days=1), time(10), timezone.utc))
    store = await Store.open(db, 180, clock)
    conv = Conversations(dialogue, store, Pseudonyms(SECRET), "telegram", clock=clock)
    for user in ("a", "b", "c"):
        await conv.handle(user, Text("aku susah tidur terus"))
    clock.now = datetime.combine(YESTERDAY, time(15), timezone.utc)
    for n, user in enumerate(["u1", "u2", "u3", "u4", "u5", "u6"]):
        reply = await conv.handle(user, Text("aku cemas banget mau ujian"))
        await conv.handle(user, Press(("rate:down:" if n == 5 else "rate:up:") + reply.response_ids[0]))
    await conv.handle("u7", Text("aku mau bunuh diri"))
    await conv.handle("u7", Press("suicidal_thoughts.more_routes"))
    await conv.handle("u8", Text("i feel so anxious before exams"))
    clock.now = datetime.combine(TODAY, time(0, 30), timezone.utc)
    for user in ("t1", "t2", "t3", "t4", "t5", "t6"):
        await conv.handle(user, Text("aku susah tidur terus"))
    await store.close()


def stats(teduh, db: Path, *args: str) -> str:
    result = teduh("stats", *args, env={**ENV, "TEDUH_DB": str(db)})
    assert result.returncode == 0, result.stderr
    return result.stdout


async def test_figures_resting_on_five_people_show_and_the_rest_are_hidden(tmp_path: Path, dialogue: Dialogue,
                                                                          teduh) -> None:
    db = tmp_path / "teduh.db"
    await scenario(dialogue, db)
    report = json.loads(stats(teduh, db, "--json", "--days", "7"))
    assert report["to"] == YESTERDAY.isoformat() and len(report["daily"]) == 7  # today is not over: not shown
    last, before = report["daily"][-1], report["daily"][-2]
    # 8 people; their 9 messages minus the English one (1 person), left out as "+"
    assert last == {"day": YESTERDAY.isoformat(), "users": 8, "messages": "8+", "crisis_high": "<5",
                    "crisis_possible": 0}
    assert before["users"] == "<5" and before["messages"] == "<5"
    assert {"intent": "anxiety", "messages": 7} in report["top_intents"]
    assert {"intent": "sleep", "messages": "<5"} in report["top_intents"]  # the day before's 3; today's 6 not yet
    assert report["feedback"] == [{"response_id": "anxiety", "up": 5, "down": "<5"}]
    assert report["unreached"] and all(row["presses"] == "<5" for row in report["unreached"])
    assert {"healing119", "emergency_112", "health_119"} <= {row["hotline"] for row in report["unreached"]}
    assert report["languages"] == [{"language": "id", "messages": "8+", "share": "<5"},  # no share of a part
                                   {"language": "en", "messages": "<5", "share": "<5"}]

    text = stats(teduh, db, "--lang", "en", "--days", "7")
    assert re.search(r"anxiety\s+5\s+<5", text)  # feedback row: 5 helpful, "not helpful" hidden
    stats(teduh, db, "--csv", str(tmp_path / "csv"), "--days", "7")
    with (tmp_path / "csv" / "feedback.csv").open() as fh:
        assert list(csv.reader(fh))[1:] == [["anxiety", "5", "<5"]]


async def test_days_beyond_retention_are_clamped_with_a_note_in_the_report_language(tmp_path: Path,
                                                                                     dialogue: Dialogue, teduh) -> None:
    db = tmp_path / "teduh.db"
    await scenario(dialogue, db)
    env = {**ENV, "TEDUH_DB": str(db), "TEDUH_RETENTION_DAYS": "30"}
    english = teduh("stats", "--json", "--days", "400", "--lang", "en", env=env)
    assert english.returncode == 0
    assert english.stderr == ("--days 400 is more than the 30 days the database keeps (TEDUH_RETENTION_DAYS):"
                              " showing 30.\n")
    report = json.loads(english.stdout)
    assert (report["from"], report["to"]) == ((TODAY - timedelta(days=30)).isoformat(), YESTERDAY.isoformat())
    assert len(report["daily"]) == 30
    indonesian = teduh("stats", "--days", "31", env=env)
    assert indonesian.returncode == 0 and indonesian.stderr == (
        "--days 31 melebihi 30 hari yang disimpan basis data (TEDUH_RETENTION_DAYS): menampilkan 30 hari.\n")
    assert teduh("stats", "--days", "30", env=env).stderr == ""


async def test_with_four_people_every_figure_is_hidden_in_every_format(tmp_path: Path, dialogue: Dialogue,
                                                                       teduh) -> None:
    db = tmp_path / "teduh.db"
    await simulate(dialogue, db, conversations=40, days=7, last_day=TODAY, pool=4)
    report = json.loads(stats(teduh, db, "--json", "--days", "7"))
    tables = [v for v in report.values() if isinstance(v, list)]
    values = [value for table in tables for row in table for key, value in row.items()
              if key not in {"day", "intent", "language", "response_id", "hotline"}]
    assert values and set(values) <= {"<5", 0}
    assert "<5" in values and report["feedback"] and report["top_intents"]

    stats(teduh, db, "--csv", str(tmp_path / "csv"), "--html", str(tmp_path / "r.html"), "--days", "7")
    for path in (tmp_path / "csv").glob("*.csv"):
        with path.open() as fh:
            cells = [cell for row in list(csv.reader(fh))[1:] for cell in row[1:]]
        assert set(cells) <= {"<5", "0"}, path.name
    page = (tmp_path / "r.html").read_text()
    rows = [re.findall(r"<td>(.*?)</td>", row) for row in re.findall(r"<tr>(.*?)</tr>", page)]
    figures = {html.unescape(cell) for row in rows if row for cell in row[1:]}
    assert "<5" in figures and figures <= {"<5", "0", "0,0%"}  # Indonesian number format by default
    text = stats(teduh, db, "--lang", "en", "--days", "7")
    for section in text.split("\n\n")[1:]:
        rows = [line.split() for line in section.splitlines() if line.startswith("  ")][1:]  # below the header
        figures = [row[-4:] if section.startswith("Per day") else row[1:] for row in rows if row[0] != "(nothing"]
        assert {f for row in figures for f in row} <= {"<5", "0", "0.0%"}, section


async def test_the_html_report_is_one_self_contained_file_in_the_chosen_language(tmp_path: Path,
                                                                                  dialogue: Dialogue, teduh) -> None:
    db = tmp_path / "teduh.db"
    await simulate(dialogue, db, conversations=150, days=14, last_day=TODAY, pool=40)
    stats(teduh, db, "--html", str(tmp_path / "id.html"), "--lang", "id", "--days", "14")
    page = (tmp_path / "id.html").read_text()
    assert page.count('src="data:image/png;base64,') >= 3
    assert not re.search(r"""(src|href)=["']?(https?:|//)""", page)
    assert "<html lang=\"id\">" in page and "Balasan krisis per hari" in page
    assert format_date(YESTERDAY, "medium", locale="id") in page  # e.g. "24 Nov 2026", as babel writes it


async def test_operators_get_a_summary_with_stats_and_others_do_not(tmp_path: Path, dialogue: Dialogue,
                                                                    content_dir: Path) -> None:
    db = tmp_path / "teduh.db"
    await simulate(dialogue, db, conversations=60, days=3, last_day=TODAY, pool=20)
    settings = Settings.from_env({"TEDUH_DB": str(db), "TEDUH_CONTENT_DIR": str(content_dir)})
    store = await Store.open(db, 180)
    conv = Conversations(dialogue, store, Pseudonyms(SECRET), "telegram", operators=frozenset({"1"}),
                         summary=stats_summary(settings, dialogue.catalogs))
    operator = await conv.handle("1", Command("stats"), default_language="en")
    other = await conv.handle("2", Command("stats"), default_language="en")
    await store.close()
    assert operator.text.startswith("Teduh statistics:") and "Crisis replies:" in operator.text
    assert other.text.startswith("I don't know that command.")
