"""Shared fixtures: the shipped content, a trained dialogue, and the installed `teduh` command."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from time import sleep

import pytest

from bot.config import Settings, default_content_dir
from bot.core.dialogue import Dialogue
from bot.engine import build_dialogue
from bot.library.problems import Collector
from bot.nlu.data import NluData, read_nlu_data

TESTS = Path(__file__).resolve().parent
FIXTURES = TESTS / "fixtures"
DATA = TESTS / "data"
TODAY = date(2026, 11, 24)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--network-seed", type=int, default=0, metavar="N",
                     help="train the risk model's network from seed N instead of the bot's 0, to see which tests hold "
                          "only by one draw's luck (see README, 'Telling a change from chance'); the tests that run "
                          "the installed `teduh` keep the bot's seed")


@pytest.fixture(scope="session")
def content_dir() -> Path:
    """The content the installed package ships (intents/, responses/, locales/)."""
    return default_content_dir()


@pytest.fixture(scope="session")
def settings(content_dir: Path, pytestconfig: pytest.Config) -> Settings:
    # The environment minus Teduh's own settings, as the subprocess tests get it: with the same
    # XDG_CACHE_HOME, the installed `teduh` they start loads the models this session trained.
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TEDUH_", "TELEGRAM_"))}
    settings = Settings.from_env({**env, "TEDUH_CONTENT_DIR": str(content_dir)})
    return replace(settings, network_seed=pytestconfig.getoption("network_seed"))


@pytest.fixture(scope="session")
def dialogue(settings: Settings) -> Dialogue:
    return build_dialogue(settings, TODAY)


@pytest.fixture
def content_copy(tmp_path: Path, content_dir: Path) -> Path:
    """A writable copy of the shipped content, for tests that break it."""
    target = tmp_path / "content"
    for sub in ("intents", "responses", "locales"):
        shutil.copytree(content_dir / sub, target / sub)
    return target


def teduh_command() -> list[str]:
    """The installed console script next to this interpreter (falls back to `python -m bot`)."""
    script = Path(sys.executable).parent / "teduh"
    return [str(script)] if script.exists() else [sys.executable, "-m", "bot"]


@pytest.fixture
def teduh(tmp_path: Path, dialogue: Dialogue) -> Callable[..., subprocess.CompletedProcess[str]]:
    """Run the installed `teduh` from a scratch directory, with a clean environment. After `dialogue`: the models
    are trained and cached by then, so a command's time limit never includes waiting for another process's training
    (`teduh eval`, started while the other test worker trained, timed out after 120 s)."""

    def run(*args: str, stdin: str = "", env: dict[str, str] | None = None,
            timeout: float = 120) -> subprocess.CompletedProcess[str]:
        base = {k: v for k, v in os.environ.items() if not k.startswith(("TEDUH_", "TELEGRAM_"))}
        return subprocess.run([*teduh_command(), *args], input=stdin, capture_output=True, text=True,
                              cwd=tmp_path, env={**base, **(env or {})}, timeout=timeout)

    return run


def read_edited_lexicon(content_dir: Path, tmp_path: Path, old: str, new: str,
                        key: str) -> tuple[list[str], NluData, int]:
    """The shipped intents/ with `old` replaced by `new` in lexicon.yml, read: (problems as shown, the data, the line
    of `key:` in the lexicon)."""
    intents = tmp_path / "intents"
    shutil.copytree(content_dir / "intents", intents)
    lexicon = intents / "lexicon.yml"
    text = lexicon.read_text(encoding="utf-8")
    assert old in text
    lexicon.write_text(text.replace(old, new), encoding="utf-8")
    out = Collector(tmp_path)
    data = read_nlu_data(intents, out)
    return [str(p) for p in out.problems], data, 1 + text[:text.index(f"\n{key}:") + 1].count("\n")


MIDNIGHT_MARGIN = 120  # seconds: no test that reads the real date starts closer than this to midnight (UTC)


@pytest.fixture(autouse=True)
def _real_today(request: pytest.FixtureRequest) -> None:
    """A test module that compares `teduh stats` with the real date says `REAL_TODAY = True` and keeps the date in
    TODAY (and YESTERDAY): set here as each test starts, away from midnight, so the test and the report see the
    same day. Read once at import, they went stale when a session ran across midnight."""
    module = request.module
    if not getattr(module, "REAL_TODAY", False):
        return
    now = datetime.now(timezone.utc)
    left = (datetime.combine(now.date() + timedelta(days=1), time(0), timezone.utc) - now).total_seconds()
    if left < MIDNIGHT_MARGIN:
        sleep(left + 1)
    module.TODAY = datetime.now(timezone.utc).date()
    if hasattr(module, "YESTERDAY"):
        module.YESTERDAY = module.TODAY - timedelta(days=1)
