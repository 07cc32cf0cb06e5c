"""`teduh stats` and /stats on a real database: the figures, and small cells hidden in every format."""

from __future__ import annotations

import csv
import html
import json
import re
from datetime import datetime, time, timedelta, timezone
from pathlib import Path

from babel.dates import format_date
from report_reader import SPEC
from simulate import SECRET, Clock, simulate

from bot.channels.service import Conversations
from bot.config import Settings
from bot.core.dialogue import Command, Dialogue, Press, Text
from bot.engine import stats_summary
from bot.store.database import Store
from bot.store.pseudonym import Pseudonyms

REAL_TODAY = True  # TODAY and YESTERDAY are set again as each test starts (conftest._real_today)
TODAY = datetime.now(timezone.utc).date()  # `teduh stats` reports whole days up to the real yesterday
YESTERDAY = TODAY - timedelta(days=1)
ENV = {"TEDUH_SECRET": SECRET}
FIGURES = {"users", "messages", "crisis_high", "crisis_possible", "presses", "typed", "rate", "share", "up", "down",
           "value", "previous", "change"}


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
    # 8 people; their 9 messages minus the English one (1 person), left out: 8 is a lower bound
    assert last == {"day": YESTERDAY.isoformat(), "users": 8, "users_flag": "exact", "messages": 8,
                    "messages_flag": "partial", "crisis_high": None, "crisis_high_flag": "suppressed",
                    "crisis_possible": 0, "crisis_possible_flag": "exact"}
    assert before["users"] is None and before["messages_flag"] == "suppressed"
    assert {"intent": "anxiety", "messages": 7, "messages_flag": "exact"} in report["typed_topics"]
    assert {"intent": "sleep", "messages": None, "messages_flag": "suppressed"} in report["typed_topics"]
    assert report["feedback"] == [{"response_id": "anxiety", "up": 5, "up_flag": "exact", "down": None,
                                   "down_flag": "suppressed"}]
    assert report["unreached"] and all(row["presses"] is None for row in report["unreached"])
    assert {"healing119", "emergency_112", "health_119"} <= {row["hotline"] for row in report["unreached"]}
    assert report["languages"] == [  # no share of a part
        {"language": "id", "messages": 8, "messages_flag": "partial", "share": None, "share_flag": "suppressed"},
        {"language": "en", "messages": None, "messages_flag": "suppressed", "share": None, "share_flag": "suppressed"}]

    text = stats(teduh, db, "--lang", "en", "--days", "7")
    assert re.search(r"Anxiety & worry\s+5\s+<5", text)  # feedback row: 5 helpful, "not helpful" hidden
    stats(teduh, db, "--csv", str(tmp_path / "csv"), "--days", "7")
    with (tmp_path / "csv" / "feedback.csv").open() as fh:
        rows = list(csv.reader(fh))
    assert rows == [["period_from", "period_to", "channel", "response_id", "up", "up_flag", "down", "down_flag"],
                    [(TODAY - timedelta(days=7)).isoformat(), YESTERDAY.isoformat(), "all", "anxiety", "5", "exact",
                     "", "suppressed"]]


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
    values = [value for table in SPEC for row in report[table] for key, value in list(row.items())[len(SPEC[table][0]):]
              if not key.endswith("_flag")]
    values += [line["value"] for line in report["summary"]["figures"]]
    assert values and set(values) <= {None, 0}
    assert None in values and report["feedback"] and report["typed_topics"] and report["pressed"]

    stats(teduh, db, "--csv", str(tmp_path / "csv"), "--html", str(tmp_path / "r.html"), "--days", "7")
    for path in (tmp_path / "csv").glob("*.csv"):
        with path.open() as fh:
            header, *rows = list(csv.reader(fh))
        cells = [cell for row in rows for key, cell in zip(header, row, strict=True) if key in FIGURES]
        assert set(cells) <= {"", "0", "0.0"}, path.name  # 0.0: the rate of a day with nothing typed
    page = (tmp_path / "r.html").read_text()
    rows = [re.findall(r'<td class="n">(.*?)</td>', row) for row in re.findall(r"<tr>(.*?)</tr>", page)]
    figures = {html.unescape(cell) for row in rows for cell in row}
    assert "<5" in figures and figures <= {"<5", "0", "0,0%"}  # Indonesian number format by default
    summary = re.search(r'<div class="summary">(.*?)</div>', page, re.S).group(1)  # type: ignore[union-attr]
    assert set(re.findall(r": (\S+)</li>", html.unescape(summary))) <= {"<5", "0", "0,0%"}
    text = stats(teduh, db, "--lang", "en", "--days", "7")
    for table, block in zip(SPEC, text.split("\n\n")[2:-1], strict=True):
        keys = len(SPEC[table][0])
        rows = [re.split(r" {2,}", line.strip()) for line in block.splitlines()[2:]]
        assert {f for row in rows for f in row[keys:]} <= {"<5", "0", "0.0%"}, block


async def typed_and_pressed(dialogue: Dialogue, db: Path) -> None:
    """Yesterday at 10:00 WIB: 6 people type about anxiety, then press "find professional help";
    5 others only press it."""
    clock = Clock(datetime.combine(YESTERDAY, time(3), timezone.utc))
    store = await Store.open(db, 180, clock)
    conv = Conversations(dialogue, store, Pseudonyms(SECRET), "telegram", clock=clock)
    for n in range(11):
        if n < 6:
            await conv.handle(f"typer{n}", Text("aku cemas banget mau ujian"))
        else:
            await conv.handle(f"typer{n}", Command("start"))
        await conv.handle(f"typer{n}", Press("find_professional_help"))
    await store.close()


