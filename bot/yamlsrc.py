"""YAML loading that remembers the line of every value, for `path:line` messages."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import re

import yaml

from bot.problems import Collector

Key = tuple[str | int, ...]


class ContentLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """SafeLoader (libyaml's when PyYAML has it: several times faster) with YAML 1.2 booleans:
    only true/false, so keys like `on`, `yes`, `no` stay text."""


ContentLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
ContentLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))


@dataclass
class Source:
    """A parsed YAML file: its data and the 1-based line of each value by key path."""

    path: Path
    data: Any
    lines: dict[Key, int] = field(default_factory=dict)

    def line(self, *key: str | int) -> int:
        """Line of the value at `key`, else of the nearest parent that has one."""
        k: Key = tuple(key)
        while k:
            if k in self.lines:
                return self.lines[k]
            k = k[:-1]
        return self.lines.get((), 1)


def _walk(node: yaml.Node, key: Key, src: Source, out: Collector) -> None:
    src.lines[key] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for k_node, v_node in node.value:
            name = str(k_node.value)
            if name in seen:
                out.error(src.path, k_node.start_mark.line + 1, f"duplicate key '{name}'")
            seen.add(name)
            _walk(v_node, key + (name,), src, out)
            src.lines[key + (name,)] = k_node.start_mark.line + 1  # point at the key, not its value
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _walk(item, key + (i,), src, out)


def load(path: Path, out: Collector) -> Source | None:
    """Parse `path`; on a syntax error record it with its line and return None."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        out.error(path, 1, f"cannot read file: {exc}")
        return None
    try:
        node = yaml.compose(text, Loader=ContentLoader)
        src = Source(path, None)
        if node is None:
            return src
        _walk(node, (), src, out)
        loader = ContentLoader(text)
        try:
            src.data = loader.construct_document(node)
        finally:
            loader.dispose()
        return src
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        what = exc.problem or exc.context or "invalid YAML"
        out.error(path, line, f"YAML syntax: {what}")
        return None
    except yaml.YAMLError as exc:
        out.error(path, 1, f"YAML syntax: {exc}")
        return None


def dash_lines(block: str, first: int, path: Path, out: Collector, label: str) -> list[tuple[str, int]]:
    """The `- ` lines of a `|` block starting on line `first`, as (text, line); other lines are errors."""
    found = []
    for n, raw in enumerate(block.splitlines()):
        text = raw.strip()
        if not text:
            continue
        if not text.startswith("- ") or not text[2:].strip():
            out.error(path, first + n, f"{label}: each line must start with '- '")
            continue
        found.append((text[2:].strip(), first + n))
    return found
