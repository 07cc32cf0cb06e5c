"""The real bot: the installed `teduh run` (python-telegram-bot) against a fake Bot API on 127.0.0.1."""

from __future__ import annotations

import logging
import re
import signal
import socket
import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from safety_cases import CRISES, TURNS, expected_answer
from telegram_harness import OPERATOR, TOKEN, Bot

from bot.channels.logsafe import protect
from bot.devtools.fakeapi import FakeBotApi

STICKER = {"file_id": "s1", "file_unique_id": "u1", "type": "regular", "width": 512, "height": 512,
           "is_animated": False, "is_video": False}


@pytest.fixture
async def api() -> AsyncIterator[FakeBotApi]:
    server = await FakeBotApi(TOKEN).start()
    yield server
    await server.stop()


@pytest.fixture
async def bot(api: FakeBotApi, tmp_path: Path) -> AsyncIterator[Bot]:
    running = await Bot(api, tmp_path).start()
    yield running
    await running.stop()
    assert TOKEN not in running.stderr


def buttons(message: dict[str, Any]) -> list[str]:
    markup = message.get("reply_markup") or {"inline_keyboard": []}
    return [b["callback_data"] for row in markup["inline_keyboard"] for b in row]


async def replies(api: FakeBotApi, chat: int, count: int) -> list[dict[str, Any]]:
    await api.wait_for(lambda: len(api.messages_to(chat)) >= count)
    return api.messages_to(chat)


def test_the_token_is_masked_in_logs_and_tracebacks(capsys: pytest.CaptureFixture[str]) -> None:
    root = logging.getLogger()
    handler = logging.StreamHandler()
    root.addHandler(handler)
    try:
        protect(TOKEN)
        logging.getLogger("httpx").warning("POST http://127.0.0.1/bot%s/sendMessage failed", TOKEN)
        try:
            raise ValueError(f"Unknown error at /bot{TOKEN}/getUpdates")
        except ValueError:
            logging.getLogger("bot").exception("handler failed")
    finally:
        root.removeHandler(handler)
    err = capsys.readouterr().err
    assert "/bot<token>/sendMessage" in err and "/bot<token>/getUpdates" in err and TOKEN not in err


async def test_a_conversation_in_indonesian(api: FakeBotApi, bot: Bot) -> None:
    menus = [s.params for s in api.sent if s.method == "setMyCommands"]
    assert {m.get("language_code") for m in menus} == {"id", None}
    assert "hapus" in [c["command"] for m in menus if m.get("language_code") == "id" for c in m["commands"]]

    api.message(11, "/start")
    start = (await replies(api, 11, 1))[0]
    assert start["text"].startswith("Hai, aku Teduh. Aku bot, bukan manusia") and "112" in start["text"]
    assert "/hapus" in start["text"] and {"anxiety", "find_professional_help"} <= set(buttons(start))

    api.message(11, "aku cemas banget mau ujian")
    topic = (await replies(api, 11, 2))[1]
    assert "cemas" in topic["text"].lower()
    assert "anxiety.coping" in buttons(topic) and buttons(topic)[-2:] == ["rate:up:anxiety", "rate:down:anxiety"]

    api.press(11, "anxiety.coping")
    api.press(11, "rate:down:anxiety")
    coping, thanks = (await replies(api, 11, 4))[2:]
    assert coping["text"] != topic["text"] and thanks["text"].startswith("Makasih udah ngasih tahu.")
    assert len([s for s in api.sent if s.method == "answerCallbackQuery"]) == 2


async def test_a_conversation_in_english(api: FakeBotApi, bot: Bot) -> None:
    api.message(12, "/start", language_code="en-US")
    api.message(12, "/topics", language_code="en-US")
    api.message(12, "i can't sleep at night, my mind won't stop", language_code="en-US")
    start, menu, sleep = await replies(api, 12, 3)
    assert start["text"].startswith("Hi, I'm Teduh. I'm a bot, not a person")
    assert menu["text"].startswith("What would you like to talk about?")
    assert "sleep" in sleep["text"].lower() and "rate:up:sleep" in buttons(sleep)


