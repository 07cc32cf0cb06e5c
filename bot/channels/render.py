"""A dialogue Reply as Telegram sees it: text and an inline keyboard."""

from __future__ import annotations

import logging

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.core import policy
from bot.core.dialogue import RATE_DOWN, RATE_UP, Reply
from bot.library.content import Library
from bot.nlu.risk import RiskLevel

log = logging.getLogger(__name__)

CALLBACK_LIMIT = 64  # bytes of callback_data Telegram accepts
MESSAGE_LIMIT = 4096


def rateable(reply: Reply, library: Library) -> str | None:
    """The topic answer this reply may be rated on with 👍/👎, if any."""
    if reply.risk is not RiskLevel.NONE or not reply.intent or not reply.response_ids or reply.feedback:
        return None
    if reply.intent in policy.SMALL_TALK:
        return None
    answer = library.for_intent(reply.intent)
    return answer.id if answer and answer.id == reply.response_ids[0] else None


def keyboard(reply: Reply, library: Library) -> InlineKeyboardMarkup | None:
    rows = []
    for button in reply.buttons:
        if len(button.payload.encode()) > CALLBACK_LIMIT:
            log.warning("button %s is longer than Telegram allows; left out", button.payload[:20])
            continue
        rows.append([InlineKeyboardButton(button.label, callback_data=button.payload)])
    rated = rateable(reply, library)
    if rated and len((RATE_DOWN + rated).encode()) <= CALLBACK_LIMIT:
        rows.append([InlineKeyboardButton("👍", callback_data=RATE_UP + rated),
                     InlineKeyboardButton("👎", callback_data=RATE_DOWN + rated)])
    return InlineKeyboardMarkup(rows) if rows else None


def text(reply: Reply) -> str:
    """Content is checked against the limit when it loads; a lead or note could still tip it over."""
    return reply.text if len(reply.text) <= MESSAGE_LIMIT else reply.text[: MESSAGE_LIMIT - 1] + "…"
