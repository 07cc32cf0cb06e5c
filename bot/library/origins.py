"""Where each response came from, and what a file or item with errors defined.

The checks that look across files use it to point at the line of a key (`buttons:`, a
line of `text:`), and to stay quiet about a name that was defined but could not be
loaded: its own error is enough, so a response missing its English text is reported
once, not also as "button to unknown response" and "intent has no response".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.library import yamlsrc

_ID = re.compile(r"""^\s*(?:-\s+)?id:\s*["']?([a-z0-9_.]+)""", re.MULTILINE)
_INTENT = re.compile(r"""^\s*(?:-\s+)?intent:\s*["']?([a-z0-9_]+)""", re.MULTILINE)


@dataclass
class Origins:
    responses: dict[str, tuple[yamlsrc.Source, yamlsrc.Key]] = field(default_factory=dict)
    broken_ids: set[str] = field(default_factory=set)  # response and hotline ids defined with errors
    broken_intents: set[str] = field(default_factory=set)  # intents of responses defined with errors
    broken_files: set[Path] = field(default_factory=set)  # files that could not be parsed at all

    def note(self, src: yamlsrc.Source, kind: str, items: list[Any], read: list[Any]) -> None:
        """Remember the items of one file: where each loaded response is, the names of those that failed."""
        for i, (item, loaded) in enumerate(zip(items, read, strict=True)):
            if loaded is not None:
                if kind == "responses":
                    self.responses.setdefault(loaded.id, (src, (kind, i)))
            elif isinstance(item, dict):
                if isinstance(item.get("id"), str):
                    self.broken_ids.add(item["id"])
                if kind == "responses" and isinstance(item.get("intent"), str):
                    self.broken_intents.add(item["intent"])

    def unparsed(self, path: Path) -> None:
        """A file YAML could not parse: the ids and intents it seems to define are taken as defined."""
        self.broken_files.add(path)
        try:
            if path.stat().st_size > yamlsrc.MAX_BYTES:
                return
            text = path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return
        self.broken_ids.update(_ID.findall(text))
        self.broken_intents.update(_INTENT.findall(text))

    def line(self, response_id: str, *key: str | int) -> int | None:
        """The line of `key` in a loaded response (the nearest enclosing key that has one)."""
        if response_id not in self.responses:
            return None
        src, prefix = self.responses[response_id]
        return src.line(*prefix, *key)

    def find(self, response_id: str, fragment: str, *key: str | int) -> int | None:
        """The first line from `key`'s on that contains `fragment`: a line inside a `|` text block."""
        if response_id not in self.responses:
            return None
        src, prefix = self.responses[response_id]
        return src.find(fragment, *prefix, *key)
