"""Builds the parts from settings: the dialogue (validate, train, catalogs) and the store around it."""

from __future__ import annotations

import contextlib
import logging
import secrets
import sqlite3
from collections.abc import Callable
from datetime import date, datetime, timezone
from pathlib import Path

from bot import memory
from bot.config import Settings
from bot.core.dialogue import Dialogue
from bot.library.catalogs import Catalogs
from bot.library.problems import ContentError
from bot.library.validate import load_content
from bot.nlu import model_cache
from bot.nlu.pipeline import Nlu
from bot.report import figures as report
from bot.report import formats as report_format
from bot.report.names import Names
from bot.store.database import Store
from bot.store.pseudonym import Pseudonyms, local_secret

log = logging.getLogger(__name__)


def build_dialogue(settings: Settings, today: date | None = None) -> Dialogue:
    """A ready dialogue, or ContentError listing every error in the content (as `teduh validate` shows them)."""
    content = load_content(settings.content_dir, today or date.today())
    if content.errors or content.catalogs is None:
        raise ContentError(content.errors)
    for warning in content.problems:
        log.warning("%s", warning)
    trained = model_cache.trainings
    nlu = Nlu(content.nlu, settings.confidence_threshold, settings.cache_dir, settings.network_seed)
    dialogue = Dialogue(content.library, nlu, content.catalogs)
    memory.settle(trained=model_cache.trainings > trained)
    return dialogue


def local_secret_path(settings: Settings) -> Path:
    """Where the terminal keeps its secret when TEDUH_SECRET is unset: `<TEDUH_DB>.secret`."""
    return settings.db_path.with_name(settings.db_path.name + ".secret")


def pseudonyms_for(settings: Settings) -> Pseudonyms:
    """TEDUH_SECRET, else (terminal only) a local secret kept next to the database, owner-only.

    ConfigError if that file is damaged or exposed; a folder where it cannot be kept costs only
    stable pseudonyms (a warning, then a secret for this run).
    """
    if settings.secret:
        return Pseudonyms(settings.secret)
    path = local_secret_path(settings)
    try:
        return Pseudonyms(local_secret(path))
    except OSError as exc:
        log.warning("cannot keep a local secret in %s (%s); pseudonyms last for this run only", path, exc)
        return Pseudonyms(secrets.token_urlsafe(48))


async def open_store(settings: Settings) -> Store:
    """The store at TEDUH_DB. Without TEDUH_SECRET the local secret is checked first, so a damaged
    or exposed one stops the start (ConfigError) before the database is touched."""
    if not settings.secret:
        with contextlib.suppress(OSError):  # pseudonyms_for warns about it
            local_secret(local_secret_path(settings))
    return await Store.open(settings.db_path, settings.retention_days)


def stats_summary(settings: Settings, catalogs: Catalogs) -> Callable[[str], str]:
    """The operators' /stats: the last 7 whole days (at most the retention period), read-only, in the
    operator's language. Titles are read when asked (a rare command), so start-up does not pay for
    them and an edit that /reload took in shows at once."""
    days = min(7, settings.retention_days)

    def summary(lang: str) -> str:
        tr = catalogs.for_lang(lang)
        names = Names.load(settings.responses_dir)
        try:
            rep = report.build(settings.db_path, datetime.now(timezone.utc).date(), days,
                               kept_days=settings.retention_days)
        except sqlite3.Error as exc:
            log.warning("/stats: cannot read the database (%s)", exc)
            return tr.gettext("Statistics are not available right now.")
        return report_format.summary(rep, tr, lang, names)

    return summary
