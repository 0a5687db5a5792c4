"""Starting the TUI from the command line (imports Textual only here)."""

from __future__ import annotations

import click

from .common import Options


def run_tui(opts: Options) -> None:
    """Open the TUI on the selected packs."""
    click.echo("conceptmap: the TUI is not built yet; try `conceptmap --help`.")
