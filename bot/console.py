"""The terminal channel: the same conversations, typed in a terminal or piped line by line."""

from __future__ import annotations

import asyncio
import json
from typing import TextIO

from bot.dialogue import Command, Event, Press, Reply, Text
from bot.service import Conversations

QUIT = {"/quit", "/exit", "/keluar"}


def reply_json(reply: Reply) -> str:
    """One reply as the JSON object documented in the README."""
    return json.dumps({
        "reply": reply.text,
        "buttons": [b.label for b in reply.buttons],
        "intent": reply.intent,
        "risk": reply.risk.label,
        "language": reply.language,
        "response_ids": list(reply.response_ids),
    }, ensure_ascii=False)


def reply_line(reply: Reply) -> str:
    """One reply on one line: paragraphs joined by ' / ', then numbered buttons."""
    text = " / ".join(line.strip() for line in reply.text.splitlines() if line.strip())
    buttons = "".join(f" [{n}] {b.label}" for n, b in enumerate(reply.buttons, 1))
    return text + buttons


def reply_block(reply: Reply) -> str:
    """A reply for a person at a terminal."""
    lines = [reply.text]
    lines += [f"  [{n}] {b.label}" for n, b in enumerate(reply.buttons, 1)]
    return "\n".join(lines) + "\n"


def to_event(line: str, last: Reply | None) -> Event:
    """A typed line: a button number, a /command, or a message."""
    stripped = line.strip()
    if last and stripped.isdigit() and 1 <= int(stripped) <= len(last.buttons):
        return Press(last.buttons[int(stripped) - 1].payload)
    if stripped.startswith("/") and len(stripped) > 1 and " " not in stripped:
        return Command(stripped[1:])
    return Text(line.rstrip("\n"))


async def chat(conversations: Conversations, user_id: str, stream: TextIO, out: TextIO, *, lang: str | None,
               as_json: bool, interactive: bool, prompt: str = "> ") -> int:
    """Answer every line read from `stream`; returns the number of replies written."""
    last: Reply | None = None
    count = 0
    if interactive:
        reply = await conversations.handle(user_id, Command("start"), language=lang)
        _ = conversations.dialogue.catalogs.for_lang(reply.language).gettext
        hint = _("(Type a message, or a number to press a button. /quit to leave.)")
        out.write(reply_block(reply) + hint + "\n" + prompt)
        out.flush()
        last = reply
    while line := await asyncio.to_thread(stream.readline):
        if line.strip().lower() in QUIT:
            break
        if not line.strip():
            if interactive:
                out.write(prompt)
                out.flush()
            continue
        reply = await conversations.handle(user_id, to_event(line, last), language=lang)
        last = reply
        count += 1
        if as_json:
            out.write(reply_json(reply) + "\n")
        elif interactive:
            out.write(reply_block(reply) + prompt)
        else:
            out.write(reply_line(reply) + "\n")
        out.flush()
    return count