async def test_the_crisis_path_with_its_buttons(api: FakeBotApi, bot: Bot) -> None:
    api.message(13, "aku udah gak kuat, pengen bunuh diri aja")
    crisis = (await replies(api, 13, 1))[0]
    assert "112" in crisis["text"] and "healing119.id" in crisis["text"]
    assert buttons(crisis) == ["safety.safe", "safety.not_safe", "suicidal_thoughts.more_routes",
                               "find_professional_help"]  # the safety question's answers, no 👍/👎
    api.press(13, "suicidal_thoughts.more_routes")
    more = (await replies(api, 13, 2))[1]
    assert "SAPA 129" in more["text"] and "JakCare" in more["text"]


async def test_hapus_asks_then_erases(api: FakeBotApi, bot: Bot, tmp_path: Path) -> None:
    api.message(14, "/bahasa")
    api.press(14, "lang:en")
    api.message(14, "/hapus")
    ask = (await replies(api, 14, 3))[2]
    assert ask["text"].startswith("Do you want me to delete everything") and buttons(ask) == ["erase:yes", "erase:no"]
    api.press(14, "erase:yes")
    done = (await replies(api, 14, 4))[3]
    assert done["text"].startswith("Done. I deleted your saved settings and 3 anonymous records of your chats.")
    with sqlite3.connect(tmp_path / "teduh.db") as conn:
        assert conn.execute("SELECT COUNT(*) FROM users").fetchone() == (0,)


async def test_groups_get_one_invitation_and_nothing_is_stored(api: FakeBotApi, bot: Bot, tmp_path: Path) -> None:
    api.message(15, "/start@teduh_test_bot", chat_type="group", chat_id=-500)
    api.message(15, "aku sedih", chat_type="supergroup", chat_id=-500)
    api.channel_post("news for the channel")
    api.message(16, "halo")  # a private message after them, to know they were all handled
    await replies(api, 16, 1)
    invitation = api.messages_to(-500)
    assert len(invitation) == 1 and "https://t.me/teduh_test_bot?start=" in invitation[0]["text"]
    assert "112" in invitation[0]["text"] and "healing119.id" in invitation[0]["text"]  # safety, even here
    assert api.messages_to(-1001) == []
    with sqlite3.connect(tmp_path / "teduh.db") as conn:
        conn.execute("PRAGMA wal_checkpoint")
    await bot.stop()
    with sqlite3.connect(tmp_path / "teduh.db") as conn:
        assert conn.execute("SELECT COUNT(*) FROM events").fetchone() == (1,)  # the private "halo" only
    assert "ERROR" not in bot.stderr


async def test_stickers_and_edits(api: FakeBotApi, bot: Bot) -> None:
    api.message(17, None, sticker=STICKER)
    api.message(17, "aku baik-baik aja kok", edited=True)  # no risk in the edit: no new answer
    api.message(17, "aku mau bunuh diri", edited=True)
    sticker_reply, crisis = await replies(api, 17, 2)
    assert sticker_reply["text"].startswith("Aku cuma bisa baca tulisan") and "anxiety" in buttons(sticker_reply)
    assert "112" in sticker_reply["text"] and "119" in sticker_reply["text"]
    assert "112" in crisis["text"]
    api.message(17, "halo")
    assert len(await replies(api, 17, 3)) == 3


async def test_operators_get_stats_and_others_the_unknown_command_reply(api: FakeBotApi, bot: Bot) -> None:
    api.message(OPERATOR, "/stats", language_code="en")
    api.message(18, "/stats", language_code="en")
    assert (await replies(api, OPERATOR, 1))[0]["text"].startswith("Teduh statistics:")
    assert (await replies(api, 18, 1))[0]["text"].startswith("I don't know that command.")


async def test_a_failing_api_still_gives_every_message_exactly_one_reply(api: FakeBotApi, tmp_path: Path) -> None:
    api.faults.error_rate, api.faults.retry_after_rate, api.faults.drop_rate = 0.10, 0.01, 0.01
    users = range(1000, 1100)
    for n in range(5):  # 500 updates, 5 per user (flood control starts at 9 in 10 s)
        for user in users:
            api.message(user, f"pesan ke-{n}: aku lagi stres sama tugas")
    bot = await Bot(api, tmp_path).start()
    await api.wait_for(lambda: all(len(api.messages_to(u)) >= 5 for u in users), timeout=240)
    await bot.stop()
    assert {len(api.messages_to(u)) for u in users} == {5}
    assert api.calls.count("sendMessage") > 500  # the faults happened, and were retried
    assert "Bot API call failed (NetworkError); retrying" in bot.stderr and TOKEN not in bot.stderr


