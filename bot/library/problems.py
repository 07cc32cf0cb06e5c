"""Problems found in maintainer-edited files, printed as `path:line: severity: message`."""

from __future__ import annotations

from dataclasses import dataclass
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
