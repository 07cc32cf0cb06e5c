"""YAML loading that remembers the line of every value, for `path:line` messages.

Content files are written by hand and read by the running bot (`/reload`), so the
loader refuses what only a hostile or broken file needs: anchors and aliases (an
alias bomb expands a few lines into billions of values; a self-referencing alias
never ends), nesting deeper than `MAX_DEPTH`, files over `MAX_BYTES`, and values
that cannot be built (a date like 2026-13-01) are errors at their line.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.resolver import Resolver

from bot.library.problems import Collector
from bot.library.yaml_errors import explain

Key = tuple[str | int, ...]

MAX_BYTES = 1_000_000  # per content file; the largest shipped one is about 110 kB
MAX_DEPTH = 32  # nesting levels; the content needs 6
ALIASES_REFUSED = ("YAML anchors and aliases (&name, *name) are not allowed in content files; "
                   "write the value out")

try:
    from yaml.cyaml import CParser as _Parser  # libyaml's parser: several times faster
except ImportError:  # PyYAML built without libyaml
    from yaml.parser import Parser
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    class _Parser(Reader, Scanner, Parser):  # type: ignore[no-redef]
        def __init__(self, stream: str) -> None:
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            Parser.__init__(self)


class Refused(yaml.MarkedYAMLError):
    """Well-formed YAML that a content file may not contain, with its position."""


class ContentLoader(Composer, _Parser, SafeConstructor, Resolver):  # type: ignore[misc]
    """A safe loader over libyaml's parser whose composer refuses anchors, aliases and deep
    nesting as it meets them (one pass, no expansion), with YAML 1.2 booleans: only
    true/false, so keys like `on`, `yes`, `no` stay text."""

    def __init__(self, stream: str) -> None:
        _Parser.__init__(self, stream)
        Composer.__init__(self)
        SafeConstructor.__init__(self)
        Resolver.__init__(self)
        self._depth = 0

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node:
        """Composer.compose_node, less aliases and path resolvers (unused here), with a depth limit."""
        event = self.peek_event()
        if event.anchor is not None:  # an anchor (&name) or an alias (*name)
            raise Refused(None, None, ALIASES_REFUSED, event.start_mark)
        if self._depth >= MAX_DEPTH:
            raise Refused(None, None, f"nested more than {MAX_DEPTH} levels deep", event.start_mark)
        self._depth += 1
        if isinstance(event, yaml.ScalarEvent):
            node = self.compose_scalar_node(None)
        elif isinstance(event, yaml.SequenceStartEvent):
            node = self.compose_sequence_node(None)
        else:
            node = self.compose_mapping_node(None)
        self._depth -= 1
        return node


def _marked(construct: Callable[[SafeConstructor, yaml.Node], Any]) -> Callable[[SafeConstructor, yaml.Node], Any]:
    """A scalar constructor whose ValueError (2026-02-30, an integer of 5,000 digits) names the value's line."""

    def marked(loader: SafeConstructor, node: yaml.Node) -> Any:
        try:
            return construct(loader, node)
        except (ValueError, OverflowError) as exc:
            raise Refused(None, None, f"invalid value: {exc}", node.start_mark) from None

    return marked


for _tag in ("int", "float", "timestamp"):
    ContentLoader.add_constructor(f"tag:yaml.org,2002:{_tag}",
                                  _marked(SafeConstructor.yaml_constructors[f"tag:yaml.org,2002:{_tag}"]))
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
    text: str = ""  # the file as read, for messages that point inside a value (a line of a `|` block)

    def find(self, fragment: str, *key: str | int) -> int:
        """The first line at or after the line of `key` that contains `fragment`, else the line of `key`."""
        start = self.line(*key)
        for n, line in enumerate(self.text.splitlines()[start - 1:], start):
            if fragment in line:
                return n
        return start

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


def _read(path: Path, out: Collector) -> str | None:
    """The file's text, unless it cannot be read or is larger than MAX_BYTES."""
    try:
        with path.open("rb") as fh:
            raw = fh.read(MAX_BYTES + 1)
            size = max(os.fstat(fh.fileno()).st_size, len(raw))
        if len(raw) > MAX_BYTES:
            out.error(path, 1, f"file is {size:,} bytes; a content file may be at most {MAX_BYTES:,} bytes: "
                               "split it into smaller files")
            return None
        return raw.decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        out.error(path, 1, f"cannot read file: {exc}")
        return None


def load(path: Path, out: Collector) -> Source | None:
    """Parse `path`; on a syntax error or a refused construct record it with its line and return None."""
    text = _read(path, out)
    if text is None:
        return None
    loader = ContentLoader(text)
    try:
        node = loader.get_single_node()
        src = Source(path, None, text=text)
        if node is None:
            return src
        _walk(node, (), src, out)
        src.data = loader.construct_document(node)
        return src
    except Refused as exc:
        out.error(path, exc.problem_mark.line + 1 if exc.problem_mark else 1, str(exc.problem))
        return None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, what = explain(text, exc.problem or exc.context or "invalid YAML", mark.line + 1 if mark else 1,
                             exc.context or "", exc.context_mark.line + 1 if exc.context_mark else None)
        out.error(path, line, f"YAML syntax: {what}")
        return None
    except yaml.YAMLError as exc:
        out.error(path, 1, f"YAML syntax: {exc}")
        return None
    finally:
        loader.dispose()


def dash_lines(block: str, first: int, path: Path, out: Collector, label: str) -> list[tuple[str, int]]:
    """The `- ` lines of a `|` block starting on line `first`, as (text, line); other lines are errors."""
    lines = [raw.strip() for raw in block.splitlines()]  # comprehensions: the risk corpus has 31,000 lines
    found = [(text[2:].strip(), first + n) for n, text in enumerate(lines) if text]
    if all(text for text, _ in found) and all(line.startswith("- ") for line in lines if line):
        return found
    for n, text in enumerate(lines):
        if text and (not text.startswith("- ") or not text[2:].strip()):
            out.error(path, first + n, f"{label}: each line must start with '- '")
    return [(text[2:].strip(), first + n) for n, text in enumerate(lines) if text.startswith("- ") and text[2:].strip()]
