"""Runs the installed `teduh run` against the fake Bot API server, as a subprocess."""

from __future__ import annotations

import asyncio
import os
import signal
from pathlib import Path

from conftest import teduh_command
from simulate import SECRET

from bot.devtools.fakeapi import FakeBotApi

TOKEN = "123456:TEST-token-never-in-logs-Zx9"
OPERATOR = 900


class Bot:
    """One `teduh run` process talking to `api`; stderr is kept for assertions."""

    def __init__(self, api: FakeBotApi, folder: Path, **env: str) -> None:
        self.api, self.folder, self.extra = api, folder, env
        self.process: asyncio.subprocess.Process | None = None
        self.stderr = ""
        self._reader: asyncio.Task[None] | None = None

    def env(self) -> dict[str, str]:
        base = {k: v for k, v in os.environ.items() if not k.startswith(("TEDUH_", "TELEGRAM_"))}
        return {**base, "TELEGRAM_BOT_TOKEN": TOKEN, "TEDUH_BOT_API_URL": self.api.url, "TEDUH_SECRET": SECRET,
                "TEDUH_DB": str(self.folder / "teduh.db"), "TEDUH_OPERATORS": str(OPERATOR), **self.extra}

    async def start(self, *args: str) -> Bot:
        self.process = await asyncio.create_subprocess_exec(
            *teduh_command(), "run", *args, cwd=self.folder, env=self.env(),
            stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE)
        self._reader = asyncio.ensure_future(self._read_stderr())
        await self.api.wait_for(lambda: self.api.calls.count("setMyCommands") >= 2 or self.exited(), timeout=90)
        assert not self.exited(), await self.output()
        return self

    async def _read_stderr(self) -> None:
        """Drain stderr as it comes (a full pipe would block the bot); `stderr` grows meanwhile."""
        assert self.process is not None and self.process.stderr is not None
        while line := await self.process.stderr.readline():
            self.stderr += line.decode()

    def exited(self) -> bool:
        return self.process is not None and self.process.returncode is not None

    async def output(self) -> str:
        """Everything the bot wrote to stderr, once it has exited."""
        assert self.process is not None
        if self.process.returncode is None:
            return "(still running)\n" + self.stderr
        if self._reader is not None:
            await self._reader
        return self.stderr

    async def send_signal(self, signum: int) -> None:
        assert self.process is not None
        self.process.send_signal(signum)

    async def stop(self, signum: int = signal.SIGTERM) -> int:
        assert self.process is not None
        if self.process.returncode is None:
            self.process.send_signal(signum)
        try:
            code = await asyncio.wait_for(self.process.wait(), 30)
        except TimeoutError:
            self.process.kill()
            code = await self.process.wait()
        await self.output()
        return code
