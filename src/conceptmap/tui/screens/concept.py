"""A concept's page: definition, what it needs, what it unlocks, related concepts, resources."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Footer, Label, Markdown, OptionList, Static
from textual.widgets.option_list import Option

from ..guards import Header
from ..widgets.concept_list import ConceptList, SafeOptionList
from ..widgets.labels import DEPTH_STYLES, minutes_text

if TYPE_CHECKING:
    from ...model import Concept
    from ..app import ConceptmapApp


class ConceptScreen(Screen[None]):
    """One concept, with links to its neighbours."""

    app: ConceptmapApp
    BINDINGS = [
        Binding("k", "toggle_known", "Known"),
        Binding("space", "toggle_known", "Known", show=False),
        Binding("p", "path", "Path"),
    ]

    def __init__(self, concept_id: str) -> None:
        super().__init__()
        self.concept_id = concept_id
        from ..app import Location

        self.location = Location("concept", concept_id)

    @property
    def concept(self) -> Concept:
        """The concept shown."""
        return self.app.session.graph.concepts[self.concept_id]

    def compose(self) -> ComposeResult:
        """Heading, definition, neighbours, resources."""
        c = self.concept
        yield Header()
        with VerticalScroll(id="concept-body"):
            yield Static(id="concept-heading")
            if c.aliases:
                yield Static(Text("also: " + ", ".join(c.aliases), style="dim"), id="aliases")
            with Horizontal(id="concept-actions"):
                yield Button("Mark known (k)", id="toggle-known")
                yield Button("Path to this (p)", id="path", variant="primary")
            yield Markdown(c.definition or "_No definition yet._", id="definition", open_links=False)
            yield Label("Needs", classes="section", id="requires-label")
            yield ConceptList(id="requires")
            yield Label("Unlocks", classes="section", id="unlocks-label")
            yield ConceptList(id="unlocks")
            yield Label("Related", classes="section", id="related-label")
            yield ConceptList(id="related")
            yield Label("Resources", classes="section", id="resources-label")
            yield SafeOptionList(id="resources")
        yield Footer()

    def on_mount(self) -> None:
        """Fill the lists."""
        self.sub_title = self.concept.title
        self.refresh_page()
        self.query_one("#concept-body").focus()

    def on_screen_resume(self) -> None:
        """Marks may have changed elsewhere."""
        self.refresh_page()

    def refresh_page(self) -> None:
        """Redraw what depends on known marks (nothing yet if the page is still opening or closing)."""
        if not self.query("#concept-heading"):
            return  # a key typed ahead reached a page not composed yet: on_mount draws it
        c = self.concept
        graph = self.app.session.graph
        known = self.app.known()
        is_known = c.id in known
        heading = Text()
        heading.append(c.title, style="bold")
        heading.append(f"  {c.depth.label}", style=DEPTH_STYLES[c.depth])
        heading.append(f"  ·  {graph.area_title(c.area)}  ·  {minutes_text(c.minutes)}", style="dim")
        if is_known:
            heading.append("  ✓\u00a0known", style="bold green")  # one badge: never split across lines
        self.query_one("#concept-heading", Static).update(heading)
        self.query_one("#toggle-known", Button).label = "Unmark known (k)" if is_known else "Mark known (k)"

        def fill(list_id: str, ids: list[str]) -> None:
            concepts = [graph.concepts[i] for i in ids if i in graph.concepts]
            widget = self.query_one(f"#{list_id}", ConceptList)
            widget.show(concepts, known)
            widget.display = bool(concepts)
            self.query_one(f"#{list_id}-label").display = bool(concepts)

        requires = list(c.requires) + [i for group in c.requires_any for i in group]
        fill("requires", requires)
        fill("unlocks", graph.unlocks(c.id))
        fill("related", list(c.related))
        resources = self.query_one("#resources", OptionList)
        resources.clear_options()
        for index, resource in enumerate(c.resources):
            label = Text(f"↗ {resource.title}")
            label.append(f"  {resource.url}", style="dim")
            resources.add_option(Option(label, id=str(index)))
        resources.display = bool(c.resources)
        self.query_one("#resources-label").display = bool(c.resources)

    # -- actions ---------------------------------------------------------------------
    def action_toggle_known(self) -> None:
        """Toggle known on this concept (saved at once)."""
        if self.app.toggle_known(self.concept_id) is not None:
            self.refresh_page()

    def action_path(self) -> None:
        """The learning path to this concept."""
        self.app.open_path(self.concept_id)

    @on(Button.Pressed, "#toggle-known")
    def _known_pressed(self) -> None:
        self.action_toggle_known()

    @on(Button.Pressed, "#path")
    def _path_pressed(self) -> None:
        self.action_path()

    @on(ConceptList.Chosen)
    def open_neighbour(self, event: ConceptList.Chosen) -> None:
        """Open a prerequisite, unlocked or related concept."""
        self.app.open_concept(event.concept_id)

    @on(OptionList.OptionSelected, "#resources")
    def open_resource(self, event: OptionList.OptionSelected) -> None:
        """Open a resource in the browser."""
        resource = self.concept.resources[int(event.option.id or 0)]
        self.app.open_url(resource.url)
        self.notify(f"Opening {resource.url}", timeout=3)

    @on(Markdown.LinkClicked)
    def follow_link(self, event: Markdown.LinkClicked) -> None:
        """Links to other concepts open their page; web links open in the browser."""
        event.stop()
        self.app.follow_link(event.href)
