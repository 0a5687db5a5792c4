"""Start an app headless and quit at its first paint: what `conceptmap bench` times for "TUI ready".

`python -m conceptmap.tui.ready app` starts conceptmap on the bundled graph;
`python -m conceptmap.tui.ready minimal` starts the baseline, a Textual app with one Markdown widget.
"""

from __future__ import annotations

import sys

from textual.app import App, ComposeResult
from textual.widgets import Markdown


class MinimalApp(App[None]):
    """The baseline: the least a Textual app with Markdown does before painting."""

    def compose(self) -> ComposeResult:
        """One Markdown widget."""
        yield Markdown("# conceptmap\n\nA minimal app with **one** Markdown widget.")

    def on_mount(self) -> None:
        """Quit once the first frame is painted."""
        self.call_after_refresh(self.exit)


def main(which: str) -> None:
    """Run one of the two apps until its first paint."""
    if which == "minimal":
        MinimalApp().run(headless=True)
        return
    from ..session import Session
    from .app import ConceptmapApp

    class ReadyApp(ConceptmapApp):
        """conceptmap, quitting at its first paint."""

        def on_mount(self) -> None:
            """Quit once the first frame is painted."""
            super().on_mount()
            self.call_after_refresh(self.exit)

    ReadyApp(Session()).run(headless=True)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "app")
