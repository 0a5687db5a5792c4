"""A learning path to learn from: the checklist on the left, the highlighted step on the right.

The page renders a PathReport (conceptmap.report) and computes nothing of its own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Collapsible, Footer, Input, Label, Markdown, OptionList, Static, Tab, Tabs
from textual.widgets.option_list import Option

from ...goal import Candidate, Goal, UnclearGoal
from ...model import Concept, Depth
from ...problems import ConceptmapError
from ...report import PathReport, Schedule, StepView, Week
from ...schedule import Pace
from ...text import plural
from ..guards import Header
from ..widgets.concept_list import ConceptList, SafeOptionList
from ..widgets.labels import DEPTH_STYLES, minutes_text

if TYPE_CHECKING:
    from ...report import Plan
    from ..app import ConceptmapApp, Location


class PathScreen(Screen[None]):
    """The shallowest path to a goal, as a checklist that shrinks as you mark steps known."""

    app: ConceptmapApp
    BINDINGS = [
        Binding("k", "tick", "Known"),
        Binding("space", "tick", "Known", show=False),
        Binding("plus,equals_sign,d", "deeper", "Deeper", key_display="+"),
        Binding("minus", "shallower", "Shallower", key_display="-"),
        Binding("s", "save", "Save"),
        Binding("h", "hops", "Hops"),
        Binding("r", "toggle_holes", "Holes"),
        Binding("w", "weeks", "Weeks"),
        Binding("t", "place", "Place", show=False),
        Binding("u", "undo", "Undo", show=False),
        # The app's own keys (and ctrl+p's palette) still work here; the footer leaves them to
        # the help page (f1), so this page's keys fit an 80-column footer.
        Binding("ctrl+q", "app.quit", "Quit", show=False, priority=True),
        Binding("slash", "app.search", "Search", show=False),
        Binding("ctrl+g", "app.goal", "Goal", show=False, priority=True),
        Binding("e", "app.export", "Export", show=False),
    ]

    # Below 80 columns there is no room beside the checklist: the step's page is left out
    # (enter still opens it).
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (80, "-wide")]

    def __init__(self, goal: str, depth: int | None = None, max_hops: int | None = None) -> None:
        super().__init__()
        self.goal = goal
        self.depth = depth
        self.max_hops = max_hops
        self.report: PathReport | None = None
        self.understood: Goal | None = None
        self.detail_id: str | None = None  # the concept shown on the right
        self._views: dict[str, StepView] = {}  # the report's steps by id
        # What the report was planned for (level, hops, marks) and the weekly budget it shows:
        # a redraw with the same inputs keeps the report, so its ladder (four plans) is not redone.
        self._planned_for: tuple[int | None, int | None, frozenset[str]] | None = None
        self._paced: Pace | None = None
        self.error: str | None = None
        self._offered: list[str] = []  # the refs behind the candidate buttons, in order

    @property
    def plan(self) -> Plan | None:
        """The plan shown, or None when the goal could not be planned."""
        return self.report.plan if self.report is not None else None

    @property
    def location(self) -> Location:
        """Where this page is, for forward history."""
        from ..app import Location

        return Location("path", self.goal, self.depth, self.max_hops)

    def compose(self) -> ComposeResult:
        """Understood goal, controls and ladder; the checklist and rabbit holes; the step's page."""
        self._compute()
        start = f"level-{int(self.report.depth_limit)}" if self.report else None
        yield Header()
        with Vertical(id="path-top"):
            yield Static(id="understood")
            yield Horizontal(id="candidates")
            with Horizontal(id="path-controls"):
                yield Tabs(*(Tab(level.label, id=f"level-{int(level)}") for level in Depth), id="levels", active=start)
                yield Label("max hops", id="hops-label")
                yield Input(placeholder="none", id="hops", type="integer", max_length=4)
                yield Button("Save goal (s)", id="save")
            yield Static(id="ladder")
            yield Static(id="totals")
            yield Static(id="weeks")
        with Horizontal(id="path-body"):
            with Vertical(id="path-left"):
                yield ConceptList(id="steps")
                with Collapsible(title="Rabbit holes", collapsed=True, id="holes"):
                    yield ConceptList(id="hole-list")
            with VerticalScroll(id="step-detail"):
                yield Static(id="step-heading")
                yield Static(id="step-week")
                yield Static(id="step-why")
                # where to learn it comes before the definition: it is short, and it is what a learner acts on
                yield Label("Where to learn it", classes="section", id="step-learn-label")
                yield SafeOptionList(id="step-resources")
                yield Markdown("", id="step-definition", open_links=False)
                yield Static(id="step-unlocks")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        """Plan, then focus the checklist."""
        if self.max_hops is not None:
            self.query_one("#hops", Input).value = str(self.max_hops)
        self.replan()
        self.query_one("#steps").focus()

    def on_screen_resume(self) -> None:
        """Marks may have changed on a concept page."""
        self.replan()

    # -- planning --------------------------------------------------------------------
    def _plan_inputs(self) -> tuple[int | None, int | None, frozenset[str]]:
        """What the plan depends on: level, hops and marks (not the weekly budget: weeks need no plan)."""
        return (self.depth, self.max_hops, frozenset(self.app.known()))

    def _compute(self) -> str | None:
        """Build the report (through the session, as the CLI does); an error message instead of raising."""
        self._planned_for, pace = self._plan_inputs(), self.app.session.pace
        self._paced = pace
        self.error = None
        try:
            self.report = self.app.session.path_report(
                self.goal,
                Depth(self.depth) if self.depth is not None else None,
                max_hops=self.max_hops,
                hours_per_week=pace.hours_per_week if pace else None,
                start=pace.start if pace else None,
            )
            self.understood = self.report.understood
        except UnclearGoal as exc:
            self.report = None
            self.understood = Goal(self.goal, None, None, exc.candidates, confident=False)
            self.error = "Can't tell what this goal asks for. Pick one of the nearest concepts, or say it in other words."
        except ConceptmapError as exc:
            self.report = None
            self.error = str(exc)
        return self.error

    def _reschedule(self) -> None:
        """Show the weekly budget chosen since: the report's steps packed again, nothing planned again."""
        pace = self._paced = self.app.session.pace
        if self.report is None:
            return
        try:
            self.report = self.report.with_schedule(pace.hours_per_week if pace else None, pace.start if pace else None)
        except ConceptmapError as exc:  # a budget so small the weeks run past the year 9999
            self.notify(str(exc), severity="error", timeout=6)
            self.report = self.report.with_schedule(None)

    def replan(self) -> None:
        """Plan again if the marks or controls changed since the last plan (else keep the report), and redraw."""
        if not self.query("#steps"):
            return  # a key typed ahead reached a page not composed yet: on_mount plans it
        if self.report is None or self._planned_for != self._plan_inputs():
            self._compute()
        elif self._paced != self.app.session.pace:
            self._reschedule()
        error, report = self.error, self.report
        if error is not None or report is None:
            self.query_one("#understood", Static).update(Text(error or "nothing to plan", style="bold red"))
            self.query_one("#steps", ConceptList).show([], set())
            self.query_one("#holes").display = False
            self.query_one("#step-detail").add_class("-empty")
            if self.understood is not None and not self.understood.confident:
                self._offer(self.understood.candidates[:5], "Nearest:")
            return
        self.sub_title = f"Path to {report.target.title}"
        self._show_understood(report)
        self.query_one("#ladder", Static).update(_ladder_line(report))
        tabs = self.query_one("#levels", Tabs)
        active = f"level-{int(report.depth_limit)}"
        if tabs.active != active:
            with tabs.prevent(Tabs.TabActivated):
                tabs.active = active
        self._show_plan(report)

    def _show_understood(self, report: PathReport) -> None:
        u, target = report.understood, report.target
        line = Text()
        if u.text != target.id:
            line.append("Goal: ", style="dim")
            line.append(report.goal, style="bold")
            line.append("  →  ", style="dim")
        else:
            line.append("Path to ", style="dim")
        line.append(target.title, style="bold")
        line.append(f"  {target.depth.label}", style=DEPTH_STYLES[target.depth])
        if u.level is not None:
            line.append(f"   (you asked for: {u.level.label})", style="dim")
        self.query_one("#understood", Static).update(line)
        if report.alternatives:
            self._offer(report.alternatives, "Did you mean:")
        else:
            self.query_one("#candidates", Horizontal).display = False

    def _offer(self, candidates: list[Candidate], label: str) -> None:
        """Buttons to plan for another candidate (an ambiguous or unclear goal)."""
        box = self.query_one("#candidates", Horizontal)
        box.display = bool(candidates)
        if box.children or not candidates:  # the goal text never changes on this screen: built once
            return
        box.mount(Static(Text(label, style="yellow"), classes="candidates-label"))
        # Button ids allow no ":", so a track's ref ("track:ID") is looked up by position.
        self._offered = [candidate.ref for candidate in candidates]
        for i, candidate in enumerate(candidates):
            title = f"Track: {candidate.title}" if candidate.track is not None else candidate.title
            box.mount(Button(title, id=f"cand-{i}", classes="candidate"))

    def _show_plan(self, report: PathReport) -> None:
        known = self.app.known()
        totals = Text()
        if report.empty_message is None:
            totals.append(f"{plural(len(report.steps), 'concept')} · {minutes_text(report.total_minutes)}", style="bold")
            if report.known_skipped:
                totals.append(f"  ·  {len(report.known_skipped)} skipped as known", style="dim")
        else:  # a target known, or built on by something known
            totals.append(f"{report.empty_message} ✓", style="bold green")
        if report.rabbit_holes:
            totals.append(f"  ·  {len(report.rabbit_holes)} rabbit holes cut", style="yellow")
        if report.deeper is not None and report.deeper.concepts:
            totals.append(f"  ·  {report.deeper.depth.label} adds {report.deeper.concepts} (+)", style="dim")
        self.query_one("#totals", Static).update(totals)
        schedule = report.schedule if report.schedule is not None and report.schedule.weeks else None  # none when nothing to learn
        self.query_one("#weeks", Static).update(_weeks_line(schedule) if schedule is not None else "")
        self.query_one("#weeks").set_class(schedule is not None, "-shown")
        self._views = {view.concept.id: view for view in report.steps}
        extras = {view.concept.id: f"{minutes_text(view.concept.minutes)}" for view in report.steps}
        steps = self.query_one("#steps", ConceptList)
        steps.show([view.concept for view in report.steps], known, extras)
        holes = self.query_one("#holes", Collapsible)
        holes.title = f"Rabbit holes cut ({len(report.rabbit_holes)}): deeper than {report.depth_limit.label} or too far"
        hole_extras = {h.concept.id: f"+{h.adds_concepts} · {minutes_text(h.adds_minutes)}" for h in report.rabbit_holes}
        self.query_one("#hole-list", ConceptList).show([h.concept for h in report.rabbit_holes], known, hole_extras)
        holes.display = bool(report.rabbit_holes)
        shown = steps.current_id or (report.target.id if not report.steps else None)
        self._show_detail(shown)

    def _show_detail(self, concept_id: str | None) -> None:
        """The right-hand page: the concept, why it is on the path, what it unlocks, where to learn it."""
        report = self.report
        detail = self.query_one("#step-detail")
        if report is None or concept_id is None or concept_id not in report.graph.concepts:
            detail.add_class("-empty")
            return
        detail.remove_class("-empty")
        self.detail_id = concept_id
        graph = report.graph
        concept = graph.concepts[concept_id]
        view = self._views.get(concept_id)
        heading = Text()
        heading.append(concept.title, style="bold")
        heading.append(f"  {concept.depth.label}", style=DEPTH_STYLES[concept.depth])
        heading.append(f"  ·  {minutes_text(concept.minutes)}", style="dim")
        if concept_id in self.app.known():
            heading.append("  ✓ known", style="bold green")
        self.query_one("#step-heading", Static).update(heading)
        # The step's week on the right (the checklist has no room for it at 80 columns).
        week = report.schedule.week_of(concept_id) if report.schedule is not None else None
        self.query_one("#step-week", Static).update(_week_text(report.schedule, week) if report.schedule and week else "")
        self.query_one("#step-week").set_class(week is not None, "-shown")
        self.query_one("#step-why", Static).update(Text(_why(report, concept, view), style="italic"))
        self.query_one("#step-definition", Markdown).update(concept.definition or "_No definition yet._")
        unlocks = graph.unlocks(concept_id)
        names = ", ".join(report.title(i) for i in unlocks[:8]) + (f" and {len(unlocks) - 8} more" if len(unlocks) > 8 else "")
        self.query_one("#step-unlocks", Static).update(Text(f"Unlocks: {names}", style="dim") if unlocks else "")
        resources = self.query_one("#step-resources", OptionList)
        resources.clear_options()
        for index, resource in enumerate(concept.resources):
            label = Text(f"↗ {resource.title}")
            label.append(f"  {resource.kind}" + ("" if resource.free else ", paid"), style="dim")
            resources.add_option(Option(label, id=str(index)))
        resources.display = bool(concept.resources)
        self.query_one("#step-learn-label").display = bool(concept.resources)

    # -- actions ---------------------------------------------------------------------
    def action_tick(self) -> None:
        """Mark the highlighted step known (on an empty path, unmark the goal); the path updates."""
        current = self.query_one("#steps", ConceptList).current_id
        report = self.report
        if current is None and report is not None and report.empty_message is not None:
            if report.plan.assumed_by is not None:  # not marked itself: the mark to undo is elsewhere
                by = report.title(report.plan.assumed_by)
                self.notify(f"You marked {by} known, which builds on this; unmark it on its page.", timeout=4)
                return
            current = report.target.id
        if current and self.app.toggle_known(current) is not None:
            self.replan()

    def action_place(self) -> None:
        """Placement over this path's steps: a few questions mark what you know; the path replans after saving."""
        from ..dialogs.placement import PlacementDialog

        if self.report is None or not self.report.steps:
            self.notify("Nothing to ask about: this path has no steps.", timeout=3)
            return
        self.app.push_screen(PlacementDialog([view.concept.id for view in self.report.steps], f"the path to {self.report.target.title}"))

    def action_undo(self) -> None:
        """Take back the last change of marks; the path replans."""
        if self.app.undo_marks():
            self.replan()

    def action_deeper(self) -> None:
        """One level deeper."""
        self._set_depth(min(int(Depth.THEORY), int(self.plan.depth_limit if self.plan else 0) + 1))

    def action_shallower(self) -> None:
        """One level shallower."""
        self._set_depth(max(0, int(self.plan.depth_limit if self.plan else 0) - 1))

    def _set_depth(self, depth: int) -> None:
        self.depth = depth
        self.replan()

    def action_save(self) -> None:
        """Save this goal to come back to it from home (only a goal that could be planned)."""
        if self.plan is None:
            self.notify("Nothing to save: this goal could not be planned.", severity="warning", timeout=3)
            return
        level = Depth(self.depth).label if self.depth is not None else None
        try:
            self.app.session.store.save_goal(self.goal, level, self.max_hops)
        except (ConceptmapError, OSError) as exc:
            self.notify(f"Could not save: {exc}", severity="error")
            return
        self.notify(f"Saved goal: {self.goal}", timeout=3)

    def action_hops(self) -> None:
        """Focus the max-hops box."""
        self.query_one("#hops", Input).focus()

    def action_toggle_holes(self) -> None:
        """Open or close the rabbit holes."""
        holes = self.query_one("#holes", Collapsible)
        holes.collapsed = not holes.collapsed

    def action_weeks(self) -> None:
        """Plan the path in weeks: ask for hours a week and the first day (kept for this run)."""
        from ..dialogs.week import WeekChoice, WeekDialog

        def chosen(choice: WeekChoice | None) -> None:
            if choice is not None:
                self.app.session.pace = choice.pace  # every path page of this run shows the same weeks
                self.replan()

        self.app.push_screen(WeekDialog(self.app.session.pace), chosen)

    @on(Tabs.TabActivated, "#levels")
    def level_chosen(self, event: Tabs.TabActivated) -> None:
        """A level tab was chosen."""
        if event.tab and event.tab.id:
            depth = int(event.tab.id.removeprefix("level-"))
            if self.plan is None or depth != self.plan.depth_limit:
                self._set_depth(depth)

    @on(Input.Submitted, "#hops")
    def hops_entered(self, event: Input.Submitted) -> None:
        """Apply a max-hops limit (empty for none)."""
        value = event.value.strip()
        try:
            hops = int(value) if value else None
        except ValueError:
            hops = None
        self.max_hops = hops if hops is None or hops >= 0 else None
        self.replan()
        self.query_one("#steps").focus()

    @on(Button.Pressed, "#save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, ".candidate")
    def candidate_chosen(self, event: Button.Pressed) -> None:
        """Plan for another candidate of an ambiguous goal: a concept, or a whole track."""
        ref = self._offered[int((event.button.id or "cand-0").removeprefix("cand-"))]
        if ref.startswith("track:"):
            self.app.open_path(ref)  # a track plans each goal at its own level
            return
        self.app.open_path(ref, self.depth if self.depth is not None else (self.understood.level if self.understood else None))

    @on(ConceptList.Chosen)
    def open_step(self, event: ConceptList.Chosen) -> None:
        """Open a step or a rabbit hole."""
        self.app.open_concept(event.concept_id)

    @on(OptionList.OptionHighlighted, "#steps, #hole-list")
    def step_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        """Show the highlighted step (or, while that list has focus, rabbit hole) on the right."""
        if event.option.id and (event.option_list.id == "steps" or event.option_list.has_focus):
            self._show_detail(event.option.id)

    @on(OptionList.OptionSelected, "#step-resources")
    def open_resource(self, event: OptionList.OptionSelected) -> None:
        """Open a resource of the step shown in the browser."""
        if self.detail_id is None or self.report is None:
            return
        resource = self.report.graph.concepts[self.detail_id].resources[int(event.option.id or 0)]
        self.app.open_url(resource.url)
        self.notify(f"Opening {resource.url}", timeout=3)

    @on(Markdown.LinkClicked, "#step-definition")
    def follow_link(self, event: Markdown.LinkClicked) -> None:
        """Links in a definition open the concept or the web page."""
        event.stop()
        self.app.follow_link(event.href)


def _ladder_line(report: PathReport) -> Text:
    """What each level costs, as a learner reads it: "use: 9 concepts, 4 h · how: 43 concepts, 20 h"."""
    line = Text()
    for number, rung in enumerate(report.ladder):
        if number:
            line.append("  ·  ", style="dim")
        style = DEPTH_STYLES[rung.depth] if rung.depth == report.depth_limit else "dim"
        line.append(f"{rung.depth.label}: {plural(rung.concepts, 'concept')}, {minutes_text(rung.minutes)}", style=style)
    return line


def _weeks_line(schedule: Schedule) -> Text:
    """The pace and the finish: "2.5 h a week from Mon 7 Dec 2026  ·  Goal reached by Sun 20 Dec 2026 (2 weeks)"."""
    line = Text()
    line.append(f"{schedule.pace_text}  ·  ", style="dim")
    line.append(schedule.finish_text, style="bold")
    return line


def _week_text(schedule: Schedule, week: Week) -> Text:
    """The highlighted step's week: "Week 2 of 3 · Mon 14 Dec - Sun 20 Dec", its load, and the finish."""
    text = Text()
    text.append(f"{week.label} of {schedule.week_count}", style="bold")
    text.append(f" · {week.dates(schedule.start.year)}\n")
    text.append(f"this week: {week.summary}\n", style="dim")
    text.append(schedule.finish_text, style="dim")
    return text


def _why(report: PathReport, concept: Concept, view: StepView | None) -> str:
    """Why a concept is shown: the step's reason, or why a rabbit hole was cut."""
    if view is not None:
        return view.reason[:300]
    for hole in report.rabbit_holes:
        if hole.concept.id == concept.id:
            users = ", ".join(report.title(u) for u in hole.needed_for)
            adds = f"{plural(hole.adds_concepts, 'concept')}, {minutes_text(hole.adds_minutes)}"
            return f"Cut ({report.hole_label(hole)}): needed by {users}; would add {adds}"[:300]
    return ""
