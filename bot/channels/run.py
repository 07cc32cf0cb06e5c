"""Running the Telegram bot: long polling that confirms updates only once answered, or a webhook.

python-telegram-bot's own polling confirms a batch of updates as soon as it has fetched
them, so a crash could lose messages. Here the next getUpdates offset moves only after
every update of the batch was answered (and remembered in the store), so a restart
gets back exactly the unanswered ones.

When Telegram refuses the bot (a rejected token, a wrong Bot API URL, another poller),
both modes raise `Refused`, whose message is one line saying what to check.
"""

from __future__ import annotations

import asyncio
import errno
import hashlib
import hmac
import logging
import signal
from collections.abc import Sequence
from functools import partial
from urllib.parse import urlparse

from telegram import Update
from telegram.error import Conflict, InvalidToken, NetworkError, TelegramError
from telegram.ext import Application

from bot.channels.reload import reload
from bot.channels.service import Conversations
from bot.channels.telegram import Teduh, build_application, register_commands
from bot.config import Settings
from bot.core.dialogue import Dialogue
from bot.engine import open_store, pseudonyms_for, stats_summary

log = logging.getLogger(__name__)

POLL_TIMEOUT_S = 10
RETRY_S = (1, 2, 5, 10, 30)
CONFLICT = ("Telegram answered 409 Conflict: another process is getting updates with this bot token, "
            "or a webhook is set. Stop the other one, then start again.")


class Refused(Exception):
    """Telegram (or the Bot API server) will not serve this bot; the message is one line saying what to check."""


def refusal(error: TelegramError, settings: Settings) -> Refused:
    """The one line for a Bot API error that stops the bot; it never contains the token."""
    url = settings.bot_api_url
    if isinstance(error, Conflict):
        return Refused(CONFLICT)
    if isinstance(error, InvalidToken):  # python-telegram-bot raises it for 401 and for 404
        said = f"{error} {error.__cause__ or ''}"
        if "Not Found" not in said:
            return Refused("Telegram rejected the bot token (401). Check TELEGRAM_BOT_TOKEN.")
        if url:
            return Refused(f"The Bot API at {url} answered 404 Not Found. Check TEDUH_BOT_API_URL and "
                           "TELEGRAM_BOT_TOKEN.")
        return Refused("Telegram answered 404 Not Found: the bot token is malformed. Check TELEGRAM_BOT_TOKEN.")
    where = url or "https://api.telegram.org"
    said = error.message.partition(". Parsing the server response")[0]  # not a proxy's whole HTML page
    if isinstance(error, NetworkError):  # timeouts and 5xx included
        check = "TEDUH_BOT_API_URL and the network" if url else "the network"
        return Refused(f"Cannot reach the Bot API at {where} ({said}). Check {check}.")
    return Refused(f"The Bot API at {where} refused to serve the bot: {said}")


class _Reported(logging.Filter):
    """Drops python-telegram-bot's own traceback of a Bot API error that `refusal` reports in one line."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not (record.exc_info and isinstance(record.exc_info[1], TelegramError))


async def post_init(settings: Settings, dialogue: Dialogue, app: Application) -> None:
    teduh: Teduh = app.bot_data
    teduh.settings = settings
    teduh.store = await open_store(settings)
    teduh.conversations = Conversations(dialogue, teduh.store, pseudonyms_for(settings), "telegram",
                                        operators=settings.operators,
                                        summary=stats_summary(settings, dialogue.catalogs))
    teduh.reload = reload_now = partial(reload, settings, teduh.conv)
    await register_commands(app)
    asyncio.get_running_loop().add_signal_handler(signal.SIGHUP, lambda: asyncio.ensure_future(reload_now()))
    log.info("Teduh is running as @%s", app.bot.username)


async def post_shutdown(app: Application) -> None:
    if app.bot_data.store is not None:
        await app.bot_data.store.close()


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
    """Long polling until SIGINT/SIGTERM; `Refused` when Telegram will not serve the bot."""
    app = build_application(settings, partial(post_init, settings, dialogue), post_shutdown, polling=True)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    try:
        async with app:  # initialize (getMe checks the token), then shutdown
            await app.bot.delete_webhook()
            await post_init(settings, dialogue, app)
            await app.start()
            try:
                await poll(app, stop)
            finally:
                await app.stop()
                await post_shutdown(app)
    except TelegramError as error:
        raise refusal(error, settings) from None
    log.info("stopped")


def run_webhook(settings: Settings, dialogue: Dialogue, url: str, listen: str, port: int) -> None:
    """python-telegram-bot's webhook server; Telegram proves each call with a secret derived from TEDUH_SECRET.

    `Refused` when Telegram will not serve the bot or the port cannot be had.
    """
    app = build_application(settings, partial(post_init, settings, dialogue), post_shutdown, polling=False)
    token = hmac.new((settings.secret or "").encode(), b"webhook", hashlib.sha256).hexdigest()
    logging.getLogger("telegram.ext").addFilter(_Reported())  # its start-up retry loop logs what we report
    try:
        app.run_webhook(listen=listen, port=port, url_path=urlparse(url).path.lstrip("/"), webhook_url=url,
                        secret_token=token, allowed_updates=Update.ALL_TYPES,
                        stop_signals=(signal.SIGINT, signal.SIGTERM))
    except TelegramError as error:
        raise refusal(error, settings) from None
    except OSError as error:
        if error.errno not in (errno.EADDRINUSE, errno.EADDRNOTAVAIL, errno.EACCES):
            raise
        raise Refused(f"The webhook server cannot listen on {listen}:{port} ({error.strerror}). "
                      "Check --listen and --port.") from None
