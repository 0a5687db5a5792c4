"""Starting the TUI from the command line (the only place the CLI reaches into Textual)."""

from __future__ import annotations

from .common import Options


def run_tui(opts: Options) -> None:
    """Open the TUI on the selected packs; pack problems are shown inside the app."""
    from ..session import Session
    from ..tui.app import run

    run(Session(opts.packs, bundled=opts.bundled))
