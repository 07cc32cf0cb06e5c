"""Running the Telegram bot: long polling that confirms updates only once answered, or a webhook.

python-telegram-bot's own polling confirms a batch of updates as soon as it has fetched
them, so a crash could lose messages. Here the next getUpdates offset moves only after
every update of the batch was answered (and remembered in the store), so a restart
gets back exactly the unanswered ones.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import logging
import signal
from collections.abc import Sequence
from functools import partial
from urllib.parse import urlparse

from telegram import Update
from telegram.error import NetworkError
from telegram.ext import Application

from bot.channels.telegram import Teduh, build_application, register_commands
from bot.config import Settings
from bot.dialogue import Dialogue
from bot.engine import build_dialogue, open_store, pseudonyms_for, stats_summary
from bot.i18n import CatalogError
from bot.problems import ContentError
from bot.service import Conversations

log = logging.getLogger(__name__)

POLL_TIMEOUT_S = 10
RETRY_S = (1, 2, 5, 10, 30)


async def post_init(settings: Settings, dialogue: Dialogue, app: Application) -> None:
    teduh: Teduh = app.bot_data
    teduh.settings = settings
    teduh.store = await open_store(settings)
    teduh.conversations = Conversations(dialogue, teduh.store, pseudonyms_for(settings), "telegram",
                                        operators=settings.operators,
                                        summary=stats_summary(settings, dialogue.catalogs))
    teduh.reload = partial(reload, teduh)
    await register_commands(app)
    asyncio.get_running_loop().add_signal_handler(signal.SIGHUP, lambda: asyncio.ensure_future(teduh.reload()))
    log.info("Teduh is running as @%s", app.bot.username)


async def post_shutdown(app: Application) -> None:
    if app.bot_data.store is not None:
        await app.bot_data.store.close()


async def reload(teduh: Teduh) -> str:
    """Re-read intents, responses and catalogs; a failing edit keeps the last good library serving."""
    assert teduh.settings is not None
    try:
        dialogue = await asyncio.to_thread(build_dialogue, teduh.settings)
    except ContentError as exc:
        for problem in exc.problems:
            log.error("reload: %s", problem)
        log.error("reload: %d error(s); still serving the last good library", len(exc.problems))
        return f"Reload failed: {len(exc.problems)} error(s), see the log. Still serving the last good library."
    except CatalogError as exc:
        log.error("reload: %s; still serving the last good library", exc)
        return "Reload failed: a catalog could not be read, see the log. Still serving the last good library."
    teduh.conv.dialogue = dialogue
    count = len(dialogue.library.responses)
    log.info("reload: serving %d responses", count)
    return f"Reloaded: {count} responses."


async def _process(app: Application, updates: Sequence[Update]) -> None:
    """Answer a batch: each chat's updates in order, different chats at the same time."""
    chats: dict[int, list[Update]] = {}
    for update in updates:
        chats.setdefault(update.effective_chat.id if update.effective_chat else -update.update_id, []).append(update)

    async def in_order(chat_updates: list[Update]) -> None:
        for update in chat_updates:
            await app.process_update(update)

    await asyncio.gather(*(in_order(u) for u in chats.values()))


async def poll(app: Application, stop: asyncio.Event) -> None:
    offset: int | None = None
    failures = 0
    stopping = asyncio.ensure_future(stop.wait())
    while not stop.is_set():
        fetch = asyncio.ensure_future(app.bot.get_updates(offset=offset, timeout=POLL_TIMEOUT_S,
                                                          allowed_updates=Update.ALL_TYPES))
        await asyncio.wait({fetch, stopping}, return_when=asyncio.FIRST_COMPLETED)
        if not fetch.done():
            fetch.cancel()  # nothing fetched is lost: it was not confirmed
            break
        try:
            updates = fetch.result()
        except NetworkError as exc:
            wait = RETRY_S[min(failures, len(RETRY_S) - 1)]
            failures += 1
            log.warning("getUpdates failed (%s); retrying in %ds", type(exc).__name__, wait)
            await asyncio.wait({stopping}, timeout=wait)
            continue
        failures = 0
        if updates:
            await _process(app, updates)  # in flight: finishes even when a stop arrives meanwhile
            offset = updates[-1].update_id + 1
    stopping.cancel()
    if offset is not None:
        try:  # confirm the answered updates, so the next start doesn't fetch them again
            await app.bot.get_updates(offset=offset, timeout=0, limit=1)
        except NetworkError as exc:
            log.warning("could not confirm the last updates (%s); they will be skipped as answered", type(exc).__name__)


async def run_polling(settings: Settings, dialogue: Dialogue) -> None:
    app = build_application(settings, partial(post_init, settings, dialogue), post_shutdown, polling=True)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    async with app:  # initialize, then shutdown
        await app.bot.delete_webhook()
        await post_init(settings, dialogue, app)
        await app.start()
        try:
            await poll(app, stop)
        finally:
            await app.stop()
            await post_shutdown(app)
    log.info("stopped")


def run_webhook(settings: Settings, dialogue: Dialogue, url: str, listen: str, port: int) -> None:
    """python-telegram-bot's webhook server; Telegram proves each call with a secret derived from TEDUH_SECRET."""
    app = build_application(settings, partial(post_init, settings, dialogue), post_shutdown, polling=False)
    token = hmac.new((settings.secret or "").encode(), b"webhook", hashlib.sha256).hexdigest()
    app.run_webhook(listen=listen, port=port, url_path=urlparse(url).path.lstrip("/"), webhook_url=url,
                    secret_token=token, allowed_updates=Update.ALL_TYPES,
                    stop_signals=(signal.SIGINT, signal.SIGTERM))
