"""Hostile or broken content files: refused at their `path:line`, quickly, by validate, start and /reload.

The alias bomb and deep nesting run in subprocesses: without the protection one takes
minutes and gigabytes, the other crashes the interpreter (libyaml's composer overflows the
C stack), and neither may take the test session down with it.
"""

from __future__ import annotations

import shutil
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

from conftest import FIXTURES, TODAY
from telegram_harness import OPERATOR, TOKEN, Bot

from bot.devtools.fakeapi import FakeBotApi
from bot.library.validate import validate

BAD = FIXTURES / "bad"
ALIASES = "error: YAML anchors and aliases (&name, *name) are not allowed in content files; write the value out"
MARGIN_S = 5.0  # generous: the refusal takes milliseconds; the bomb, unrefused, takes minutes

Teduh = Callable[..., subprocess.CompletedProcess[str]]


def timed(teduh: Teduh, *args: str, content: Path, limit: float) -> tuple[subprocess.CompletedProcess[str], float]:
    """Run `teduh`, failing (and killing it) if it takes longer than `limit` seconds."""
    start = time.monotonic()
    try:
        result = teduh(*args, env={"TEDUH_CONTENT_DIR": str(content)}, timeout=limit)
    except subprocess.TimeoutExpired:
        raise AssertionError(f"`teduh {' '.join(args)}` took longer than {limit:.1f} s") from None
    return result, time.monotonic() - start


def test_an_alias_bomb_is_refused_at_its_line_in_no_time(teduh: Teduh, content_copy: Path) -> None:
    _, clean = timed(teduh, "validate", content=content_copy, limit=120)  # this machine's start-up and checks
    shutil.copy(BAD / "alias_bomb.yml", content_copy / "responses")
    result, bombed = timed(teduh, "validate", content=content_copy, limit=clean + MARGIN_S)
    assert result.returncode == 1
    assert f"responses/alias_bomb.yml:3: {ALIASES}" in result.stdout.splitlines()
    assert "Traceback" not in result.stderr
    assert bombed < clean + MARGIN_S


def test_the_bot_does_not_start_on_an_alias_bomb(teduh: Teduh, content_copy: Path) -> None:
    shutil.copy(BAD / "alias_bomb.yml", content_copy / "responses")
    result, _ = timed(teduh, "chat", content=content_copy, limit=60)
    assert result.returncode == 1
    assert f"responses/alias_bomb.yml:3: {ALIASES}" in result.stderr and "Traceback" not in result.stderr


def test_deep_nesting_is_an_error_not_a_crash(teduh: Teduh, content_copy: Path) -> None:
    # 100,000 nested block lists in 200 kB: libyaml 0.2.5 (Debian's PyYAML) overflows the C stack
    (content_copy / "responses" / "deep.yml").write_text("version: 1\nresponses:\n" + "- " * 100_000 + "x\n")
    result, _ = timed(teduh, "validate", content=content_copy, limit=60)
    assert result.returncode == 1, result.returncode  # -11: the interpreter crashed
    assert "responses/deep.yml:3: error: nested more than 32 levels deep" in result.stdout.splitlines()


def test_a_file_over_one_megabyte_is_refused(content_copy: Path) -> None:
    big = content_copy / "responses" / "big.yml"
    big.write_text("# " + "x" * 1_200_000 + "\nversion: 1\nresponses: []\n")
    shown = [str(p) for p in validate(content_copy, TODAY)[0]]
    assert (f"responses/big.yml:1: error: file is {big.stat().st_size:,} bytes; a content file may be at most "
            "1,000,000 bytes: split it into smaller files") in shown


async def test_reload_refuses_an_alias_bomb_and_keeps_serving(tmp_path: Path, content_copy: Path) -> None:
    api = await FakeBotApi(TOKEN).start()
    try:
        bot = await Bot(api, tmp_path, TEDUH_CONTENT_DIR=str(content_copy)).start()
        try:
            shutil.copy(BAD / "alias_bomb.yml", content_copy / "responses")
            api.message(OPERATOR, "/reload")
            await api.wait_for(lambda: len(api.messages_to(OPERATOR)) >= 1, timeout=MARGIN_S * 2)
            assert api.messages_to(OPERATOR)[0]["text"].startswith("Reload failed: 1 error(s)")
            api.message(21, "halo")
            await api.wait_for(lambda: len(api.messages_to(21)) >= 1, timeout=30)
        finally:
            await bot.stop()
        assert f"reload: responses/alias_bomb.yml:3: {ALIASES}" in bot.stderr
    finally:
        await api.stop()
