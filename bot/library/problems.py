"""Problems found in maintainer-edited files, printed as `path:line: severity: message`."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from difflib import get_close_matches
from enum import Enum
from pathlib import Path


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    severity: Severity
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.severity.value}: {self.message}"


class ContentError(Exception):
    """Raised once, after loading, with every error found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class Collector:
    """Collects problems for one load; paths are shown relative to a base folder."""

    def __init__(self, base: Path) -> None:
        self.base = base
        self.problems: list[Problem] = []

    def rel(self, path: Path) -> str:
        try:
            return str(path.relative_to(self.base))
        except ValueError:
            return str(path)

    def error(self, path: Path, line: int, message: str) -> None:
        self.problems.append(Problem(self.rel(path), line, Severity.ERROR, message))

    def warning(self, path: Path, line: int, message: str) -> None:
        self.problems.append(Problem(self.rel(path), line, Severity.WARNING, message))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]


def closest(name: str, known: Iterable[str]) -> str | None:
    """The known name `name` is most likely a misspelling of, if any is close enough."""
    by_lower = {k.lower(): k for k in sorted(set(known), reverse=True)}
    found = get_close_matches(name.lower(), sorted(by_lower), n=1, cutoff=0.6)
    return by_lower[found[0]] if found else None


def did_you_mean(name: str, known: Iterable[str]) -> str:
    """`: did you mean 'x'?` for a misspelt name, else an empty string."""
    guess = closest(name, known)
    return f": did you mean '{guess}'?" if guess else ""
