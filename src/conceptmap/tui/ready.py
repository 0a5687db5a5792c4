"""Start an app headless and quit at its first paint: what `conceptmap bench` times for "TUI ready".

`python -m conceptmap.tui.ready app` starts conceptmap on the bundled graph;
`python -m conceptmap.tui.ready minimal` starts the baseline, a Textual app with one Markdown widget.
Each prints the wall-clock time (ns since the epoch) of its first paint: the bench
subtracts the moment it launched the process. What a program does after its first
frame (ours builds the dashboard; either side's exit) is not what a user waits for.
"""

from __future__ import annotations

import sys
import time

from textual.app import App, ComposeResult


class MinimalApp(App[None]):
    """The baseline: the least a Textual app with Markdown does before painting."""

    def compose(self) -> ComposeResult:
        """One Markdown widget."""
        # Imported here, not above: conceptmap itself imports no Markdown before its first frame.
        from textual.widgets import Markdown

        yield Markdown("# conceptmap\n\nA minimal app with **one** Markdown widget.")

    def on_mount(self) -> None:
        """Quit once the first frame is painted."""
        self.call_after_refresh(painted, self)


FIRST_PAINT: list[int] = []  # printed after the app has gone: Textual holds stdout while it runs


def painted(app: App[None]) -> None:
    """Note the moment of the first paint, then quit."""
    FIRST_PAINT.append(time.time_ns())
    app.exit()


def main(which: str) -> None:
    """Run one of the two apps until its first paint."""
    if which == "minimal":
        MinimalApp().run(headless=True)
        print(FIRST_PAINT[0])
        return
    from ..session import Session
    from .app import ConceptmapApp

    class ReadyApp(ConceptmapApp):
        """conceptmap, quitting at its first paint."""

        def on_mount(self) -> None:
            """Quit once the first frame is painted."""
            super().on_mount()
            self.call_after_refresh(painted, self)

    ReadyApp(Session()).run(headless=True)
    print(FIRST_PAINT[0])


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "app")