async def test_kill_9_and_restart_loses_nothing_and_answers_nothing_twice(api: FakeBotApi, tmp_path: Path) -> None:
    users = range(2000, 2100)
    for n in range(2):
        for user in users:
            api.message(user, f"pertanyaan {n}: gimana cara ke psikolog?")
    bot = await Bot(api, tmp_path).start()
    await api.wait_for(lambda: api.calls.count("sendMessage") >= 60)
    api.hold()  # freeze every further reply, unrecorded, then kill the bot mid-run

    def answered() -> int:
        with sqlite3.connect(tmp_path / "teduh.db") as conn:
            return conn.execute("SELECT COUNT(*) FROM processed_updates").fetchone()[0]

    sent = len([s for s in api.sent if s.method == "sendMessage"])
    await api.wait_for(lambda: api.held > 0 and answered() == sent)
    await bot.stop(signal.SIGKILL)
    api.release()
    assert 0 < sent < 200

    again = await Bot(api, tmp_path).start()
    await api.wait_for(lambda: all(len(api.messages_to(u)) >= 2 for u in users) and not api.updates, timeout=120)
    await again.stop()
    assert {len(api.messages_to(u)) for u in users} == {2}


async def test_flood_control_notes_once_then_stays_quiet_but_never_for_risk(api: FakeBotApi, bot: Bot) -> None:
    for n in range(12):
        api.message(19, f"halo {n}")
    api.message(19, "pengen mati aja rasanya")
    await api.wait_for(lambda: any("112" in m["text"] for m in api.messages_to(19)))
    texts = [m["text"] for m in api.messages_to(19)]
    notes = [t for t in texts if t.startswith("Pesannya banyak banget sekaligus")]
    assert len(texts) == 10 and len(notes) == 1  # 8 answers, one note, then only the message with risk


async def test_a_failing_handler_still_leaves_the_user_the_help_routes(api: FakeBotApi, bot: Bot) -> None:
    api.faults.bad_requests = 1  # Telegram refuses the first reply
    api.message(20, "aku cemas banget mau ujian " + "panjang " * 500)  # long, within 4096 characters
    reply = (await replies(api, 20, 1))[0]
    assert reply["text"].startswith("Maaf, ada yang error di sistemku.") and "112" in reply["text"]
    await bot.stop()
    assert "handler failed: BadRequest" in bot.stderr and "cemas" not in bot.stderr


async def test_sigterm_finishes_in_flight_replies_and_confirms_them(api: FakeBotApi, tmp_path: Path) -> None:
    bot = await Bot(api, tmp_path).start()
    for user in range(3000, 3030):
        api.message(user, "gimana cara ke psikolog?")
    await api.wait_for(lambda: len(api.messages_to(3000)) + len(api.messages_to(3029)) >= 1)
    assert await bot.stop(signal.SIGTERM) == 0
    assert all(len(api.messages_to(u)) == 1 for u in range(3000, 3030))
    assert api.updates == []  # confirmed with a last getUpdates offset


async def test_reload_serves_edits_and_keeps_the_last_good_library(api: FakeBotApi, tmp_path: Path,
                                                                    content_copy: Path) -> None:
    bot = await Bot(api, tmp_path, TEDUH_CONTENT_DIR=str(content_copy)).start()
    anxiety = content_copy / "responses" / "anxiety.yml"
    anxiety.write_text(anxiety.read_text().replace("Cemas itu sebenarnya alarm tubuh", "VERSI BARU: cemas itu alarm"))
    api.message(OPERATOR, "/reload")
    assert (await replies(api, OPERATOR, 1))[0]["text"].startswith("Reloaded:")
    api.message(21, "aku cemas banget mau ujian")
    assert (await replies(api, 21, 1))[0]["text"].startswith("VERSI BARU")

    anxiety.write_text(anxiety.read_text().replace("intent: anxiety", "intent: [anxiety"))  # broken YAML
    await bot.send_signal(signal.SIGHUP)
    await api.wait_for(lambda: "still serving the last good library" in bot.stderr)
    api.message(21, "aku cemas banget mau ujian")
    assert (await replies(api, 21, 2))[1]["text"].startswith("VERSI BARU")
    api.message(22, "/reload")  # not an operator
    assert (await replies(api, 22, 1))[0]["text"].startswith("Aku belum kenal perintah itu.")
    await bot.stop()
    assert re.search(r"ERROR bot\.channels\.reload: reload: responses/anxiety\.yml:\d+: error: ", bot.stderr)


