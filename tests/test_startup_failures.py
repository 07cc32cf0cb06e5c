"""`teduh run` refused by Telegram: one clear line, a non-zero exit, no traceback, never the token.

The installed command runs against the fake Bot API on 127.0.0.1, switched to answer as
Telegram does for a revoked token (401), a malformed one (404) and a second poller (409).
"""

from __future__ import annotations

import asyncio
import logging
import os
import re
import socket
import sys
from collections.abc import AsyncIterator

import pytest
from conftest import teduh_command
from simulate import SECRET

from bot.channels.logsafe import protect
from bot.devtools.fakeapi import FakeBotApi

TOKEN = "7412589630:AAF3kq9ZxWvT-7uY_bN2mLpQ8rHs5dE1cJ0"  # shaped like BotFather's
SECRET_PART = TOKEN.split(":", 1)[1]
REJECTED = "Telegram rejected the bot token (401). Check TELEGRAM_BOT_TOKEN."
LOG_LINE = re.compile(r"\d{4}-\d\d-\d\d [\d:,]+ (INFO|WARNING) ")  # the start's own log (content warnings, …)
CONFLICT = ("Telegram answered 409 Conflict: another process is getting updates with this bot token, "
            "or a webhook is set. Stop the other one, then start again.")


@pytest.fixture
async def api() -> AsyncIterator[FakeBotApi]:
    server = await FakeBotApi(TOKEN).start()
    yield server
    await server.stop()


async def teduh_run(api_url: str, folder: os.PathLike[str], *args: str) -> tuple[int, str, str]:
    """Run the installed `teduh run` to its end; its exit code, stdout and stderr."""
    base = {k: v for k, v in os.environ.items() if not k.startswith(("TEDUH_", "TELEGRAM_"))}
    env = {**base, "TELEGRAM_BOT_TOKEN": TOKEN, "TEDUH_BOT_API_URL": api_url, "TEDUH_SECRET": SECRET,
           "TEDUH_DB": str(os.path.join(folder, "teduh.db"))}
    process = await asyncio.create_subprocess_exec(*teduh_command(), "run", *args, cwd=folder, env=env,
                                                   stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    try:
        out, err = await asyncio.wait_for(process.communicate(), 120)
    except TimeoutError:
        process.kill()
        out, err = await process.communicate()
        raise AssertionError("teduh run did not stop:\n" + err.decode()) from None
    assert process.returncode is not None
    return process.returncode, out.decode(), err.decode()


def assert_one_clear_line(code: int, out: str, err: str, expected: str) -> None:
    assert code != 0, err
    assert "Traceback" not in out + err
    assert TOKEN not in out + err and SECRET_PART not in out + err
    lines = [line for line in err.splitlines() if line.strip() and not LOG_LINE.match(line)]
    assert lines == [expected], err  # the failure itself: one line, not a log record


async def test_a_revoked_token_says_so_in_one_line(api: FakeBotApi, tmp_path: os.PathLike[str]) -> None:
    api.refuse = 401
    assert_one_clear_line(*await teduh_run(api.url, tmp_path), REJECTED)


async def test_a_wrong_bot_api_url_says_which_setting_to_check(api: FakeBotApi, tmp_path: os.PathLike[str]) -> None:
    url = f"{api.url}/no-bot-api-here"  # the server answers 404 with an HTML page
    expected = f"The Bot API at {url} answered 404 Not Found. Check TEDUH_BOT_API_URL and TELEGRAM_BOT_TOKEN."
    assert_one_clear_line(*await teduh_run(url, tmp_path), expected)


async def test_a_malformed_token_answered_404(api: FakeBotApi, tmp_path: os.PathLike[str]) -> None:
    api.refuse = 404  # Telegram's answer to a token it cannot parse
    expected = f"The Bot API at {api.url} answered 404 Not Found. Check TEDUH_BOT_API_URL and TELEGRAM_BOT_TOKEN."
    assert_one_clear_line(*await teduh_run(api.url, tmp_path), expected)


async def test_another_poller_409_says_what_it_means(api: FakeBotApi, tmp_path: os.PathLike[str]) -> None:
    api.conflict = True
    assert_one_clear_line(*await teduh_run(api.url, tmp_path), CONFLICT)
    assert "getUpdates" in api.calls


async def test_a_revoked_token_in_webhook_mode(api: FakeBotApi, tmp_path: os.PathLike[str]) -> None:
    api.refuse = 401
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = await teduh_run(api.url, tmp_path, "--webhook-url", f"http://127.0.0.1:{port}/telegram",
                             "--listen", "127.0.0.1", "--port", str(port))
    assert_one_clear_line(*result, REJECTED)


async def test_a_webhook_port_in_use_says_so(api: FakeBotApi, tmp_path: os.PathLike[str]) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = await teduh_run(api.url, tmp_path, "--webhook-url", f"http://127.0.0.1:{port}/telegram",
                                 "--listen", "127.0.0.1", "--port", str(port))
    expected = (f"The webhook server cannot listen on 127.0.0.1:{port} (Address already in use). "
                "Check --listen and --port.")
    assert_one_clear_line(*result, expected)


def test_the_secret_part_is_masked_too_and_an_uncaught_error_is_masked(capsys: pytest.CaptureFixture[str],
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # restored after the test
    root = logging.getLogger()
    for kept in root.handlers:
        monkeypatch.setattr(kept, "filters", list(kept.filters))  # protect's filters go with the test
    handler = logging.StreamHandler()
    root.addHandler(handler)
    try:
        protect(TOKEN)
        logging.getLogger("bot").warning("GET /bot%s/getMe", TOKEN.replace(":", "%3A"))  # percent-encoded
        try:
            raise ValueError(f"The token `{TOKEN}` was rejected by the server.")
        except ValueError as error:
            sys.excepthook(type(error), error, error.__traceback__)  # what Python does with an uncaught error
    finally:
        root.removeHandler(handler)
    err = capsys.readouterr().err
    assert "GET /bot7412589630%3A<token>/getMe" in err and "The token `<token>` was rejected" in err
    assert "Traceback" in err and TOKEN not in err and SECRET_PART not in err
