"""Filling in what `teduh new-topic` leaves as TODO, as a maintainer would (for the tests)."""

from __future__ import annotations

import re
from pathlib import Path

TODO_VALUE = re.compile(r'"?TODO\b[^\n]*')


def fill_examples(path: Path, examples: list[str]) -> None:
    """Replace the TODO example lines of a generated intent or held-out stub with `examples`."""
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    first = next(i for i, line in enumerate(lines) if "TODO" in line and not line.lstrip().startswith("#"))
    indent = lines[first][:len(lines[first]) - len(lines[first].lstrip())]
    rest = [line for line in lines[first:] if "TODO" not in line]
    path.write_text("\n".join(lines[:first] + [f"{indent}- {e}" for e in examples] + rest) + "\n", encoding="utf-8")


def fill_response(path: Path, texts: list[str]) -> None:
    """Replace each TODO value of a generated response, in order, with the next of `texts`."""
    values = iter(texts)
    lines = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.lstrip().startswith("#") and "TODO" in line:
            line = TODO_VALUE.sub(lambda m: f'"{next(values)}"' if m.group(0).startswith('"') else next(values), line)
        lines.append(line)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
