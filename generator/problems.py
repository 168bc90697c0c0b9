"""Problems found in sources or templates: collected, sorted and printed, never raised."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong at one place; `line` and `column` count from 1 (0: unknown)."""

    path: str
    line: int
    column: int
    severity: str
    message: str
    hint: str = ""

    def format(self) -> str:
        """Render as `path:line:col: severity: message (hint)`, as compilers do."""
        where = self.path
        if self.line:
            where += f":{self.line}:{self.column or 1}"
        text = f"{where}: {self.severity}: {self.message}"
        return f"{text} ({self.hint})" if self.hint else text

    def as_dict(self) -> dict:
        """Return the problem as plain data, for JSON output."""
        return dataclasses.asdict(self)


@dataclass(frozen=True)
class Mark:
    """A place in a source file."""

    path: str
    line: int = 0
    column: int = 0


class Problems:
    """An ordered collection of problems, filled by every stage of the pipeline."""

    def __init__(self) -> None:
        self.items: list[Problem] = []

    def add(self, mark: Mark, message: str, hint: str = "", severity: str = ERROR) -> None:
        """Record a problem at `mark`; a problem is one line, whatever text it quotes."""
        message, hint = " ".join(message.split()), " ".join(hint.split())
        self.items.append(Problem(mark.path, mark.line, mark.column, severity, message, hint))

    @classmethod
    def of(cls, mark: Mark, message: str, hint: str = "") -> "Problems":
        """A collection holding one error."""
        problems = cls()
        problems.add(mark, message, hint)
        return problems

    def warn(self, mark: Mark, message: str, hint: str = "") -> None:
        """Record a warning at `mark`."""
        self.add(mark, message, hint, WARNING)

    @property
    def errors(self) -> list[Problem]:
        """The problems that stop a build."""
        return [p for p in self.items if p.severity == ERROR]

    def failed(self, strict: bool = False) -> bool:
        """True when the build must stop: any error, or any problem at all under --strict."""
        return bool(self.items) if strict else bool(self.errors)

    def sorted(self) -> list[Problem]:
        """Every problem once, sorted by file, line and column."""
        return sorted(set(self.items))

