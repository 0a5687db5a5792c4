"""Export the glossary, or the path a path page shows: format, scope and file name.

The formats come from the registry (conceptmap.export.formats), so a new format shows
here without an edit; writing goes through the format's own writer.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from rich.markup import escape
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, Select, Static

from ...export.base import GlossaryJob, Job, PathJob, Subject
from ...export.formats import REGISTRY, formats_for, stem_of
from ...problems import ConceptmapError
from ...text import plural

if TYPE_CHECKING:
    from ...report import PathReport
    from ..app import ConceptmapApp

#: The file name's stem before the user changes it, by subject.
STEMS = {Subject.GLOSSARY: "conceptmap-glossary", Subject.PATH: "conceptmap-path"}
#: The format menu of each subject the dialog exports.
FORMAT_PICKERS = {Subject.GLOSSARY: "#format", Subject.PATH: "#path-format"}


def format_choices(subject: Subject) -> list[tuple[str, str]]:
    """(label, name) of every registered format for a subject, in menu order."""
    return [(fmt.label(subject), fmt.name) for fmt in formats_for(subject)]


def _format_select(subject: Subject) -> Select[str]:
    """A subject's format menu, its first format chosen."""
    choices = format_choices(subject)
    return Select(choices, value=choices[0][1], allow_blank=False, id=FORMAT_PICKERS[subject].removeprefix("#"))


class ExportDialog(ModalScreen[Path | None]):
    """Choose what to export (the glossary, or the path of the page it opened from) and where; says where it wrote."""

    app: ConceptmapApp
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, path_goal: str | None = None, report: PathReport | None = None) -> None:
        super().__init__()
        self.path_goal = path_goal
        self.report = report  # the path page's report: the path formats export exactly what it shows

    @property
    def subject(self) -> Subject:
        """What the dialog exports now: the path (offered from a path page) or the glossary."""
        if self.report is None or not self.query("#subject"):
            return Subject.GLOSSARY
        return Subject(str(self.query_one("#subject", Select).value))

    def format_picker(self) -> Select[str]:
        """The format menu of what is exported now (each subject keeps its own menu and choice)."""
        return self.query_one(FORMAT_PICKERS[self.subject], Select)

    def compose(self) -> ComposeResult:
        """What (from a path page), format, scope, area, file name, buttons."""
        graph = self.app.session.graph
        scopes = [("Everything", "all"), ("One area", "area"), ("Known concepts", "known"), ("Not yet known", "unknown")]
        if self.path_goal:
            scopes.append(("The current path", "path"))
        areas = [(graph.area_title(a), a) for a in graph.by_area()]
        subject = Subject.GLOSSARY if self.report is None else Subject.PATH
        with Vertical(id="export-dialog", classes="dialog"):
            yield Label(self._title(subject), id="export-title")
            if self.report is not None:
                steps = plural(len(self.report.steps), "step")
                yield Select([(f"This path, in order ({steps})", "path"), ("The glossary", "glossary")], value="path", allow_blank=False, id="subject")
                yield _format_select(Subject.PATH)
            yield _format_select(Subject.GLOSSARY)
            yield Select(scopes, value="path" if self.path_goal else "all", allow_blank=False, id="scope")
            yield Select(areas, prompt="Area", id="area")
            # A relative name: the dialog reads the same wherever conceptmap was started, and
            # the result line says the full path it wrote.
            yield Input(value=formats_for(subject)[0].filename(STEMS[subject]), id="filename")
            yield Static("[dim]Relative names: the folder conceptmap started in.[/]", id="export-hint")
            yield Checkbox("Replace if it exists", id="force")
            yield Static(id="export-result")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Export", id="export", variant="primary")
                yield Button("Close", id="cancel")

    def _title(self, subject: Subject) -> str:
        """The dialog's heading: what is exported."""
        if subject is Subject.PATH and self.report is not None:
            return f"Export the path to {escape(self.report.target.title)}"
        return "Export the glossary"

    def on_mount(self) -> None:
        """Only the pickers of what is exported show."""
        self._sync_subject()

    @on(Select.Changed, "#scope")
    def _sync_area(self) -> None:
        """Scopes only for the glossary; the area picker only for the area scope."""
        glossary = self.subject is Subject.GLOSSARY
        self.query_one("#scope").display = glossary
        self.query_one("#area").display = glossary and self.query_one("#scope", Select).value == "area"

    @on(Select.Changed, "#subject")
    def _sync_subject(self) -> None:
        """Show the format menu of what is exported; a default file name follows it."""
        subject = self.subject
        self.query_one("#export-title", Label).update(self._title(subject))
        for shown, selector in FORMAT_PICKERS.items():
            for picker in self.query(selector):
                picker.display = shown is subject
        self._sync_filename()
        self._sync_area()

    @on(Select.Changed, "#format, #path-format")
    def _sync_filename(self) -> None:
        """The file name's ending follows the format (".md", ".apkg", "-vault"); a default name follows the subject."""
        box = self.query_one("#filename", Input)
        path = Path(box.value)
        stem = stem_of(path.name)
        if not stem or stem in STEMS.values():
            stem = STEMS[self.subject]
        name = REGISTRY[str(self.format_picker().value)].filename(stem)
        box.value = str(path.with_name(name)) if path.name else name

    def _job(self) -> tuple[Job, str]:
        """What to write, and how to say it: the page's path, or the concepts the scope chooses."""
        from ...export import select_concepts

        session = self.app.session
        known = frozenset(session.known)
        if self.subject is Subject.PATH and self.report is not None:
            return PathJob(self.report, known), f"a path of {plural(len(self.report.steps), 'step')}"
        scope = self.query_one("#scope", Select).value
        area = self.query_one("#area", Select).value
        if scope == "area" and area in (None, Select.BLANK):
            raise ConceptmapError("choose an area first")
        concepts = select_concepts(
            session,
            areas=(str(area),) if scope == "area" else (),
            known=True if scope == "known" else False if scope == "unknown" else None,
            path_goal=self.path_goal if scope == "path" else None,
        )
        return GlossaryJob(session.graph, concepts, known=known), f"{len(concepts)} concepts"

    @on(Button.Pressed, "#export")
    def export(self) -> None:
        """Write the file (or vault) and say where."""
        fmt = REGISTRY[str(self.format_picker().value)]
        result = self.query_one("#export-result", Static)
        try:
            job, what = self._job()
            out = Path(self.query_one("#filename", Input).value).expanduser()
            if not out.is_absolute():
                out = Path.cwd() / out
            written = fmt.write(job, out, force=self.query_one("#force", Checkbox).value)
        except (ConceptmapError, OSError) as exc:
            result.update(f"[b red]Not exported:[/] {escape(str(exc))}")
            return
        result.update(f"[b green]Wrote {what} to[/] {escape(str(written))}")
        self.notify(f"Exported {what} to {written}", timeout=6)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Close the dialog."""
        if self.is_active:  # not twice when keys in flight repeat the request
            self.dismiss(None)
