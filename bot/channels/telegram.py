"""The Telegram channel: python-telegram-bot handlers around the shared conversations.

Every handler is registered in `HANDLERS`, in order. Setup is in `post_init`,
teardown in `post_shutdown`. Logs never carry message text, user ids or the token.
"""

from __future__ import annotations

import asyncio
import logging
import time
import traceback
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TypeVar

from telegram import BotCommand, Update
from telegram.constants import ChatType
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    ApplicationHandlerStop,
    BaseHandler,
    CallbackContext,
    CallbackQueryHandler,
    ContextTypes,
    ExtBot,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot.channels import render
from bot.channels.flood import Flood, Verdict
from bot.channels.service import Conversations
from bot.config import Settings
from bot.core import policy
from bot.core.dialogue import Command, Event, Press, Reply, Text, Unsupported
from bot.library.catalogs import negotiate
from bot.store.database import Store

log = logging.getLogger(__name__)
T = TypeVar("T")

SEND_ATTEMPTS = 5
BACKOFF_S = (0.2, 0.5, 1.0, 2.0)
INVITE_EVERY_S = 3600.0  # one invitation per group per hour, at most
ANSWERED_KEPT = 1_000  # answered update ids kept in memory (10 full getUpdates batches); the store keeps them all


def N_(message: str) -> str:
    """Marks text for the catalogs; translated when used."""
    return message


# The command menus registered with setMyCommands, per language.
COMMANDS: dict[str, list[tuple[str, str]]] = {
    "id": [("start", N_("Start over")), ("topik", N_("Topics")), ("bantuan", N_("Help now, and seeing a professional")),
           ("bahasa", N_("Change language")), ("privasi", N_("Privacy")), ("hapus", N_("Delete my data"))],
    "en": [("start", N_("Start over")), ("topics", N_("Topics")), ("help", N_("Help now, and seeing a professional")),
           ("language", N_("Change language")), ("privacy", N_("Privacy")), ("delete", N_("Delete my data"))],
}


class RecentIds:
    """The last `size` update ids added: the memory of answered updates never grows past it."""

    def __init__(self, size: int = ANSWERED_KEPT) -> None:
        self.size = size
        self._ids: OrderedDict[int, None] = OrderedDict()

    def __contains__(self, update_id: object) -> bool:
        return update_id in self._ids

    def __len__(self) -> int:
        return len(self._ids)

    def add(self, update_id: int) -> None:
        self._ids[update_id] = None
        self._ids.move_to_end(update_id)
        if len(self._ids) > self.size:
            self._ids.popitem(last=False)


@dataclass
class Teduh:
    """What the handlers share, in bot_data (typed through ContextTypes)."""

    settings: Settings | None = None
    conversations: Conversations | None = None
    store: Store | None = None
    reload: Callable[[], Awaitable[str]] | None = None  # returns a one-line result for /reload
    flood: Flood = field(default_factory=Flood)
    answered: RecentIds = field(default_factory=RecentIds)  # a fast check before the store's
    invited: dict[int, float] = field(default_factory=dict)

    @property
    def conv(self) -> Conversations:
        assert self.conversations is not None, "post_init sets the conversations"
        return self.conversations


Ctx = CallbackContext[ExtBot[None], dict, dict, Teduh]


async def deliver(call: Callable[[], Awaitable[T]]) -> T:
    """Retry a Bot API call on 429 (after the rate limiter's own retries) and on transient network errors."""
    for attempt in range(SEND_ATTEMPTS):
        try:
            return await call()
        except RetryAfter as exc:
            if attempt == SEND_ATTEMPTS - 1:
                raise
            log.warning("Bot API asks to slow down; retrying")
            await asyncio.sleep(float(exc.retry_after if isinstance(exc.retry_after, int | float) else 1))
        except NetworkError as exc:
            if isinstance(exc, BadRequest) or attempt == SEND_ATTEMPTS - 1:
                raise
            log.warning("Bot API call failed (%s); retrying", type(exc).__name__)
            await asyncio.sleep(BACKOFF_S[min(attempt, len(BACKOFF_S) - 1)])
    raise AssertionError("unreachable")


