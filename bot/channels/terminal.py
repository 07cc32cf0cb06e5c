"""The terminal channel: the same conversations, typed in a terminal or piped line by line.

The local user is the operator: `/stats` and `/reload` work here. Lines are read by a
daemon thread, so Ctrl-C leaves at once instead of waiting for one more Enter.
"""

from __future__ import annotations

import asyncio
import codecs
import json
import os
import threading
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import TextIO

from bot.channels.service import Conversations
from bot.core.dialogue import Command, Event, Press, Reply, Text
from bot.library.catalogs import Catalogs

QUIT = {"/quit", "/exit", "/keluar"}
MAX_DIGITS = 6  # a longer number is a message, not a button


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


def button_number(line: str, last: Reply | None) -> int | None:
    """The number typed, when the last reply has buttons and the line is only a number."""
    stripped = line.strip()
    if last and last.buttons and stripped.isdecimal() and len(stripped) <= MAX_DIGITS:
        return int(stripped)
    return None


def to_event(line: str, last: Reply | None) -> Event:
    """A typed line: a button number, a /command, or a message."""
    stripped = line.strip()
    number = button_number(line, last)
    if last and number is not None and 1 <= number <= len(last.buttons):
        return Press(last.buttons[number - 1].payload)
    if stripped.startswith("/") and len(stripped) > 1 and " " not in stripped:
        return Command(stripped[1:])
    return Text(line.rstrip("\n"))


def no_such_button(number: int, last: Reply, catalogs: Catalogs) -> Reply:
    """Says which numbers exist, and shows the same buttons again."""
    _ = catalogs.for_lang(last.language).gettext
    count = len(last.buttons)
    if count == 1:
        text = _("There is no button %(number)s. Type 1 to press the button.") % {"number": number}
    else:
        text = _("There is no button %(number)s. Type a number from 1 to %(last)s.") % {"number": number,
                                                                                        "last": count}
    return Reply(text, last.buttons, last.language)


async def read_lines(stream: TextIO) -> AsyncIterator[str]:
    """The lines typed or piped into `stream`, each ending in a newline (but perhaps the last).

    A daemon thread reads the file descriptor itself: nothing waits for it when the chat
    ends, so Ctrl-C leaves at once, and Python's own stdin buffer is never left locked.
    """
    loop = asyncio.get_running_loop()
    queue: asyncio.Queue[str | None] = asyncio.Queue()
    fd = stream.fileno()
    decoder = codecs.getincrementaldecoder(stream.encoding or "utf-8")(errors="replace")

    def put(line: str | None) -> None:
        try:
            loop.call_soon_threadsafe(queue.put_nowait, line)
        except RuntimeError:  # the chat is over and its loop closed
            pass

    def pump() -> None:
        pending = ""
        while chunk := os.read(fd, 65536):
            pending += decoder.decode(chunk).replace("\r\n", "\n")
            *lines, pending = pending.split("\n")
            for line in lines:
                put(line + "\n")
        pending += decoder.decode(b"", final=True)
        if pending:
            put(pending)
        put(None)

    threading.Thread(target=pump, name="teduh-stdin", daemon=True).start()
    while (line := await queue.get()) is not None:
        yield line


async def chat(conversations: Conversations, user_id: str, lines: AsyncIterator[str], out: TextIO, *,
               lang: str | None, as_json: bool, interactive: bool,
               reload: Callable[[], Awaitable[str]] | None = None, prompt: str = "> ") -> int:
    """Answer every line; `reload` serves the operator's /reload. Returns the number of replies written."""
    last: Reply | None = None
    count = 0
    if interactive:
        reply = await conversations.handle(user_id, Command("start"), language=lang)
        _ = conversations.dialogue.catalogs.for_lang(reply.language).gettext
        hint = _("(Type a message, or a number to press a button. /quit to leave.)")
        out.write(reply_block(reply) + hint + "\n" + prompt)
        out.flush()
        last = reply
    async for line in lines:
        if line.strip().lower() in QUIT:
            break
        if not line.strip():
            if interactive:
                out.write(prompt)
                out.flush()
            continue
        number, event = button_number(line, last), to_event(line, last)
        if last is not None and number is not None and not isinstance(event, Press):
            reply = no_such_button(number, last, conversations.dialogue.catalogs)
        elif reload is not None and isinstance(event, Command) and event.name.lower() == "reload":
            reply = Reply(await reload(), (), last.language if last else lang or "en")
        else:
            reply = await conversations.handle(user_id, event, language=lang)
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
