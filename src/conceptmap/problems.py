"""Problems found in a pack, each tied to a file and a line, and the errors the core raises."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

# Exit codes, documented in README and docs/reliability.md.
EXIT_OK = 0
EXIT_PROBLEMS = 1  # the pack loaded but has problems (`conceptmap check`)
EXIT_BAD_INPUT = 2  # unreadable input, unknown concept, bad option...


class Severity(str, Enum):
    """How bad a problem is: fatal ones mean the input could not be read at all."""

    FATAL = "fatal"
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a pack, at a place a human can jump to."""

    path: str
    line: int  # 1-based; 0 when the problem is about the whole file
    severity: Severity
    code: str  # stable short name, e.g. "unknown-ref"
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.severity.value}: {self.message} [{self.code}]"

    def as_dict(self) -> dict[str, object]:
        """The problem as JSON-ready data."""
        return {
            "path": self.path,
            "line": self.line,
            "severity": self.severity.value,
            "code": self.code,
            "message": self.message,
        }


class ConceptmapError(Exception):
    """An error a user caused and can fix: shown as one line, exit code 2."""

    exit_code = EXIT_BAD_INPUT


class PackError(ConceptmapError):
    """A pack could not be read at all (missing folder, unreadable file...)."""


class ProgressError(ConceptmapError):
    """The progress file cannot be used (for example, a newer format version)."""
