"""Ask how many hours a week the learner has, and from which day: the path page then shows weeks."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from ...schedule import Pace, ScheduleError, parse_hours, parse_start


@dataclass(frozen=True)
class WeekChoice:
    """What the dialog decided: a weekly budget, or None for no weeks (the dialog gives None when cancelled)."""

    pace: Pace | None


class WeekDialog(ModalScreen[WeekChoice | None]):
    """Hours a week (e.g. 5 or 2.5) and the first day of week 1 (empty for today)."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, pace: Pace | None = None) -> None:
        super().__init__()
        self.pace = pace

    def compose(self) -> ComposeResult:
        """Prompt, the two boxes, an error line, buttons."""
        pace = self.pace
        with Vertical(id="week-dialog", classes="dialog"):
            yield Label("Plan this path in weeks of the hours you have")
            with Horizontal(classes="week-row"):
                yield Label("Hours a week", classes="week-label")
                yield Input(value=f"{pace.hours_per_week:g}" if pace else "", placeholder="e.g. 5 or 2.5", id="week-hours")
            with Horizontal(classes="week-row"):
                yield Label("Week 1 starts", classes="week-label")
                start = pace.start.isoformat() if pace and pace.start else ""
                yield Input(value=start, placeholder="YYYY-MM-DD, empty for today", id="week-start", max_length=10)
            yield Static(id="week-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Plan weeks", id="week-plan", variant="primary")
                yield Button("No weeks", id="week-off")
                yield Button("Cancel", id="week-cancel")

    def on_mount(self) -> None:
        """Cursor in the hours box."""
        self.query_one("#week-hours", Input).focus()

    @on(Input.Submitted)
    @on(Button.Pressed, "#week-plan")
    def submit(self) -> None:
        """Check both boxes; close with the budget, or say in one line what is wrong."""
        if not self.is_active:
            return  # a second enter typed before the first closed the dialog
        hours = self.query_one("#week-hours", Input).value
        start = self.query_one("#week-start", Input).value.strip()
        try:
            pace = Pace(parse_hours(hours), parse_start(start) if start else None)
        except ScheduleError as exc:
            self.query_one("#week-error", Static).update(Text(str(exc), style="bold red"))
            return
        self.dismiss(WeekChoice(pace))

    @on(Button.Pressed, "#week-off")
    def turn_off(self) -> None:
        """Show the path without weeks."""
        if self.is_active:
            self.dismiss(WeekChoice(None))

    @on(Button.Pressed, "#week-cancel")
    def action_cancel(self) -> None:
        """Close and keep the weeks as they were."""
        if self.is_active:
            self.dismiss(None)
