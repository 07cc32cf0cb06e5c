"""The Telegram channel's memory of answered updates stays bounded, and still stops a duplicate.

In process, so the memory can be looked at: python-telegram-bot's Application with Teduh's
handlers and polling loop, against the fake Bot API on 127.0.0.1. The database file is
unreadable here, so the memory is the only thing that knows what was answered.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from functools import partial
from pathlib import Path

import pytest
from simulate import SECRET
from telegram import Update
from telegram_harness import TOKEN

from bot.channels import run
from bot.channels.telegram import build_application
from bot.config import Settings
from bot.core.dialogue import Dialogue
from bot.devtools.fakeapi import FakeBotApi

KEPT = 1_000  # the README: the last 1,000 answered update ids are kept in memory


@pytest.fixture
async def api() -> AsyncIterator[FakeBotApi]:
    server = await FakeBotApi(TOKEN).start()
    yield server
    await server.stop()


async def test_answered_ids_stay_bounded_and_a_recent_duplicate_is_answered_once(
        api: FakeBotApi, dialogue: Dialogue, tmp_path: Path) -> None:
    db = tmp_path / "teduh.db"
    db.write_bytes(b"not a database " * 100)  # statistics off: only the memory remembers
    settings = Settings.from_env({"TELEGRAM_BOT_TOKEN": TOKEN, "TEDUH_BOT_API_URL": api.url, "TEDUH_SECRET": SECRET,
                                  "TEDUH_DB": str(db), "TEDUH_SEND_RATE": "1000"})
    app = build_application(settings, partial(run.post_init, settings, dialogue), run.post_shutdown, polling=True)
    stop = asyncio.Event()
    async with app:
        await run.post_init(settings, dialogue, app)
        await app.start()
        polling = asyncio.ensure_future(run.poll(app, stop))
        try:
            for n in range(KEPT + 500):
                api.channel_post(f"news {n}")  # answered with silence, but answered
            last = api.message(31, "halo")
            duplicate = dict(api.updates[-1])
            await api.wait_for(lambda: len(api.messages_to(31)) == 1 and not api.updates)
            answered = app.bot_data.answered
            assert len(answered) <= KEPT and last in answered
            # Telegram sends the latest update again (as after a webhook answer that timed out)
            await app.process_update(Update.de_json(duplicate, app.bot))  # returns once it is handled
            assert len(api.messages_to(31)) == 1
        finally:
            stop.set()
            await polling
            await app.stop()
            await run.post_shutdown(app)