async def send(context: Ctx, chat_id: int, reply: Reply) -> None:
    markup = render.keyboard(reply, context.bot_data.conv.dialogue.library)
    await deliver(lambda: context.bot.send_message(chat_id, render.text(reply), reply_markup=markup,
                                                   disable_web_page_preview=True))


async def answer(update: Update, context: Ctx, event: Event) -> None:
    """Run one event through the conversations and send the reply."""
    user, chat = update.effective_user, update.effective_chat
    assert user is not None and chat is not None
    reply = await context.bot_data.conv.handle(str(user.id), event, default_language=negotiate(user.language_code))
    await send(context, chat.id, reply)


# --- handlers -------------------------------------------------------------------------------

async def skip_answered(update: Update, context: Ctx) -> None:
    """Exactly once: an update answered before a restart is not answered again."""
    teduh = context.bot_data
    if update.update_id in teduh.answered or (teduh.store and await teduh.store.processed(update.update_id)):
        raise ApplicationHandlerStop


async def remember_answered(update: Update, context: Ctx) -> None:
    teduh = context.bot_data
    teduh.answered.add(update.update_id)
    if teduh.store:
        await teduh.store.mark_processed(update.update_id)


async def ignore(update: Update, context: Ctx) -> None:
    """Channel posts and anything else not meant for Teduh: nothing processed, nothing stored."""


async def in_group(update: Update, context: Ctx) -> None:
    """Groups get one short invitation to a private chat, and nothing is processed or stored."""
    chat, teduh = update.effective_chat, context.bot_data
    assert chat is not None
    now = time.monotonic()
    if now - teduh.invited.get(chat.id, -INVITE_EVERY_S) < INVITE_EVERY_S:
        return
    teduh.invited[chat.id] = now
    lang = negotiate(update.effective_user.language_code if update.effective_user else None)
    invitation = teduh.conv.dialogue.library.render(policy.GROUP_INVITE, lang)
    text = f"{invitation}\n\nhttps://t.me/{context.bot.username}?start=hai"
    await deliver(lambda: context.bot.send_message(chat.id, text, disable_web_page_preview=True))


async def on_command(update: Update, context: Ctx) -> None:
    message, user = update.effective_message, update.effective_user
    assert message is not None and message.text is not None and user is not None
    name = message.text.split()[0][1:].split("@")[0].lower()
    teduh = context.bot_data
    if name == "reload" and teduh.settings and str(user.id) in teduh.settings.operators and teduh.reload:
        result = await teduh.reload()
        await deliver(lambda: message.reply_text(result))
        return
    await answer(update, context, Command(name))


def typed(update: Update) -> str:
    """What the user wrote: a message's text, or the caption of a photo, video, animation or document."""
    message = update.effective_message
    assert message is not None
    return (message.text or message.caption or "")[: render.MESSAGE_LIMIT]


async def on_text(update: Update, context: Ctx) -> None:
    """Typed text and captions: risk first, then flood control, then the dialogue."""
    message, user = update.effective_message, update.effective_user
    assert message is not None and user is not None
    text = typed(update)
    verdict = context.bot_data.flood.check(str(user.id))
    if verdict is not Verdict.ANSWER and not context.bot_data.conv.dialogue.nlu.parse(text).risk.any:
        if verdict is Verdict.NOTE:
            lang = negotiate(user.language_code)
            _ = context.bot_data.conv.dialogue.catalogs.for_lang(lang).gettext
            note = _("That's a lot of messages at once. I'll wait a moment, then I'm here again.")
            await deliver(lambda: message.reply_text(note))
        return
    await answer(update, context, Text(text))


async def on_edited(update: Update, context: Ctx) -> None:
    """An edited message or caption is checked for risk again; other edits need no new answer."""
    text = typed(update)
    if context.bot_data.conv.dialogue.nlu.parse(text).risk.any:
        await answer(update, context, Text(text))


async def on_button(update: Update, context: Ctx) -> None:
    query = update.callback_query
    assert query is not None
    try:
        await deliver(query.answer)
    except (NetworkError, RetryAfter):
        log.warning("could not answer a callback query; replying anyway")
    if query.data:
        await answer(update, context, Press(query.data))


