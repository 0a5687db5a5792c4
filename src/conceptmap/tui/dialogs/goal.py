"""Ask for a goal in words."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label


class GoalDialog(ModalScreen[str | None]):
    """A one-line goal such as "use LDA for topic modelling"."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def compose(self) -> ComposeResult:
        """Prompt, box, buttons."""
        with Vertical(id="goal-dialog", classes="dialog"):
            yield Label("What do you want to learn? Say how deep: use, understand, derive…")
            yield Input(placeholder="e.g. use LDA for topic modelling", id="goal-input")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Plan", id="plan", variant="primary")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        """Cursor in the box."""
        self.query_one("#goal-input", Input).focus()

    @on(Input.Submitted, "#goal-input")
    @on(Button.Pressed, "#plan")
    def submit(self) -> None:
        """Plan the goal typed (nothing when empty)."""
        if not self.is_active:
            return  # a second enter typed before the first closed the dialog
        value = self.query_one("#goal-input", Input).value.strip()
        if not value:
            self.notify("Type a goal first, e.g. 'use LDA for topic modelling'", severity="warning")
            return
        self.dismiss(value)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Close without planning."""
        if self.is_active:
            self.dismiss(None)
