"""Placeholders left to fill in: every `TODO` line that `teduh new-topic` wrote and nobody replaced yet.

In `intents/` and `responses/` a placeholder is an error (the bot would say it, or learn from it);
in the held-out files a warning here, and an error for `teduh eval`, which cannot measure on it.
Comment lines are skipped, so a file's header may explain what to write.
"""

from __future__ import annotations

import re
from pathlib import Path

from bot.library.heldout import TEST_GLOB, heldout_dir
from bot.library.problems import Collector

TODO_RE = re.compile(r"\bTODO\b:?\s*(.*)")


def placeholders(path: Path) -> list[tuple[int, str]]:
    """(line number, what the placeholder asks for) for every TODO outside a comment."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return []  # the YAML loader reports a file it cannot read
    if "TODO" not in text:
        return []
    lines = text.splitlines()
    found = []
    for number, line in enumerate(lines, start=1):
        if line.lstrip().startswith("#"):
            continue
        if m := TODO_RE.search(line):
            found.append((number, m.group(1).strip().strip("\"'") or "fill this in"))
    return found


def _report(path: Path, out: Collector, error: bool) -> None:
    for line, ask in placeholders(path):
        message = f"placeholder not filled in: {ask} (replace the whole TODO line)"
        (out.error if error else out.warning)(path, line, message)


def check(content_dir: Path, out: Collector) -> None:
    """Errors for placeholders in intents/ and responses/, warnings for those in the held-out files."""
    for sub in ("intents", "responses"):
        for path in sorted((content_dir / sub).rglob("*.yml")):
            _report(path, out, error=True)
    folder = heldout_dir(content_dir)
    if folder is not None:
        for path in sorted(folder.glob(TEST_GLOB)):
            _report(path, out, error=False)


def check_heldout(folder: Path, out: Collector) -> None:
    """For `teduh eval`: a held-out placeholder is an error (it would be measured as a message)."""
    for path in sorted(folder.glob(TEST_GLOB)):
        _report(path, out, error=True)
