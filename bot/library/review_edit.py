"""Rewrites one response's `review:` block in place, leaving every other character of the file as it was.

Only the values of `status`, `by` and `on` change (a missing `by` or `on` is added inside the
block), so comments, layout and the other responses stay untouched and a diff shows one line.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from bot.library import yamlsrc
from bot.library.approvals import write_atomically


class EditError(Exception):
    """The review block could not be rewritten safely; the file is unchanged."""


def set_review(path: Path, response_id: str, status: str, by: str | None, on: date | None) -> None:
    """Set the review block of `response_id` in `path` to these values, or raise EditError."""
    text = path.read_text(encoding="utf-8")
    review = _review_node(yaml.compose(text, Loader=yaml.SafeLoader), response_id, path)
    values = {"status": status, "by": json.dumps(by, ensure_ascii=False) if by is not None else "null",
              "on": on.isoformat() if on is not None else "null"}
    offsets = _line_offsets(text)
    edits: list[tuple[int, int, str]] = []
    present = {key.value: (key, value) for key, value in review.value}
    for name, new in values.items():
        if name in present:
            value = present[name][1]
            edits.append((_at(offsets, value.start_mark), _at(offsets, value.end_mark), new))
        elif review.flow_style:
            end = _at(offsets, review.end_mark) - 1  # the closing brace
            edits.append((end, end, f", {_key(name)}: {new}"))
        else:
            last = review.value[-1][1]
            line_end = text.find("\n", _at(offsets, last.end_mark))
            at = len(text) if line_end < 0 else line_end
            edits.append((at, at, f"\n{' ' * review.value[0][0].start_mark.column}{_key(name)}: {new}"))
    for start, end, new in sorted(edits, reverse=True):
        text = text[:start] + new + text[end:]
    _verify(path, text, response_id, {"status": status, "by": by, "on": on})
    write_atomically(path, text)


def _key(name: str) -> str:
    return '"on"' if name == "on" else name  # `on` unquoted is a boolean to YAML 1.1 tools


def _line_offsets(text: str) -> list[int]:
    starts = [0]
    starts.extend(i + 1 for i, ch in enumerate(text) if ch == "\n")
    return starts


def _at(offsets: list[int], mark: Any) -> int:
    """A mark's character offset from its line and column (the same whichever parser made it)."""
    return int(offsets[mark.line] + mark.column)


def _review_node(root: yaml.Node | None, response_id: str, path: Path) -> yaml.MappingNode:
    items = _get(root, "responses")
    if isinstance(items, yaml.SequenceNode):
        for item in items.value:
            rid = _get(item, "id")
            if isinstance(rid, yaml.ScalarNode) and rid.value == response_id:
                review = _get(item, "review")
                if isinstance(review, yaml.MappingNode) and review.value:
                    return review
                raise EditError(f"{path}: {response_id}: its review block is not a mapping "
                                "(write 'review: {status: draft, by: null, \"on\": null}')")
    raise EditError(f"{path}: no response with id {response_id}")


def _get(node: yaml.Node | None, key: str) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            if k.value == key:
                return v
    return None


def _verify(path: Path, text: str, response_id: str, expected: dict[str, Any]) -> None:
    """The edited file reads back the same as before except for this one review block."""
    def read(body: str) -> Any:
        loader = yamlsrc.ContentLoader(body)
        try:
            return loader.get_single_data()
        except yaml.YAMLError as exc:
            raise EditError(f"{path}: the edit would break the file ({exc}); nothing was changed") from None
        finally:
            loader.dispose()

    before, after = read(path.read_text(encoding="utf-8")), read(text)
    reviews = []
    for data in (before, after):
        item = next(x for x in data["responses"] if isinstance(x, dict) and x.get("id") == response_id)
        reviews.append(item.pop("review"))
    if before != after or {k: reviews[1].get(k) for k in expected} != expected:
        raise EditError(f"{path}: could not rewrite the review block of {response_id} safely; nothing was changed")
