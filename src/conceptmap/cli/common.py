"""Pieces every command shares: global options, the session, output helpers."""

from __future__ import annotations

import json
import re
import sys
import textwrap
from collections.abc import Container
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import click

from ..model import Depth, parse_level
from ..problems import ConceptmapError, Severity
from ..text import minutes_text as minutes_text  # re-exported for this layer
from ..text import plural

if TYPE_CHECKING:  # imported lazily: loading a session is not needed for --help
    from ..session import Session

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 80}
WIDTH = 80
_WEB_LINK = re.compile(r"(?<!!)\[([^\]\n]+)\]\(<?(https?://[^)\s>]+)>?\)")  # [text](http...), not images
_TRAILING_SPACE = re.compile(r" +((?:\x1b\[[0-9;]*m)*)$")  # spaces before a line's closing colour codes


@dataclass
class Options:
    """Global options, shared by every command through click's context."""

    packs: tuple[str, ...] = ()
    bundled: bool = True
    _session: Session | None = field(default=None, repr=False)

    def session(self, *, quiet: bool = False) -> Session:
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
                click.echo(f"conceptmap: warning: the packs have {plural(len(errors), 'problem')}; run `conceptmap check`", err=True)
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


def echo_markdown(markdown: str, concepts: Container[str], width: int = WIDTH) -> None:
    """A definition for people: Markdown rendered (rich), wrapped by words, links never split.

    Glossary links become their text (the concept is one `show` away); web links become
    their text and a footnote number, with each address printed whole on its own line
    below, where no wrapping can split it.
    """
    from rich.console import Console
    from rich.markdown import Markdown

    from ..export.markup import definition_body, rewrite_links

    body = rewrite_links(definition_body(markdown), concepts, lambda text, _cid: text)
    addresses: list[str] = []

    def footnote(match: re.Match[str]) -> str:
        addresses.append(match.group(2))
        return f"{match.group(1)} [{len(addresses)}]"

    body = _WEB_LINK.sub(footnote, body)
    console = Console(file=sys.stdout, width=width, highlight=False, emoji=False)
    with console.capture() as captured:
        console.print(Markdown(body, hyperlinks=False))
    # rich pads every line to the full width; piped output should not carry that padding
    click.echo("\n".join(_TRAILING_SPACE.sub(r"\1", line) for line in captured.get().rstrip("\n").split("\n")))
    for number, address in enumerate(addresses, 1):
        click.echo(f"[{number}] {address}")
