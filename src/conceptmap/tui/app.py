"""The application: screens, global keys, back/forward history, and the command palette."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from textual.app import App
from textual.binding import Binding
from textual.screen import Screen

from ..gcpause import freeze_loaded
from ..model import Depth
from ..problems import ConceptmapError, Problem, Severity
from ..session import Session
from ..text import shorten
from .commands import ConceptCommands
from .guards import GuardedApp


@dataclass(frozen=True)
class Location:
    """Where a page screen is: enough to open it again (for forward history)."""

    kind: str  # "concept" or "path"
    key: str  # concept id, or goal text
    depth: int | None = None
    max_hops: int | None = None


class ConceptmapApp(GuardedApp):
    """conceptmap's terminal UI: search, concept pages, learning paths, export."""

    CSS_PATH = Path(__file__).parent / "conceptmap.tcss"  # absolute: subclasses live elsewhere
    TITLE = "conceptmap"
    SUB_TITLE = "the shallowest path through machine learning"
    COMMANDS = App.COMMANDS | {ConceptCommands}
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", priority=True),
        Binding("f1", "help", "Help"),
        Binding("question_mark", "help", "Help", show=False),
        Binding("slash", "search", "Search"),
        Binding("ctrl+g", "goal", "Goal", priority=True),  # works in the search box too
        Binding("g", "goal", "Goal", show=False),
        Binding("e", "export", "Export"),
        Binding("escape", "back", "Back"),
        Binding("alt+left", "back", "Back", show=False),
        Binding("alt+right", "forward", "Forward", show=False),
    ]

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.forward_stack: list[Location] = []

    def get_default_screen(self) -> Screen[None]:
        """Home is the bottom of the screen stack."""
        from .screens.home import HomeScreen

        return HomeScreen()

    def on_mount(self) -> None:
        """Show pack problems before anything else, never a traceback."""
        problems = [p for p in self.session.result.problems if p.severity is not Severity.WARNING]
        if problems:
            self.show_problems(problems, fatal=self.session.result.fatal)
        # Progress right after the first frame (the search box needs none of it), and
        # before anything else: a file moved aside is reported at once.
        self.call_after_refresh(self._read_progress)

    def _read_progress(self) -> None:
        """Read the marks, and say if the progress file had to be moved aside."""
        self.known()
        for message in self.session.store.warnings:
            self.notify(message, severity="warning", timeout=10)

    # -- opening pages ---------------------------------------------------------------
    def open_location(self, location: Location, *, keep_forward: bool = False) -> None:
        """Push the page for a location; a fresh navigation clears forward history."""
        if not keep_forward:
            self.forward_stack.clear()
        if location.kind == "concept":
            from .screens.concept import ConceptScreen

            if location.key in self.session.graph.concepts:
                self.push_screen(ConceptScreen(location.key))
        elif location.kind == "path":
            from .screens.path import PathScreen

            self.push_screen(PathScreen(location.key, location.depth, location.max_hops))

    def open_concept(self, concept_id: str) -> None:
        """Open a concept's page."""
        self.open_location(Location("concept", concept_id))

    def open_path(self, goal: str, depth: int | None = None, max_hops: int | None = None) -> None:
        """Open the learning path for a goal (an id or words)."""
        self.open_location(Location("path", goal, depth, max_hops))

    def follow_link(self, href: str) -> None:
        """A link in a definition: a concept's page, or a web page in the browser."""
        from ..checker import link_target

        if href.startswith(("http://", "https://")):
            self.open_url(href)
            return
        target = link_target(href)
        if target in self.session.graph.concepts:
            self.open_concept(target)
        else:
            self.notify(f"No concept {shorten(target)} in the loaded packs", severity="warning")

    def show_problems(self, problems: list[Problem], *, fatal: bool) -> None:
        """Show what is wrong with the packs."""
        from .screens.problems import ProblemsScreen

        self.push_screen(ProblemsScreen(problems, fatal=fatal))

    # -- actions ---------------------------------------------------------------------
    def action_help(self) -> None:
        """Show every key."""
        from .screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    async def action_search(self) -> None:
        """Go home and focus the search box."""
        from .screens.home import HomeScreen

        while len(self.screen_stack) > 1 and not isinstance(self.screen, HomeScreen):
            self._remember_forward(self.screen)
            await self.pop_screen()
        if isinstance(self.screen, HomeScreen):
            self.screen.focus_search()

    def action_goal(self) -> None:
        """Ask for a goal in words."""
        from .dialogs.goal import GoalDialog

        def chosen(goal: str | None) -> None:
            if goal:
                self.open_path(goal)

        self.push_screen(GoalDialog(), chosen)

    def action_export(self) -> None:
        """Open the export dialog: the glossary, and on a path page that path too."""
        from .dialogs.export import ExportDialog
        from .screens.path import PathScreen

        page = self.screen if isinstance(self.screen, PathScreen) else None
        self.push_screen(ExportDialog(path_goal=page.goal, report=page.report) if page else ExportDialog())

    # Kept plain (tests call it directly); Textual runs plain and async actions alike.
    def action_back(self) -> None:  # type: ignore[override]
        """Go back one page (remembering it for forward); on home, leave the search box."""
        from .screens.home import HomeScreen

        if len(self.screen_stack) > 1:
            self._remember_forward(self.screen)
            self.pop_screen()
        elif isinstance(self.screen, HomeScreen):
            self.screen.leave_search()

    def action_forward(self) -> None:
        """Go forward again after going back."""
        if self.forward_stack:
            self.open_location(self.forward_stack.pop(), keep_forward=True)

    def _remember_forward(self, screen: Screen[object]) -> None:
        location = getattr(screen, "location", None)
        if isinstance(location, Location):
            self.forward_stack.append(location)

    # -- progress --------------------------------------------------------------------
    def toggle_known(self, concept_id: str) -> bool | None:
        """Flip a known mark, saved at once; None (and a message) when it cannot be saved."""
        try:
            state = self.session.toggle_known(concept_id)
        except (ConceptmapError, OSError) as exc:
            self.notify(f"Could not save progress: {exc}", severity="error", timeout=10)
            return None
        title = self.session.graph.concepts[concept_id].title if concept_id in self.session.graph.concepts else concept_id
        self.notify(f"{'Marked' if state else 'Unmarked'} {title} {'known' if state else ''}".strip(), timeout=2)
        return state

    def undo_marks(self) -> bool:
        """Take back the last change of marks (a tick, a placement, an import), saying which; False when none."""
        try:
            batch = self.session.undo_marks()
        except (ConceptmapError, OSError) as exc:
            self.notify(f"Could not undo: {exc}", severity="error", timeout=10)
            return False
        if batch is None:
            self.notify("Nothing to undo.", timeout=2)
            return False
        changes = [f"unmarked {len(batch.added)}" if batch.added else "", f"marked {len(batch.removed)} again" if batch.removed else ""]
        self.notify(f"Undid {batch.command}: {', '.join(c for c in changes if c)}", timeout=4)
        return True

    def known(self) -> set[str]:
        """The current marks, or none (with a message) when the progress file is unusable."""
        try:
            return self.session.known
        except ConceptmapError as exc:
            self.notify(str(exc), severity="error", timeout=10)
            return set()


def level_name(depth: int | None) -> str:
    """A depth as its level name ("use"), or "default"."""
    return Depth(depth).label if depth is not None else "default"


def run(session: Session) -> None:
    """Run the app until the user quits."""
    freeze_loaded()  # the loaded graph lives until exit: later collections skip it
    ConceptmapApp(session).run()