async def test_webhook_mode(api: FakeBotApi, tmp_path: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}/telegram"
    bot = await Bot(api, tmp_path).start("--webhook-url", url, "--listen", "127.0.0.1", "--port", str(port))
    await api.wait_for(lambda: "setWebhook" in api.calls)
    hook = next(s.params for s in api.sent if s.method == "setWebhook")
    assert hook["url"] == url and hook["secret_token"]
    update = {"update_id": 77, "message": {"message_id": 1, "date": 0, "text": "halo",
                                           "chat": {"id": 23, "type": "private"},
                                           "from": {"id": 23, "is_bot": False, "first_name": "Tes"}}}
    async with httpx.AsyncClient() as client:
        refused = await client.post(url, json=update, headers={"X-Telegram-Bot-Api-Secret-Token": "wrong"})
        accepted = await client.post(url, json=update, headers={"X-Telegram-Bot-Api-Secret-Token": hook["secret_token"]})
    assert refused.status_code == 403 and accepted.status_code == 200
    assert (await replies(api, 23, 1))[0]["text"].startswith("Hai")
    assert await bot.stop() == 0


PHOTO = [{"file_id": "p1", "file_unique_id": "pu1", "width": 90, "height": 90}]
VOICE = {"file_id": "v1", "file_unique_id": "vu1", "duration": 4}


async def test_captions_are_read_and_voice_notes_get_the_numbers(api: FakeBotApi, bot: Bot) -> None:
    api.message(21, None, photo=PHOTO, caption="aku mau bunuh diri malam ini")
    crisis = (await replies(api, 21, 1))[0]
    assert "112" in crisis["text"] and "healing119.id" in crisis["text"]
    assert "suicidal_thoughts.more_routes" in buttons(crisis)

    api.message(22, None, voice=VOICE)
    voice = (await replies(api, 22, 1))[0]
    assert voice["text"].startswith("Aku cuma bisa baca tulisan")
    assert "112" in voice["text"] and "119" in voice["text"] and "anxiety" in buttons(voice)

    api.message(23, None, photo=PHOTO, caption="susah tidur terus tiap malem")
    topic = (await replies(api, 23, 1))[0]
    assert "sleep.tips" in buttons(topic) and "112" not in topic["text"]


async def test_the_safety_question_is_heard_on_telegram(api: FakeBotApi, bot: Bot) -> None:
    """Every crisis message of the matrix, each answer in its own chat, all at once."""
    openings = {"safety.not_safe": ("Makasih udah jujur sama aku. Keselamatanmu", "Thank you for being honest with"),
                "safety.abuse_not_safe": ("Makasih udah bilang ke aku. Ini bukan salahmu", "Thank you for telling me."),
                "safety.safe": ("Syukurlah kamu aman", "I'm glad you're safe"),
                "safety.abuse_safe": ("Syukurlah kamu aman", "I'm glad you're safe")}
    chats = {1000 + n: turn for n, turn in enumerate(TURNS)}
    for chat, (key, _answer) in chats.items():
        api.message(chat, CRISES[key], language_code=key[1])
    for chat in chats:
        await replies(api, chat, 1)
    for chat, (_key, answer) in chats.items():
        api.message(chat, answer)
    for chat, ((intent, _lang), answer) in chats.items():
        crisis, reply = await replies(api, chat, 2)
        assert "safety.not_safe" in buttons(crisis) or "safety.abuse_not_safe" in buttons(crisis)
        # the reply's language follows the answer's ("no" after an Indonesian crisis message is English)
        expected = openings[expected_answer(intent, answer)]
        assert reply["text"].startswith(expected) and re.search(r"\b(112|119)\b", reply["text"]), (answer, reply)
