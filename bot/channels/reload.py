"""The operator's /reload, in any channel: re-read the library while serving, keeping the last good one."""

from __future__ import annotations

import asyncio
import logging

from bot.channels.service import Conversations
from bot.config import Settings
from bot.engine import build_dialogue
from bot.library.catalogs import CatalogError
from bot.library.problems import ContentError

log = logging.getLogger(__name__)


async def reload(settings: Settings, conversations: Conversations) -> str:
    """Re-read intents, responses and catalogs; a one-line result. A failing edit keeps the last good library."""
    try:
        dialogue = await asyncio.to_thread(build_dialogue, settings)
    except ContentError as exc:
        for problem in exc.problems:
            log.error("reload: %s", problem)
        log.error("reload: %d error(s); still serving the last good library", len(exc.problems))
        return f"Reload failed: {len(exc.problems)} error(s), see the log. Still serving the last good library."
    except CatalogError as exc:
        log.error("reload: %s; still serving the last good library", exc)
        return "Reload failed: a catalog could not be read, see the log. Still serving the last good library."
    conversations.dialogue = dialogue
    count = len(dialogue.library.responses)
    log.info("reload: serving %d responses", count)
    return f"Reloaded: {count} responses."
