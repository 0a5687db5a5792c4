"""Problems in the loaded packs, shown instead of a traceback."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Button, Footer, RichLog, Static

from ...problems import Problem
from ...text import plural
from ..guards import Header

SHOWN = 500  # more than this is a pack to fix with `conceptmap check`, not to read here


class ProblemsScreen(Screen[None]):
    """What is wrong with the packs, with file and line; continue or quit."""

    BINDINGS = [("c", "continue", "Continue"), ("q", "app.quit", "Quit")]
    location = None

    def __init__(self, problems: list[Problem], *, fatal: bool) -> None:
        super().__init__()
        self.problems = problems
        self.fatal = fatal

    def compose(self) -> ComposeResult:
        """Summary, list, buttons."""
        yield Header()
        with Vertical(id="problems-box"):
            what = "could not be read" if self.fatal else "have problems"
            yield Static(
                f"The packs {what}: {plural(len(self.problems), 'problem')}. Fix them and run `conceptmap check`. "
                + ("Broken files were skipped; you can continue with what loaded." if not self.fatal else
                   "Unreadable files were skipped; what loaded may be incomplete."),
                id="problems-summary",
            )
            yield RichLog(id="problems-log", wrap=True, markup=False, highlight=False)
            with Horizontal(id="problems-buttons"):
                yield Button("Continue (c)", id="continue", variant="primary")
                yield Button("Quit (q)", id="quit", variant="error")
        yield Footer()

    def on_mount(self) -> None:
        """Write the problems, one per line."""
        log = self.query_one("#problems-log", RichLog)
        for problem in self.problems[:SHOWN]:
            log.write(str(problem))
        if len(self.problems) > SHOWN:
            log.write(f"... and {len(self.problems) - SHOWN} more")

    def action_continue(self) -> None:
        """Use what loaded."""
        self.app.pop_screen()

    @on(Button.Pressed, "#continue")
    def _continue(self) -> None:
        self.action_continue()

    @on(Button.Pressed, "#quit")
    def _quit(self) -> None:
        self.app.exit()
