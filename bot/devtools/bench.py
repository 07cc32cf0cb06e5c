"""`teduh bench`: Teduh's own cost per message, measured in one run on this machine.

- pipeline: normalize, risk, language, intent, dialogue and the store write, for every
  held-out line (repeated), in process: messages/s, p50 and p99 latency;
- end to end: replies/s of `teduh run` against the fake Bot API server on loopback,
  and of a bare python-telegram-bot echo bot on the same server, and their ratio;
- the bot process's peak resident memory, and its time from start to the first reply.
Telegram's 30 messages/s limit is lifted for both bots here: it would hide their cost.
"""

from __future__ import annotations

import asyncio
import os
import platform
import secrets
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bot.channels.service import Conversations
from bot.config import Settings
from bot.core.dialogue import Dialogue, Text
from bot.devtools.fakeapi import FakeBotApi
from bot.nlu.evaluate import read_test_file
from bot.store.database import Store
from bot.store.pseudonym import Pseudonyms

TOKEN = "4242:bench-token"
USERS = 200
PER_USER = 5  # under the flood limit, so every message is answered
REPEAT = 3


def heldout_lines(settings: Settings) -> list[str]:
    """The held-out test lines: shipped in the package, or in tests/data of a checkout."""
    for folder in (settings.content_dir / "heldout", settings.content_dir / "tests" / "data"):
        files = sorted(folder.glob("nlu_test_*.yml"))
        if files:
            return [example.text for path in files for example in read_test_file(path)]
    raise FileNotFoundError("no held-out lines (nlu_test_*.yml) next to the content")


async def pipeline(dialogue: Dialogue, lines: Sequence[str], folder: Path) -> dict[str, float]:
    store = await Store.open(folder / "pipeline.db", 180)
    conv = Conversations(dialogue, store, Pseudonyms(secrets.token_urlsafe(48)), "telegram")
    latencies = []
    started = time.perf_counter()
    for n, line in enumerate(list(lines) * REPEAT):
        before = time.perf_counter()
        await conv.handle(str(n % 300), Text(line))
        latencies.append((time.perf_counter() - before) * 1000)
    await store.flush()  # the background writes count towards throughput
    elapsed = time.perf_counter() - started
    await store.close()
    latencies.sort()
    return {"pipeline_messages": len(latencies), "pipeline_msgs_per_s": round(len(latencies) / elapsed, 1),
            "pipeline_p50_ms": round(statistics.median(latencies), 3),
            "pipeline_p99_ms": round(latencies[int(len(latencies) * 0.99) - 1], 3)}


def _env(api: FakeBotApi, settings: Settings, folder: Path) -> dict[str, str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("TEDUH_", "TELEGRAM_"))}
    return {**base, "TELEGRAM_BOT_TOKEN": TOKEN, "TEDUH_BOT_API_URL": api.url, "TEDUH_SEND_RATE": "100000",
            "TEDUH_SECRET": secrets.token_urlsafe(48), "TEDUH_DB": str(folder / "bench.db"),
            "TEDUH_CONTENT_DIR": str(settings.content_dir)}


def _peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024, 1)
    return float("nan")


async def _load(api: FakeBotApi, lines: Sequence[str], first_user: int) -> float:
    """Replies per second for USERS × PER_USER messages sent at once."""
    expected = len([s for s in api.sent if s.method == "sendMessage"]) + USERS * PER_USER
    started = time.perf_counter()
    for n in range(PER_USER):
        for u in range(USERS):
            api.message(first_user + u, lines[(n * USERS + u) % len(lines)])
    await api.wait_for(lambda: len([s for s in api.sent if s.method == "sendMessage"]) >= expected, timeout=300)
    return USERS * PER_USER / (time.perf_counter() - started)


async def _bot(command: list[str], env: dict[str, str]) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(*command, env=env, stdout=asyncio.subprocess.DEVNULL,
                                                stderr=asyncio.subprocess.DEVNULL)


async def _stop(process: asyncio.subprocess.Process) -> None:
    process.terminate()
    try:
        await asyncio.wait_for(process.wait(), 30)
    except TimeoutError:
        process.kill()


async def end_to_end(settings: Settings, lines: Sequence[str], folder: Path) -> dict[str, float]:
    api = await FakeBotApi(TOKEN).start()
    try:
        env = _env(api, settings, folder)
        started = time.perf_counter()
        teduh = await _bot([sys.executable, "-m", "bot", "run"], env)
        api.message(1, "/start")
        await api.wait_for(lambda: bool(api.messages_to(1)), timeout=120)
        startup = time.perf_counter() - started
        teduh_rate = await _load(api, lines, 10_000)
        rss = _peak_rss_mb(teduh.pid)
        await _stop(teduh)

        echo = await _bot([sys.executable, "-m", "bot.devtools.echo"], env)
        api.message(2, "hello")
        await api.wait_for(lambda: bool(api.messages_to(2)), timeout=120)
        echo_rate = await _load(api, lines, 20_000)
        await _stop(echo)
    finally:
        await api.stop()
    return {"e2e_replies_per_s": round(teduh_rate, 1), "echo_replies_per_s": round(echo_rate, 1),
            "e2e_ratio": round(teduh_rate / echo_rate, 3), "rss_mb": rss, "startup_s": round(startup, 2)}


# What Teduh imports before it can answer; start-up is compared with importing just these.
LIBRARIES = "import numpy, scipy.sparse, scipy.special, sklearn.svm, sklearn.calibration, " \
            "sklearn.feature_extraction.text, sklearn.naive_bayes, rapidfuzz, yaml, babel, aiosqlite, telegram.ext"


async def import_time() -> float:
    """Seconds a fresh Python process takes to import the libraries Teduh uses, and nothing else."""
    started = time.perf_counter()
    process = await asyncio.create_subprocess_exec(sys.executable, "-c", LIBRARIES)
    await process.wait()
    return time.perf_counter() - started


async def run(settings: Settings, dialogue: Dialogue) -> dict[str, Any]:
    lines = heldout_lines(settings)
    with tempfile.TemporaryDirectory() as tmp:
        figures: dict[str, Any] = await pipeline(dialogue, lines, Path(tmp))
        figures.update(await end_to_end(settings, lines, Path(tmp)))
    figures["import_s"] = round(min([await import_time() for _ in range(3)]), 2)
    figures["startup_vs_import"] = round(figures["startup_s"] / figures["import_s"], 2)
    figures["e2e_messages"] = USERS * PER_USER
    figures["machine"] = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    return figures


def render(figures: dict[str, Any]) -> str:
    return "\n".join([
        f"machine: {figures['machine']}",
        f"pipeline:    {figures['pipeline_msgs_per_s']:.0f} msgs/s, p50 {figures['pipeline_p50_ms']:.2f} ms, "
        f"p99 {figures['pipeline_p99_ms']:.2f} ms ({figures['pipeline_messages']} messages)",
        f"end to end:  Teduh {figures['e2e_replies_per_s']:.0f} replies/s, echo bot "
        f"{figures['echo_replies_per_s']:.0f} replies/s, ratio {figures['e2e_ratio']:.2f} "
        f"({figures['e2e_messages']} messages each)",
        f"bot process: peak RSS {figures['rss_mb']:.0f} MB, start to first reply {figures['startup_s']:.2f} s "
        f"({figures['startup_vs_import']:.2f}x the {figures['import_s']:.2f} s that importing its libraries takes)",
    ])
