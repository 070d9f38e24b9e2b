"""The project's own exceptions: the CLI catches CjkgError once and exits with its code."""

from __future__ import annotations

from dataclasses import dataclass, field


class CjkgError(Exception):
    """Base of every error the toolchain raises on purpose."""

    exit_code = 1


@dataclass(frozen=True, order=True)
class Problem:
    """One defect in the curated sources, located so that a curator can go straight to it."""

    file: str
    line: int
    record: str
    field: str
    message: str
    unreadable: bool = field(default=False, compare=False)
    """The file (or part of it) could not be read at all: reported first, since its records are
    missing from every other check."""

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        what = []
        if self.record:
            what.append(f"record '{self.record}'")
        if self.field:
            what.append(f"field '{self.field}'")
        return f"{where}: {', '.join(what) + ': ' if what else ''}{self.message}"


class CurationError(CjkgError):
    """The curated sources are invalid; carries every problem found, not only the first."""

    exit_code = 2

    def __init__(self, problems: list[Problem], notes: list[str] | None = None):
        self.problems = sorted(problems, key=lambda p: (not p.unreadable, p))
        self.notes = list(notes or [])
        n = len(self.problems)
        lines = "\n".join([*(f"  {p}" for p in self.problems), *(f"  ({note})" for note in self.notes)])
        super().__init__(f"{n} problem{'s' if n != 1 else ''} in the curated sources:\n{lines}")


class ShapeViolation(CurationError):
    """The built graph breaks a SHACL shape (reported against the curated record where known)."""


class BuildNotFound(CjkgError):
    """A command needs a build that is not there."""

    exit_code = 2


class OutputError(CjkgError):
    """An output cannot be written where asked: a file named as the build's folder, a folder that holds
    what cjkg did not write, or a folder that does not exist."""

    exit_code = 2


class QueryError(CjkgError):
    """A query is malformed, unknown, or failed to run."""

    exit_code = 2


class NothingSelected(CjkgError):
    """The filters of a command leave nothing to write; the previous output stays as it was."""