def visible_text(page: str) -> str:
    """What a reader sees: tag-free text, the charts' text included."""
    return html.unescape(re.sub(r"<[^>]+>", " ", re.sub(r"<(style|title)>.*?</\1>", " ", page, flags=re.S)))


async def test_typed_questions_and_button_presses_are_counted_apart(tmp_path: Path, dialogue: Dialogue,
                                                                   teduh) -> None:
    db = tmp_path / "teduh.db"
    await typed_and_pressed(dialogue, db)
    report = json.loads(stats(teduh, db, "--json", "--days", "7"))
    assert report["typed_topics"] == [{"intent": "anxiety", "messages": 6, "messages_flag": "exact"}]
    assert {"response_id": "find_professional_help", "presses": 11, "presses_flag": "exact"} in report["pressed"]
    assert report["hours"][10] == {"hour_wib": "10", "messages": 22, "messages_flag": "exact"}  # 03:00 UTC
    text = stats(teduh, db, "--lang", "en", "--days", "7")
    typed, pressed = text.split("\n\n")[3:5]
    assert typed.startswith("What teens typed") and re.search(r"Anxiety & worry\s+6\n", typed + "\n")
    assert "Find professional help" not in typed
    assert pressed.startswith("Buttons pressed") and re.search(r"Find professional help\s+11\n", pressed + "\n")
    assert "Hours and days of week are in WIB (UTC+7)." in text


async def test_the_report_page_reads_on_a_phone_and_names_what_it_counts(tmp_path: Path, dialogue: Dialogue,
                                                                         teduh, content_dir: Path) -> None:
    db = tmp_path / "teduh.db"
    await simulate(dialogue, db, conversations=150, days=14, last_day=TODAY, pool=40)
    pages = {}
    for lang in ("id", "en"):
        stats(teduh, db, "--html", str(tmp_path / f"{lang}.html"), "--csv", str(tmp_path / lang), "--lang", lang,
              "--days", "30")
        pages[lang] = (tmp_path / f"{lang}.html").read_text()
    page = pages["id"]
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page
    assert "overflow-x: auto" in page and page.count('<div class="scroll"><table>') == len(SPEC)
    assert not re.search(r"""(src|href)=["']?(https?:|//)""", page) and "<img" not in page
    assert "<html lang=\"id\">" in page and "Balasan krisis per hari" in page
    assert page.index('<div class="summary">') < page.index("<figure>") < page.index("<table>")  # summary first

    for lang, text in pages.items():
        figures = re.findall(r"<figure>(.*?)</figure>", text, re.S)
        assert len(figures) >= 8
        for figure in figures:  # one vector chart per figure, with a title
            caption = re.fullmatch(r"<figcaption>([^<]+)</figcaption>(<svg .*</svg>)\s*", figure, re.S)
            assert caption and caption.group(2).count("<svg") == 1, figure[:200]
            assert f"<title>{caption.group(1)}</title>" in caption.group(2)
            assert "&lt;5" not in caption.group(2) and "<5" not in caption.group(2)  # no "<5" text in charts
        # hidden cells are a hatch pattern, explained in the legend
        assert "<pattern" in text
        assert ("left out (fewer than 5 people on a day)" if lang == "en"
                else "disembunyikan (kurang dari 5 orang dalam sehari)") in text

    library = json.loads(stats(teduh, db, "--json", "--days", "30"))
    ids = {row["intent"] for row in library["typed_topics"]} | {row["response_id"] for row in library["pressed"]}
    ids |= {row["hotline"] for row in library["unreached"]} | {row["response_id"] for row in library["feedback"]}
    raw = {i for i in ids if "_" in i or "." in i}  # ids that are never ordinary words
    assert {"find_professional_help", "menu.topics"} <= raw
    for lang, text in pages.items():
        seen = visible_text(text)
        assert not [i for i in raw if re.search(rf"(?<![\w.]){re.escape(i)}(?![\w.])", seen)], lang
    assert "Cari bantuan profesional" in visible_text(pages["id"])
    assert "Find professional help" in visible_text(pages["en"])

    # the date axis and the per-day table start where the data starts, not 30 days back
    first_day = TODAY - timedelta(days=13)
    daily_chart = re.findall(r"<figure>(.*?)</figure>", pages["en"], re.S)[0]
    assert format_date(first_day, "d MMM", locale="en") in daily_chart
    assert format_date(first_day - timedelta(days=1), "d MMM", locale="en") not in daily_chart
    assert format_date(YESTERDAY, "medium", locale="id") in page

    # machine formats: the same files, with stable English keys and ids, whatever --lang
    for path in sorted((tmp_path / "id").glob("*.csv")):
        assert path.read_bytes() == (tmp_path / "en" / path.name).read_bytes(), path.name
    with (tmp_path / "en" / "daily.csv").open() as fh:
        header, *rows = list(csv.reader(fh))
    assert header[:4] == ["period_from", "period_to", "channel", "day"] and "messages_flag" in header
    assert {(row[0], row[1]) for row in rows} == {((TODAY - timedelta(days=30)).isoformat(), YESTERDAY.isoformat())}

    def numbers_only(node: object, key: str = "") -> None:
        if isinstance(node, dict):
            for k, v in node.items():
                numbers_only(v, k)
        elif isinstance(node, list):
            for v in node:
                numbers_only(v, key)
        elif key in FIGURES:
            assert node is None or (isinstance(node, (int, float)) and not isinstance(node, bool)), (key, node)

    numbers_only(library)
    assert any(row["messages_flag"] == "partial" for row in library["daily"])


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