async def on_unsupported(update: Update, context: Ctx) -> None:
    """Stickers, voice and video notes, media without a caption: the text-only reply, with the emergency numbers."""
    message = update.effective_message
    assert message is not None
    kind = next((k for k in ("sticker", "voice", "video_note", "photo", "video", "animation", "document", "audio")
                 if getattr(message, k)), "other")
    await answer(update, context, Unsupported(kind))


async def on_error(update: object, context: Ctx) -> None:
    """Log without message text or ids; the user still gets the help routes."""
    error = context.error
    if isinstance(error, Forbidden):
        log.info("a user blocked the bot; reply dropped")
        return
    frames = "".join(traceback.format_tb(error.__traceback__)) if error else ""
    log.error("handler failed: %s\n%s", type(error).__name__, frames)
    if not isinstance(update, Update) or not update.effective_chat or update.effective_chat.type != ChatType.PRIVATE:
        return
    lang = negotiate(update.effective_user.language_code if update.effective_user else None)
    reply = context.bot_data.conv.dialogue.failed(lang)
    try:
        await send(context, update.effective_chat.id, reply)
    except Exception as exc:  # noqa: BLE001 - nothing more can be done for this update
        log.error("could not send the help routes either: %s", type(exc).__name__)


PRIVATE = filters.ChatType.PRIVATE
WRITTEN = filters.TEXT | filters.CAPTION  # a caption on a photo, video, animation or document is text too
HANDLERS: list[tuple[BaseHandler, int]] = [
    (TypeHandler(Update, skip_answered), -1),  # first: drop updates answered before a restart
    (MessageHandler(filters.UpdateType.CHANNEL_POSTS, ignore), 0),  # channel posts: nothing
    (MessageHandler(filters.ChatType.GROUPS, in_group), 0),  # groups: an invitation to a private chat
    (CallbackQueryHandler(on_button), 0),  # inline buttons, 👍/👎 included
    (MessageHandler(PRIVATE & filters.UpdateType.EDITED_MESSAGE & WRITTEN, on_edited), 0),  # risk only
    (MessageHandler(PRIVATE & filters.UpdateType.MESSAGE & filters.COMMAND, on_command), 0),  # known or not
    (MessageHandler(PRIVATE & filters.UpdateType.MESSAGE & WRITTEN, on_text), 0),  # text and captions
    (MessageHandler(PRIVATE & filters.UpdateType.MESSAGE & ~WRITTEN, on_unsupported), 0),  # stickers, voice, …
    (TypeHandler(Update, remember_answered), 1),  # last: this update is answered
]


async def register_commands(app: Application) -> None:
    """The command menu in each language (Indonesian for `id` clients, English otherwise)."""
    catalogs = app.bot_data.conv.dialogue.catalogs
    for lang, code in (("id", "id"), ("en", None)):
        _ = catalogs.for_lang(lang).gettext
        commands = [BotCommand(name, _(description)) for name, description in COMMANDS[lang]]
        await deliver(lambda c=commands, lc=code: app.bot.set_my_commands(c, language_code=lc))


def build_application(settings: Settings, post_init: Callable[[Application], Awaitable[None]],
                      post_shutdown: Callable[[Application], Awaitable[None]], *, polling: bool) -> Application:
    assert settings.telegram_token
    builder = (ApplicationBuilder().token(settings.telegram_token)
               .context_types(ContextTypes(bot_data=Teduh))
               .rate_limiter(AIORateLimiter(overall_max_rate=settings.send_rate, max_retries=3))
               .post_init(post_init).post_shutdown(post_shutdown))
    if settings.bot_api_url:
        builder = builder.base_url(f"{settings.bot_api_url}/bot").base_file_url(f"{settings.bot_api_url}/file/bot")
    if polling:
        builder = builder.updater(None)  # Teduh's own loop confirms updates only once answered
    app = builder.build()
    for handler, group in HANDLERS:
        app.add_handler(handler, group)
    app.add_error_handler(on_error)
    return app
