"""YAML syntax errors in plain words, at the line to edit.

The parser's own words ("did not find expected key", "mapping values are not allowed in
this context") tell a maintainer little, and its line is sometimes the line after the
mistake. `explain` looks at the text around the error and says what is wrong there.
"""

from __future__ import annotations

import re

_INDENT = ("did not find expected key", "did not find expected '-' indicator", "expected <block end>",
           "mapping values are not allowed")
_KEY_VALUE = re.compile(r"^\s*(?:- )?[\w\"'.-]+:\s+(.*)$")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _content_above(lines: list[str], n: int) -> int | None:
    """The 0-based index of the nearest line above `n` that holds something (not blank, not a comment)."""
    k = n - 1
    while k >= 0 and (not lines[k].strip() or lines[k].lstrip().startswith("#")):
        k -= 1
    return k if k >= 0 else None


def _tab(lines: list[str], upto: int) -> int | None:
    """The 0-based index of the first line up to `upto` indented with a tab."""
    for k, line in enumerate(lines[:upto + 1]):
        if "\t" in line[:len(line) - len(line.lstrip())]:
            return k
    return None


def _indentation(lines: list[str], n: int, problem: str) -> str:
    value = _KEY_VALUE.match(lines[n])
    if "mapping values" in problem and value and ": " in value.group(1):
        return "the text after the key contains ': ': put the whole text in quotes"
    above = _content_above(lines, n)
    here = _indent(lines[n])
    if above is None:
        return "this line is indented, but nothing above it is: move it to the left edge" if here else problem
    there = _indent(lines[above])
    side = "more" if here > there else "less" if here < there else "differently"
    return (f"this line is indented {side} than the one above it ({here} spaces here, {there} on line "
            f"{above + 1}): line it up with the keys it belongs with, using spaces")


def explain(text: str, problem: str, problem_line: int, context: str, context_line: int | None) -> tuple[int, str]:
    """The 1-based line to edit and what is wrong there, from a parser error (1-based lines)."""
    lines = text.splitlines() or [""]
    n = min(max(problem_line, 1), len(lines)) - 1
    if (tab := _tab(lines, n)) is not None:
        return tab + 1, "a tab character: indent with spaces (YAML does not allow tabs at the start of a line)"
    start = (context_line or problem_line) - 1
    if "quoted scalar" in context:
        return start + 1, "a quote opened on this line is never closed: end the text with the same quote mark"
    if "flow" in context and 0 <= start < len(lines):
        if lines[start].count('"') % 2:
            return start + 1, ('this line has an odd number of quote marks ("): close the text\'s quotes, or use '
                               "single quotes around a text that contains a \"")
        return start + 1, "a { … } or [ … ] on this line is not closed, or its items are not separated by commas"
    if "could not find expected ':'" in problem and 0 <= start < len(lines):
        return start + 1, "this line has no ':' after its key: write 'key: value' (or start a list item with '- ')"
    if any(p in problem for p in _INDENT):
        return n + 1, _indentation(lines, n, problem)
    return problem_line, problem
