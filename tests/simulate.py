"""Simulated users for the statistics tests and for trying `teduh stats` by hand.

    python tests/simulate.py teduh.db --conversations 400 --days 14

Users are drawn from a fixed pool, so some come back on later days; what they type
comes from the held-out test sets. Deterministic for a given seed.
"""

from __future__ import annotations

import argparse
import asyncio
import random
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path

from bot.channels.service import Conversations
from bot.core.dialogue import Command, Dialogue, Press, Text
from bot.nlu.evaluate import read_test_file
from bot.store.database import Store
from bot.store.pseudonym import Pseudonyms

DATA = Path(__file__).resolve().parent / "data"
SECRET = "simulated-secret-simulated-secret-0123456789"


class Clock:
    """A settable UTC clock for the store and the conversations."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def lines() -> dict[str, list[str]]:
    return {lang: [e.text for e in read_test_file(DATA / f"nlu_test_{lang}.yml")] for lang in ("id", "en")}


async def conversation(conv: Conversations, user: str, lang: str, rng: random.Random,
                       said: dict[str, list[str]]) -> None:
    reply = await conv.handle(user, Command("start"), default_language=lang)
    for _ in range(rng.randint(1, 4)):
        reply = await conv.handle(user, Text(rng.choice(said[lang])), default_language=lang)
        if reply.buttons and rng.random() < 0.4:
            reply = await conv.handle(user, Press(rng.choice(reply.buttons).payload))
        if reply.intent and reply.risk.label == "none" and rng.random() < 0.3:
            vote = "rate:up:" if rng.random() < 0.7 else "rate:down:"
            await conv.handle(user, Press(vote + reply.response_ids[0]))


async def simulate(dialogue: Dialogue, db: Path, conversations: int, days: int, last_day: date,
                   seed: int = 7, pool: int | None = None, channel: str = "telegram") -> None:
    rng = random.Random(seed)
    said = lines()
    users = [str(100_000 + n) for n in range(pool or max(10, conversations // 3))]
    langs = {u: ("id" if rng.random() < 0.7 else "en") for u in users}
    clock = Clock(datetime.combine(last_day - timedelta(days=days - 1), time(), timezone.utc))
    store = await Store.open(db, 180, clock)
    conv = Conversations(dialogue, store, Pseudonyms(SECRET), channel, clock=clock)
    for n in range(conversations):
        day = last_day - timedelta(days=days - 1 - n * days // conversations)
        clock.now = datetime.combine(day, time(rng.randint(6, 23), rng.randint(0, 59)), timezone.utc)
        user = rng.choice(users)
        await conversation(conv, user, langs[user], rng, said)
    await store.close()


def main() -> None:
    from bot.config import Settings
    from bot.engine import build_dialogue

    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("db", type=Path)
    parser.add_argument("--conversations", type=int, default=400)
    parser.add_argument("--days", type=int, default=14)
    args = parser.parse_args()
    dialogue = build_dialogue(Settings.from_env())
    today = datetime.now(timezone.utc).date()
    asyncio.run(simulate(dialogue, args.db, args.conversations, args.days, today))
    print(f"{args.conversations} conversations over {args.days} days written to {args.db}")


if __name__ == "__main__":
    main()
