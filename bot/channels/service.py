"""One conversation step for any channel: the user's state, the dialogue, then an anonymous event.

Channels (terminal, Telegram) call `Conversations.handle` with the raw user id; it is
turned into pseudonyms here and goes no further. Erasure and the operators' /stats
live here too, because they need the store, which the dialogue never sees.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from bot.core import policy
from bot.core.dialogue import (
    ERASE,
    Command,
    Dialogue,
    Event,
    Press,
    Reply,
    Text,
    Unsupported,
    UserState,
)
from bot.store.database import Erased, EventRow, Store, UserRow, utcnow
from bot.store.pseudonym import Pseudonyms

log = logging.getLogger(__name__)

CACHE_SIZE = 10_000
# Upper bounds of the confidence bands recorded with each typed message.
BANDS: tuple[tuple[float, str], ...] = ((0.35, "0.00-0.35"), (0.6, "0.35-0.60"), (0.8, "0.60-0.80"),
                                        (float("inf"), "0.80-1.00"))


def band(confidence: float) -> str:
    return next(label for upper, label in BANDS if confidence < upper)


@dataclass(frozen=True)
class _Entry:
    state: UserState
    last_reply: tuple[str, ...] = ()  # response ids of the last reply, in memory only


async def erase_user(store: Store, pseudonyms: Pseudonyms, channel: str, user_id: str, today: date) -> Erased:
    """Delete a user's preferences and every event within retention (one daily pseudonym per day)."""
    first = today - timedelta(days=store.retention_days)
    days = pseudonyms.days(channel, user_id, first, today + timedelta(days=1))
    return await store.erase(pseudonyms.user(channel, user_id), days)


class Conversations:
    def __init__(self, dialogue: Dialogue, store: Store, pseudonyms: Pseudonyms, channel: str, *,
                 operators: frozenset[str] = frozenset(), summary: Callable[[str], str] | None = None,
                 clock: Callable[[], datetime] = utcnow) -> None:
        self.dialogue, self.store, self.pseudonyms, self.channel = dialogue, store, pseudonyms, channel
        self.operators, self.summary, self.clock = operators, summary, clock
        self._cache: OrderedDict[str, _Entry] = OrderedDict()

    async def handle(self, user_id: str, event: Event, default_language: str = "id",
                     language: str | None = None) -> Reply:
        """The reply to one event; `language` forces the reply language (`teduh chat --lang`).

        Statistics are written later, in the background.
        """
        key = self.pseudonyms.user(self.channel, user_id)
        entry = await self._entry(key, default_language)
        if language and entry.state.language != language:
            entry = replace(entry, state=replace(entry.state, language=language))
        if self._is_stats(event, user_id):
            lang = entry.state.language or entry.state.last_language
            return Reply(await asyncio.to_thread(self.summary, lang), (), lang)  # type: ignore[arg-type]
        reply, state = self.dialogue.handle(event, entry.state)
        if reply.action == ERASE:
            return await self._erase(user_id, key, reply.language)
        self._remember(key, _Entry(state, reply.response_ids))
        if state != entry.state:
            self.store.save_user(key, UserRow(state.language, state.last_language, state.pending))
        if not isinstance(event, Unsupported):  # a sticker is no statistic
            self.store.record(self._event(user_id, event, reply, entry.last_reply))
        return reply

    def _is_stats(self, event: Event, user_id: str) -> bool:
        return (isinstance(event, Command) and event.name.lower().lstrip("/") == "stats"
                and user_id in self.operators and self.summary is not None)

    async def _entry(self, key: str, default_language: str) -> _Entry:
        if (entry := self._cache.get(key)) is not None:
            self._cache.move_to_end(key)
            return entry
        row = await self.store.load_user(key)
        state = UserState(row.language, row.last_language, row.pending) if row else UserState(
            last_language=default_language)
        return _Entry(state)

    def _remember(self, key: str, entry: _Entry) -> None:
        self._cache[key] = entry
        self._cache.move_to_end(key)
        if len(self._cache) > CACHE_SIZE:
            self._cache.popitem(last=False)

    async def _erase(self, user_id: str, key: str, lang: str) -> Reply:
        self._cache.pop(key, None)
        try:
            erased = await erase_user(self.store, self.pseudonyms, self.channel, user_id, self.clock().date())
        except (sqlite3.Error, ValueError) as exc:  # ValueError: aiosqlite's connection is gone
            log.warning("erasure failed (%s)", exc)
            return self.dialogue.erased(None, 0, lang)
        return self.dialogue.erased(erased.preferences, erased.events, lang)

    def _event(self, user_id: str, event: Event, reply: Reply, pressed_on: tuple[str, ...]) -> EventRow:
        now = self.clock()
        rid = reply.response_ids[0] if reply.response_ids else None
        if reply.feedback is not None:
            kind = "feedback"
        else:
            kind = "text" if isinstance(event, Text) else "press" if isinstance(event, Press) else "command"
        unreached = None
        if kind == "press" and rid and rid.endswith(policy.MORE_ROUTES_SUFFIX):  # hotlines on the reply pressed
            library = self.dialogue.library
            unreached = " ".join(dict.fromkeys(h for r in pressed_on for h in library.hotline_ids(r))) or None
        return EventRow(
            day=now.date().isoformat(), hour=now.hour,
            user_day=self.pseudonyms.daily(self.channel, user_id, now.date()),
            channel=self.channel, kind=kind, language=reply.language, intent=reply.intent, response_id=rid,
            risk=reply.risk.label, confidence=band(reply.confidence) if reply.confidence is not None else None,
            feedback=reply.feedback, unreached=unreached)
