"""Builds the dialogue from a content folder: validate, train, load catalogs."""

from __future__ import annotations

import logging
from datetime import date

from bot.config import Settings
from bot.dialogue import Dialogue
from bot.i18n import Catalogs
from bot.nlu.pipeline import Nlu
from bot.problems import ContentError, Severity
from bot.validate import validate

log = logging.getLogger(__name__)


def build_dialogue(settings: Settings, today: date | None = None) -> Dialogue:
    """A ready dialogue, or ContentError listing every error in the content."""
    problems, library, data = validate(settings.content_dir, today or date.today())
    errors = [p for p in problems if p.severity is Severity.ERROR]
    if errors:
        raise ContentError(errors)
    for warning in problems:
        log.warning("%s", warning)
    return Dialogue(library, Nlu(data, settings.confidence_threshold), Catalogs(settings.locales_dir))
