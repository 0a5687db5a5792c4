"""Home: the search box, and when it is empty, progress, saved goals, tracks and what to learn next."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Input, Label, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from ..widgets.concept_list import ConceptList, SafeOptionList
from ..widgets.labels import minutes_text

if TYPE_CHECKING:
    from ...search import Hit
    from ..app import ConceptmapApp

SEARCH_DEBOUNCE = 0.06  # seconds: typing faster than this searches once
BODY_DELAY = 0.02  # seconds after mount before results and dashboard are built


class HomeScreen(Screen[None]):
    """Search as you type; a dashboard when the box is empty."""

    app: ConceptmapApp
    BINDINGS = [
        ("down", "to_results", "Results"),
        Binding("t", "place", "Place", show=False),
        Binding("u", "undo", "Undo", show=False),
    ]
    location = None

    def compose(self) -> ComposeResult:
        """Title and search box first; results and dashboard are mounted right after the first paint."""
        yield Static(f"[b]conceptmap[/b]  [dim]{self.app.SUB_TITLE}[/dim]", id="home-title")
        # select_on_focus off: a letter typed on the lists below moves here and must not be selected over
        yield Input(placeholder="Search concepts: a term, an acronym, a typo…  (ctrl+g: goal in words)", id="search", select_on_focus=False)
        yield Vertical(id="home-body")
        yield Footer()

    def on_mount(self) -> None:
        """Focus the search box; build the rest once the first frame is on screen."""
        self.focus_search()
        # A moment after the first frame: the search box is on screen and takes keys at once.
        # (A timer started now could fire before that frame and weigh it down.)
        self.call_after_refresh(self.set_timer, BODY_DELAY, self._build_body)

    async def _build_body(self) -> None:
        """Mount results and dashboard (kept out of the first paint: it is what a start waits for)."""
        results = ConceptList(id="results")
        results.display = False
        dashboard = VerticalScroll(
            Static(id="progress"),
            Horizontal(
                VerticalScroll(Label("Learn next", classes="section"), ConceptList(id="next"), classes="dash-column"),
                VerticalScroll(
                    Label("Saved goals", classes="section"),
                    SafeOptionList(id="goals"),
                    Label("Tracks", classes="section"),
                    SafeOptionList(id="tracks"),
                    classes="dash-column",
                ),
                id="dash-lists",
            ),
            id="dashboard",
        )
        # Awaited: with keys arriving (typed ahead at start), the refresh can come
        # before the nested lists are mounted, and filling them found nothing.
        await self.query_one("#home-body").mount_all([results, dashboard])
        self.call_after_refresh(self._body_ready)

    def _body_ready(self) -> None:
        self.built = True
        self.refresh_dashboard()
        self._rerun_search()

    built = False

    def on_screen_resume(self) -> None:
        """Marks may have changed on another page."""
        if self.built:
            self.refresh_dashboard()
            self._rerun_search()

    def focus_search(self) -> None:
        """Put the cursor in the search box."""
        self.query_one("#search", Input).focus()

    # -- dashboard -------------------------------------------------------------------
    def refresh_dashboard(self) -> None:
        """Progress per area, learn next, saved goals and tracks."""
        session = self.app.session
        graph = session.graph
        known = self.app.known() & set(graph.concepts)
        counts = [
            (graph.area_title(area), sum(1 for c in concepts if c.id in known), len(concepts))
            for area, concepts in graph.by_area().items()
        ]
        self._progress = (len(known), len(graph), sorted(counts, key=lambda row: row[0].lower()))
        self.query_one("#progress", Static).update(self._progress_text())
        try:
            ready = session.next_up()[:40]
        except Exception:  # progress unreadable: shown by notify already
            ready = []
        self.query_one("#next", ConceptList).show(ready, known, {c.id: minutes_text(c.minutes) for c in ready})
        goals = self.query_one("#goals", OptionList)
        goals.clear_options()
        try:
            saved = session.store.load().goals
        except Exception:
            saved = []
        for entry in saved:
            text = str(entry.get("text", ""))
            goals.add_option(Option(Text(f"➜ {text}"), id=f"goal:{text}"))
        if not saved:
            goals.add_option(Option(Text("No saved goals yet: ctrl+g for a goal, then s on its path.", style="dim"), disabled=True))
        else:
            goals.highlighted = 0
        tracks = self.query_one("#tracks", OptionList)
        tracks.clear_options()
        for track in graph.tracks:
            tracks.add_option(Option(Text(f"{track.title}  ({len(track.goals)} goals)"), id=f"track:{track.id}"))
        if not graph.tracks:
            tracks.add_option(Option(Text("No tracks in the loaded packs.", style="dim"), disabled=True))
        else:
            self._track_progress()

    def _progress_text(self) -> Text:
        """Known concepts in all, then a bar per area, by title, in two columns when they fit."""
        known, total, areas = self._progress
        text = Text()
        text.append(f"Known {known} of {total} concepts", style="bold")
        text.append(f"  ·  {len(areas)} areas\n", style="dim")
        if not areas:
            return text
        longest = max(len(title) for title, _, _ in areas)
        available = self.size.width - 4  # the dashboard's padding and scroll bar
        columns, name_width, bar = 1, min(longest, 32), 12
        for width, size in ((min(longest, 32), 10), (min(longest, 24), 8)):  # two columns if either fits
            if 2 * (width + 1 + size + 10) <= available:  # name, bar, " 123/456", gap
                columns, name_width, bar = 2, width, size
                break
        rows = -(-len(areas) // columns)  # column by column, as a reader scans down
        for row in range(rows):
            for column in range(columns):
                index = column * rows + row
                if index >= len(areas):
                    continue
                title, done, in_area = areas[index]
                filled = round(bar * done / in_area) if in_area else 0
                if len(title) > name_width:
                    title = title[: name_width - 1] + "…"
                text.append(f"{title:<{name_width}} ")
                text.append("█" * filled, style="green")
                text.append("░" * (bar - filled), style="dim")
                text.append(f" {f'{done}/{in_area}':<9}", style="dim")
            text.append("\n")
        return text

    def on_resize(self) -> None:
        """Two columns of area progress when the terminal is wide enough, else one."""
        if self.built:
            self.query_one("#progress", Static).update(self._progress_text())

    #: Known and total concepts, and (area title, known, total) per area: laid out again on resize.
    _progress: tuple[int, int, list[tuple[str, int, int]]] = (0, 0, [])

    @work(exclusive=True, thread=True, group="tracks")
    def _track_progress(self) -> None:
        """Each track's progress (plans every goal: off the UI thread)."""
        session = self.app.session
        rows = []
        for track in session.graph.tracks:
            progress = session.track_progress(track)
            rows.append((track.id, track.title, progress.done, len(progress.goals), progress.known, progress.concepts))
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show_track_progress, rows)

    def _show_track_progress(self, rows: list[tuple[str, str, int, int, int, int]]) -> None:
        tracks = self.query_one("#tracks", OptionList)
        tracks.clear_options()
        for track_id, title, done, goals, known, steps in rows:
            label = Text(title)
            label.append(f"  {done}/{goals} goals · {known}/{steps} concepts", style="dim")
            tracks.add_option(Option(label, id=f"track:{track_id}"))
        if rows:
            tracks.highlighted = 0

    @on(OptionList.OptionSelected, "#goals")
    def open_goal(self, event: OptionList.OptionSelected) -> None:
        """Open a saved goal's path."""
        goal_id = event.option.id or ""
        text = goal_id.removeprefix("goal:")
        entry = next((g for g in self.app.session.store.load().goals if g.get("text") == text), {})
        depth = entry.get("depth")
        from ...model import LEVEL_NAMES

        level = LEVEL_NAMES.index(depth) if depth in LEVEL_NAMES else None
        hops = entry.get("max_hops")
        self.app.open_path(text, level, hops if isinstance(hops, int) else None)

    @on(OptionList.OptionSelected, "#tracks")
    def open_track(self, event: OptionList.OptionSelected) -> None:
        """Open the first unfinished goal of a track."""
        track_id = (event.option.id or "").removeprefix("track:")
        track = next((t for t in self.app.session.graph.tracks if t.id == track_id), None)
        if track is None:
            return
        progress = self.app.session.track_progress(track)
        todo = next((g for g in progress.goals if not g.done and g.target is not None), None)
        if todo is None:
            self.notify(f"Track done: {track.title}")
            return
        assert todo.target is not None
        self.notify(f"{track.title}: next goal is '{todo.text}'", timeout=4)
        self.app.open_path(todo.target.id, int(todo.depth) if todo.depth is not None else None)

    @on(ConceptList.Chosen)
    def open_chosen(self, event: ConceptList.Chosen) -> None:
        """Open a concept chosen in results or learn next."""
        self.app.open_concept(event.concept_id)

    # -- search ----------------------------------------------------------------------
    @on(Input.Changed, "#search")
    def search_changed(self, event: Input.Changed) -> None:
        """Search on every key, off the UI thread."""
        self._search(event.value)

    def _rerun_search(self) -> None:
        self._search(self.query_one("#search", Input).value)

    @on(Input.Submitted, "#search")
    def open_first(self) -> None:
        """Enter in the search box opens the highlighted (or first) result."""
        if not self.built:
            return
        results = self.query_one("#results", ConceptList)
        if results.display and results.option_count:
            current = results.current_id
            if current:
                self.app.open_concept(current)

    def on_key(self, event: events.Key) -> None:
        """Typing a letter that is no key of this page, away from the search box, searches for it."""
        search = self.query_one("#search", Input)
        character = event.character
        if search.has_focus or character is None or not character.isprintable() or character.isspace():
            return
        if event.key in self.active_bindings:
            return  # g, e, ? and the like keep their meaning outside the box
        event.stop()
        event.prevent_default()
        search.focus()
        search.insert_text_at_cursor(character)

    def leave_search(self) -> None:
        """Escape in the search box: clear it; when already empty, move to the lists below."""
        search = self.query_one("#search", Input)
        if search.value:
            search.value = ""
        elif self.built and search.has_focus:
            # Letter keys (g, e, ?) then work as keys, not as text.
            target = self.query_one("#next", ConceptList)
            (target if target.option_count else self.query_one("#dashboard")).focus()

    def action_place(self) -> None:
        """Placement over the whole graph: a few questions mark what you know."""
        from ..dialogs.placement import PlacementDialog

        self.app.push_screen(PlacementDialog(None, "the whole graph"))

    def action_undo(self) -> None:
        """Take back the last change of marks; the dashboard follows."""
        if self.app.undo_marks() and self.built:
            self.refresh_dashboard()

    def action_to_results(self) -> None:
        """Move from the search box into the results."""
        if not self.built:
            return
        results = self.query_one("#results", ConceptList)
        if results.display and results.option_count:
            results.focus()

    @work(exclusive=True, thread=True, group="search")
    def _search(self, query: str) -> None:
        """Debounced search in a worker thread; a newer keystroke cancels this one."""
        worker = get_current_worker()
        if query.strip():
            time.sleep(SEARCH_DEBOUNCE)
        if worker.is_cancelled:
            return
        hits = self.app.session.index.search(query, limit=50) if query.strip() else []
        if not worker.is_cancelled:
            self.app.call_from_thread(self._show_results, query, hits)

    def _show_results(self, query: str, hits: list[Hit]) -> None:
        if not self.built:
            return  # the body shows whatever is typed once it is ready
        results = self.query_one("#results", ConceptList)
        dashboard = self.query_one("#dashboard")
        searching = bool(query.strip())
        results.display = searching
        dashboard.display = not searching
        if not searching:
            return
        known = self.app.known()
        graph = self.app.session.graph
        extras = {h.concept.id: f"{graph.area_title(h.concept.area)}" for h in hits}
        results.show([h.concept for h in hits], known, extras)
        if not hits:
            results.clear_options()
            results.add_option(Option(Text(f"No match for '{query}'. Try fewer words or another spelling.", style="dim"), disabled=True))


__all__ = ["HomeScreen"]
