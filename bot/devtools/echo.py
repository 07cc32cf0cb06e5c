"""A bare python-telegram-bot echo bot: the yardstick `teduh bench` measures Teduh against.

Run by the bench as `python -m bot.devtools.echo` with TELEGRAM_BOT_TOKEN, TEDUH_BOT_API_URL and
TEDUH_SEND_RATE; the same library, rate limiter and concurrency as Teduh, and no work.
"""

from __future__ import annotations

import os

from telegram import Update
from telegram.ext import (
    AIORateLimiter,
    ApplicationBuilder,
    ContextTypes,
    MessageHandler,
    filters,
)


async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    if message is not None and message.text is not None:
        await message.reply_text(message.text)


def main() -> None:
    url = os.environ["TEDUH_BOT_API_URL"]
    app = (ApplicationBuilder().token(os.environ["TELEGRAM_BOT_TOKEN"]).base_url(f"{url}/bot")
           .rate_limiter(AIORateLimiter(overall_max_rate=float(os.environ.get("TEDUH_SEND_RATE", "30")), max_retries=3))
           .concurrent_updates(True).build())
    app.add_handler(MessageHandler(filters.TEXT, echo))
    app.run_polling(timeout=10, allowed_updates=Update.ALL_TYPES)


if __name__ == "__main__":
    main()
