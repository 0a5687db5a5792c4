"""Export the glossary: format, scope and file name; writes through the core's exporters."""

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

from ...export import FORMAT_LABELS, SUFFIXES, default_filename
from ...problems import ConceptmapError

if TYPE_CHECKING:
    from ..app import ConceptmapApp


class ExportDialog(ModalScreen[Path | None]):
    """Choose what to export and where; says where it wrote."""

    app: ConceptmapApp
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, path_goal: str | None = None) -> None:
        super().__init__()
        self.path_goal = path_goal

    def compose(self) -> ComposeResult:
        """Format, scope, area, file name, buttons."""
        graph = self.app.session.graph
        scopes = [("Everything", "all"), ("One area", "area"), ("Known concepts", "known"), ("Not yet known", "unknown")]
        if self.path_goal:
            scopes.append(("The current path", "path"))
        areas = [(graph.area_title(a), a) for a in graph.by_area()]
        with Vertical(id="export-dialog", classes="dialog"):
            yield Label("Export the glossary")
            yield Select([(label, fmt) for fmt, label in FORMAT_LABELS.items()], value="md", allow_blank=False, id="format")
            yield Select(scopes, value="path" if self.path_goal else "all", allow_blank=False, id="scope")
            yield Select(areas, prompt="Area", id="area")
            # A relative name: the dialog reads the same wherever conceptmap was started, and
            # the result line says the full path it wrote.
            yield Input(value=default_filename("md", "conceptmap-glossary"), id="filename")
            yield Static("[dim]Relative names: the folder conceptmap started in.[/]", id="export-hint")
            yield Checkbox("Replace if it exists", id="force")
            yield Static(id="export-result")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Export", id="export", variant="primary")
                yield Button("Close", id="cancel")

    def on_mount(self) -> None:
        """Area picker only for the area scope."""
        self._sync_area()

    @on(Select.Changed, "#scope")
    def _sync_area(self) -> None:
        self.query_one("#area").display = self.query_one("#scope", Select).value == "area"

    @on(Select.Changed, "#format")
    def _sync_extension(self, event: Select.Changed) -> None:
        """Keep the file name's extension in step with the format."""
        box = self.query_one("#filename", Input)
        path = Path(box.value)
        stem = path.with_suffix("") if path.suffix in SUFFIXES.values() else path
        stem = stem.with_name(stem.name.removesuffix("-vault"))
        box.value = str(stem.parent / default_filename(str(event.value), stem.name))

    @on(Button.Pressed, "#export")
    def export(self) -> None:
        """Write the file (or vault) and say where."""
        from ...export import select_concepts, write_glossary

        fmt = str(self.query_one("#format", Select).value)
        scope = self.query_one("#scope", Select).value
        area = self.query_one("#area", Select).value
        result = self.query_one("#export-result", Static)
        session = self.app.session
        try:
            if scope == "area" and area in (None, Select.BLANK):
                raise ConceptmapError("choose an area first")
            concepts = select_concepts(
                session,
                areas=(str(area),) if scope == "area" else (),
                known=True if scope == "known" else False if scope == "unknown" else None,
                path_goal=self.path_goal if scope == "path" else None,
            )
            out = Path(self.query_one("#filename", Input).value).expanduser()
            if not out.is_absolute():
                out = Path.cwd() / out
            written = write_glossary(
                session.graph, concepts, fmt, out,
                force=self.query_one("#force", Checkbox).value, known=frozenset(session.known),
            )
        except (ConceptmapError, OSError) as exc:
            result.update(f"[b red]Not exported:[/] {escape(str(exc))}")
            return
        result.update(f"[b green]Wrote {len(concepts)} concepts to[/] {escape(str(written))}")
        self.notify(f"Exported {len(concepts)} concepts to {written}", timeout=6)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Close the dialog."""
        if self.is_active:  # not twice when keys in flight repeat the request
            self.dismiss(None)
