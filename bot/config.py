"""Settings read once from the environment at start, never at import."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


class ConfigError(Exception):
    """One or more environment variables are missing or invalid; names every one."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("configuration error:\n" + "\n".join(f"  {p}" for p in problems))


def default_content_dir() -> Path:
    """The content shipped with the package (wheel), else the source checkout."""
    shipped = PACKAGE_DIR / "_content"
    if (shipped / "responses").is_dir():
        return shipped
    return PACKAGE_DIR.parent


@dataclass(frozen=True)
class Settings:
    content_dir: Path
    telegram_token: str | None
    confidence_threshold: float

    @property
    def intents_dir(self) -> Path:
        return self.content_dir / "intents"

    @property
    def responses_dir(self) -> Path:
        return self.content_dir / "responses"

    @property
    def locales_dir(self) -> Path:
        return self.content_dir / "locales"

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        """Build settings from `env` (default: os.environ); raise ConfigError listing all problems."""
        env = os.environ if env is None else env
        problems: list[str] = []

        raw_dir = env.get("TEDUH_CONTENT_DIR", "").strip()
        content_dir = Path(raw_dir).expanduser().resolve() if raw_dir else default_content_dir()
        for sub in ("intents", "responses", "locales"):
            if not (content_dir / sub).is_dir():
                problems.append(f"TEDUH_CONTENT_DIR: {content_dir} has no {sub}/ folder")

        token = env.get("TELEGRAM_BOT_TOKEN", "").strip() or None
        if token is not None and ":" not in token:
            problems.append("TELEGRAM_BOT_TOKEN: does not look like a bot token (expected '<id>:<secret>')")

        threshold = 0.35
        raw_threshold = env.get("TEDUH_CONFIDENCE_THRESHOLD", "").strip()
        if raw_threshold:
            try:
                threshold = float(raw_threshold)
            except ValueError:
                problems.append(f"TEDUH_CONFIDENCE_THRESHOLD: {raw_threshold!r} is not a number")
            else:
                if not 0.0 <= threshold <= 1.0:
                    problems.append("TEDUH_CONFIDENCE_THRESHOLD: must be between 0 and 1")

        if problems:
            raise ConfigError(problems)
        return cls(content_dir=content_dir, telegram_token=token, confidence_threshold=threshold)
