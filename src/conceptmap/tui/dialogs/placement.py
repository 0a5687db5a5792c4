"""Placement: a few questions that mark what you already know (conceptmap.placement does the choosing)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Markdown, Static

from ...placement import Answer, Placement, listed
from ...problems import ConceptmapError
from ...text import plural
from ..widgets.labels import DEPTH_STYLES

if TYPE_CHECKING:
    from ..app import ConceptmapApp


class PlacementDialog(ModalScreen[bool]):
    """Ask yes / no / unsure about a few concepts, show what that settles, save it as one undoable batch."""

    app: ConceptmapApp
    BINDINGS = [
        Binding("y", "answer('yes')", "Yes"),
        Binding("n", "answer('no')", "No"),
        Binding("u", "answer('unsure')", "Unsure"),
        Binding("d,question_mark", "definition", "Definition"),
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(self, scope: list[str] | None, label: str) -> None:
        super().__init__()
        self.scope = scope  # concept ids to ask about (a path's steps); None for the whole graph
        self.label = label  # "the whole graph", "the path to X"
        self.placement: Placement | None = None

    def compose(self) -> ComposeResult:
        """Where we are, the question, its definition (hidden until asked for), the answers; then the summary."""
        with Vertical(id="place-dialog", classes="dialog"):
            yield Static(f"What do you know already? Questions over {self.label}", id="place-title")
            yield Static(id="place-progress")
            yield Static(id="place-question")
            with VerticalScroll(id="place-definition-box"):
                yield Markdown("", id="place-definition", open_links=False)
            with Horizontal(classes="dialog-buttons", id="place-answers"):
                yield Button("Yes (y)", id="place-yes", variant="success")
                yield Button("No (n)", id="place-no", variant="error")
                yield Button("Unsure (u)", id="place-unsure")
                yield Button("Definition (d)", id="place-show")
            with VerticalScroll(id="place-summary-box"):
                yield Static(id="place-summary")
            with Horizontal(classes="dialog-buttons", id="place-finish"):
                yield Button("Save marks", id="place-save", variant="primary")
                yield Button("Cancel", id="place-cancel")

    def on_mount(self) -> None:
        """Start the placement from the current marks and ask the first question."""
        try:
            self.placement = self.app.session.placement(self.scope)
        except ConceptmapError as exc:  # the progress file cannot be read
            self.placement = None
            self.query_one("#place-question", Static).update(Text(str(exc), style="bold red"))
            self.query_one("#place-answers").display = False
            self.query_one("#place-save").display = False
            return
        self._show()

    # -- drawing -------------------------------------------------------------------------
    def _show(self) -> None:
        """The pending question, or the summary once there is none."""
        placement = self.placement
        if placement is None:
            return
        question = placement.next_question()
        result = placement.result()
        progress = Text(style="dim")
        progress.append(f"{result.settled} of {plural(result.scope, 'concept')} settled")
        if question is not None:
            progress.append(f"  ·  question {question.number} of at most {placement.questions}")
        self.query_one("#place-progress", Static).update(progress)
        asking = question is not None
        self.query_one("#place-answers").display = asking
        self.query_one("#place-summary-box").display = not asking
        self.query_one("#place-definition-box").remove_class("-shown")
        # Saving is offered all along: a learner may stop early and keep what is settled.
        save = self.query_one("#place-save", Button)
        save.label = f"Save {plural(len(result.new_known), 'mark')}" if result.new_known else "Save marks" if question else "Nothing to save"
        save.disabled = not result.new_known
        if question is None:
            self._show_summary()
            return
        c = question.concept
        line = Text("Do you know ")
        line.append(c.title, style="bold")
        line.append("?  ")
        line.append(c.depth.label, style=DEPTH_STYLES[c.depth])
        line.append(f" · {self.app.session.graph.area_title(c.area)}", style="dim")
        line.append(f"\nA yes settles {question.settles_if_yes}, a no {question.settles_if_no}.", style="dim")
        self.query_one("#place-question", Static).update(line)
        self.query_one("#place-definition", Markdown).update(c.definition or "_No definition yet._")
        self.query_one("#place-yes", Button).focus()

    def _show_summary(self) -> None:
        """What the answers settled, and the button that saves it."""
        assert self.placement is not None
        result = self.placement.result()
        graph = self.app.session.graph
        lines: list[Text] = []
        if not result.asked:
            lines.append(Text("Nothing to ask: everything here is settled by what you marked already.", style="bold"))
        else:
            answers = " · ".join(f"{a.question.concept.title} {a.answer.value}" for a in result.asked)
            lines.append(Text(f"Your answers: {answers}\n", style="dim"))
        for heading, ids in result.groups():
            line = Text()
            line.append(f"{heading} ({len(ids)}): ", style="bold")
            line.append(listed(graph, ids))
            lines.append(line)
        text = Text("\n").join(lines)
        done = "Done. Save these marks?" if result.new_known else "Done. Nothing new to mark."
        self.query_one("#place-question", Static).update(Text(done, style="bold"))
        self.query_one("#place-summary", Static).update(text)
        self.query_one("#place-save" if result.new_known else "#place-cancel", Button).focus()

    # -- actions -------------------------------------------------------------------------
    def action_answer(self, answer: str) -> None:
        """Answer the question shown (keys y, n, u; the buttons too)."""
        placement = self.placement
        if placement is None or not self.is_active or placement.next_question() is None:
            return  # no question shown: a key typed ahead of the summary
        placement.answer(Answer(answer))
        self._show()

    def action_definition(self) -> None:
        """Show or hide the definition of the concept asked about."""
        if self.placement is not None and self.placement.next_question() is not None:
            self.query_one("#place-definition-box").toggle_class("-shown")

    @on(Button.Pressed, "#place-yes, #place-no, #place-unsure")
    def _answer_pressed(self, event: Button.Pressed) -> None:
        self.action_answer({"place-yes": "yes", "place-no": "no"}.get(event.button.id or "", "unsure"))

    @on(Button.Pressed, "#place-show")
    def _show_pressed(self) -> None:
        self.action_definition()

    @on(Button.Pressed, "#place-save")
    def save(self) -> None:
        """Write every inferred mark in one batch (u on home or a path page takes it back), and close."""
        if self.placement is None or not self.is_active:
            return  # pressed twice before the dialog closed
        result = self.placement.result()
        try:
            batch = self.app.session.change_marks(result.new_known, command="place")
        except (ConceptmapError, OSError) as exc:
            self.notify(f"Could not save progress: {exc}", severity="error", timeout=10)
            return
        added = len(batch.added) if batch is not None else 0
        self.notify(f"Marked {plural(added, 'concept')} known (u takes it back)", timeout=4)
        self.dismiss(True)

    @on(Button.Pressed, "#place-cancel")
    def action_cancel(self) -> None:
        """Close without saving."""
        if self.is_active:
            self.dismiss(False)
