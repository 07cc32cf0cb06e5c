"""Settings read once from the environment at start, never at import."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


class ConfigError(Exception):
    """One or more settings are missing or invalid; names every one (one problem: one line)."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        sep = " " if len(problems) == 1 else "\n  "
        super().__init__("configuration error:" + "".join(sep + p for p in problems))


def default_content_dir() -> Path:
    """The content shipped with the package (wheel), else the source checkout."""
    shipped = PACKAGE_DIR / "_content"
    if (shipped / "responses").is_dir():
        return shipped
    return PACKAGE_DIR.parent


MIN_SECRET_LENGTH = 32


@dataclass(frozen=True)
class AlertThresholds:
    """When `teduh stats --check` reports a rise (README, "Alerts"): the latest count (or rate) must be at
    least `min_count`, at least `ratio` times the usual, and `spreads` spreads above it, the usual being
    what the `weeks` weeks before showed."""

    weeks: int = 4  # TEDUH_ALERT_WEEKS: weeks of history the latest day and week are compared with
    min_count: int = 10  # TEDUH_ALERT_MIN_COUNT: fewer events than this never alarm
    spreads: float = 3.0  # TEDUH_ALERT_SPREADS: how far above the usual, in spreads
    ratio: float = 1.5  # TEDUH_ALERT_RATIO: how many times the usual, at least


def _number(env: Mapping[str, str], name: str, default: float, valid: Callable[[float], bool], rule: str,
            problems: list[str]) -> float:
    """A float setting; a bad value adds a problem naming the variable and returns the default."""
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        problems.append(f"{name}: {raw!r} is not a number")
        return default
    if not valid(value):
        problems.append(f"{name}: {rule}")
        return default
    return value


@dataclass(frozen=True)
class Settings:
    content_dir: Path
    telegram_token: str | None
    confidence_threshold: float
    db_path: Path = Path("teduh.db")
    secret: str | None = None  # TEDUH_SECRET; required (>= 32 characters) for Telegram
    retention_days: int = 180
    operators: frozenset[str] = frozenset()  # Telegram user ids allowed to use /stats and /reload
    bot_api_url: str | None = None  # a self-hosted (or, in tests, fake) Bot API server
    send_rate: float = 30.0  # messages per second to Telegram overall (its limit); raised only to benchmark
    cache_dir: Path | None = None  # trained models, keyed by what they were trained from; None: always train
    alerts: AlertThresholds = AlertThresholds()  # `teduh stats --check`
    network_seed: int = 0  # the risk model's network; another only to measure chance (`teduh eval --network-seed`)

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

        threshold = _number(env, "TEDUH_CONFIDENCE_THRESHOLD", 0.35, lambda x: 0.0 <= x <= 1.0,
                            "must be between 0 and 1", problems)

        db_path = Path(env.get("TEDUH_DB", "").strip() or "teduh.db").expanduser()

        secret = env.get("TEDUH_SECRET", "").strip() or None
        if secret is not None and len(secret) < MIN_SECRET_LENGTH:
            problems.append(f"TEDUH_SECRET: must be at least {MIN_SECRET_LENGTH} characters (it has {len(secret)})")
        elif secret is None and token is not None:
            problems.append("TEDUH_SECRET: required for the Telegram channel (a random string of "
                            f"{MIN_SECRET_LENGTH}+ characters, e.g. from `python -c \"import secrets; "
                            "print(secrets.token_urlsafe(48))\"`)")

        retention = 180
        raw_retention = env.get("TEDUH_RETENTION_DAYS", "").strip()
        if raw_retention:
            if raw_retention.isdigit() and int(raw_retention) >= 1:
                retention = int(raw_retention)
            else:
                problems.append(f"TEDUH_RETENTION_DAYS: {raw_retention!r} is not a whole number of days >= 1")

        operators = frozenset(env.get("TEDUH_OPERATORS", "").replace(",", " ").split())
        bad = sorted(o for o in operators if not o.isdigit())
        if bad:
            problems.append(f"TEDUH_OPERATORS: not Telegram user ids: {', '.join(bad)}")

        api_url = env.get("TEDUH_BOT_API_URL", "").strip().rstrip("/") or None
        if api_url is not None and not api_url.startswith(("http://", "https://")):
            problems.append(f"TEDUH_BOT_API_URL: {api_url!r} is not an http(s) URL")

        send_rate = _number(env, "TEDUH_SEND_RATE", 30.0, lambda x: x > 0, "must be above 0", problems)

        raw_cache = env.get("TEDUH_CACHE_DIR", "").strip()
        xdg_cache = env.get("XDG_CACHE_HOME", "").strip()
        cache_dir = Path(raw_cache).expanduser() if raw_cache else (
            (Path(xdg_cache) if xdg_cache else Path.home() / ".cache") / "teduh")

        alerts = _alert_thresholds(env, retention, problems)

        if problems:
            raise ConfigError(problems)
        return cls(content_dir=content_dir, telegram_token=token, confidence_threshold=threshold,
                   db_path=db_path, secret=secret, retention_days=retention, operators=operators,
                   bot_api_url=api_url, send_rate=send_rate, cache_dir=cache_dir, alerts=alerts)


def _alert_thresholds(env: Mapping[str, str], retention_days: int, problems: list[str]) -> AlertThresholds:
    """TEDUH_ALERT_*; the weeks compared (and the latest week) must lie within the retention period."""
    default = AlertThresholds()
    known = len(problems)
    weeks = _number(env, "TEDUH_ALERT_WEEKS", default.weeks, lambda x: x.is_integer() and x >= 2,
                    "must be a whole number of weeks, 2 or more", problems)
    chosen = env.get("TEDUH_ALERT_WEEKS", "").strip() and len(problems) == known  # set, and valid
    if chosen and (weeks + 1) * 7 > retention_days:  # by default the check compares what retention keeps
        problems.append(f"TEDUH_ALERT_WEEKS: {weeks:g} weeks before the latest week need {(weeks + 1) * 7:g} days "
                        f"of history, more than TEDUH_RETENTION_DAYS ({retention_days}) keeps")
    min_count = _number(env, "TEDUH_ALERT_MIN_COUNT", default.min_count, lambda x: x.is_integer() and x >= 1,
                        "must be a whole number, 1 or more", problems)
    spreads = _number(env, "TEDUH_ALERT_SPREADS", default.spreads, lambda x: x >= 0, "must be 0 or more", problems)
    ratio = _number(env, "TEDUH_ALERT_RATIO", default.ratio, lambda x: x >= 1, "must be 1 or more", problems)
    return AlertThresholds(int(weeks), int(min_count), spreads, ratio)
