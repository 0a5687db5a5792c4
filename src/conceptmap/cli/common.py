"""Pieces every command shares: global options, the session, output helpers."""

from __future__ import annotations

import json
import sys
import textwrap
from dataclasses import dataclass, field
from typing import Any

import click

from ..model import Depth, parse_level
from ..problems import ConceptmapError, Severity
from ..text import minutes_text  # noqa: F401  (re-exported for this layer)

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 80}
WIDTH = 80


@dataclass
class Options:
    """Global options, shared by every command through click's context."""

    packs: tuple[str, ...] = ()
    bundled: bool = True
    _session: Any = field(default=None, repr=False)

    def session(self, *, quiet: bool = False) -> Any:
        """The loaded session; fatal pack problems become a one-line error (exit 2)."""
        if self._session is None:
            from ..session import Session

            session = Session(self.packs, bundled=self.bundled)
            fatal = [p for p in session.result.problems if p.severity is Severity.FATAL]
            if fatal:
                more = f" (and {len(fatal) - 1} more; run `conceptmap check`)" if len(fatal) > 1 else ""
                raise ConceptmapError(f"{fatal[0]}{more}")
            errors = session.result.errors
            if errors and not quiet:
                click.echo(f"conceptmap: warning: the packs have {len(errors)} problem(s); run `conceptmap check`", err=True)
            session.store.warn = lambda message: click.echo(f"conceptmap: warning: {message}", err=True)
            self._session = session
        return self._session


def level_option(value: str | None) -> Depth | None:
    """Parse a --depth value, as a one-line error when it is not a level."""
    if value is None:
        return None
    try:
        return parse_level(value)
    except ValueError as exc:
        raise ConceptmapError(str(exc)) from None


def emit_json(data: Any) -> None:
    """Print JSON the way every --json output does: UTF-8, two-space indent."""
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


def wrap(text: str, indent: str = "", width: int = WIDTH) -> str:
    """Wrap text for an 80-column terminal."""
    return textwrap.fill(text, width=width, initial_indent=indent, subsequent_indent=indent) if text else ""


def badge(depth: Depth) -> str:
    """A depth badge like "[use]", padded so columns line up."""
    return f"[{depth.label}]".ljust(11)


def fail(message: str) -> None:
    """Raise the one-line error for bad input (exit 2)."""
    raise ConceptmapError(message)


def stdout_is_tty() -> bool:
    """True when printing to a terminal."""
    return sys.stdout.isatty()
