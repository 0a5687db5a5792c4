"""A learning path: what was understood, the level ladder, the checklist and the rabbit holes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Button, Collapsible, Footer, Input, Static, Tab, Tabs

from ...goal import Candidate, Goal, UnclearGoal
from ...model import Depth
from ...planner import Plan, nothing_to_learn
from ...problems import ConceptmapError
from ..guards import Header
from ..widgets.concept_list import ConceptList
from ..widgets.labels import DEPTH_STYLES, minutes_text, short_minutes

if TYPE_CHECKING:
    from ..app import ConceptmapApp


class PathScreen(Screen[None]):
    """The shallowest path to a goal, as a checklist that shrinks as you mark steps known."""

    app: ConceptmapApp  # type: ignore[assignment]
    BINDINGS = [
        Binding("k", "tick", "Known"),
        Binding("space", "tick", "Known", show=False),
        Binding("plus,equals_sign,d", "deeper", "Deeper"),
        Binding("minus", "shallower", "Shallower", show=False),
        Binding("s", "save", "Save goal", show=False),
        Binding("h", "hops", "Max hops", show=False),
        Binding("r", "toggle_holes", "Rabbit holes", show=False),
    ]

    def __init__(self, goal: str, depth: int | None = None, max_hops: int | None = None) -> None:
        super().__init__()
        self.goal = goal
        self.depth = depth
        self.max_hops = max_hops
        self.understood: Goal | None = None
        self.plan: Plan | None = None
        self.ladder: list = []  # type: ignore[type-arg]

    @property
    def location(self):  # type: ignore[no-untyped-def]
        """Where this page is, for forward history."""
        from ..app import Location

        return Location("path", self.goal, self.depth, self.max_hops)

    def compose(self) -> ComposeResult:
        """Understood goal, controls, checklist, rabbit holes."""
        self._compute()
        start = f"level-{int(self.plan.depth_limit)}" if self.plan else None
        yield Header()
        with Vertical(id="path-top"):
            yield Static(id="understood")
            yield Horizontal(id="candidates")
            with Horizontal(id="path-controls"):
                yield Tabs(*(Tab(level.label, id=f"level-{int(level)}") for level in Depth), id="levels", active=start)
                yield Input(placeholder="max hops", id="hops", type="integer", max_length=4)
                yield Button("Save goal (s)", id="save")
            yield Static(id="totals")
        yield ConceptList(id="steps")
        with Collapsible(title="Rabbit holes", collapsed=True, id="holes"):
            yield ConceptList(id="hole-list")
        yield Footer()

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
    def _compute(self) -> str | None:
        """Understand the goal and plan it (through the session, as the CLI does); an error message instead of raising."""
        session = self.app.session
        try:
            self.understood, self.plan = session.plan(self.goal, self.depth, max_hops=self.max_hops)
            self.ladder = session.planner().ladder(self.plan.target.id, max_hops=self.max_hops)
        except UnclearGoal as exc:
            self.plan = None
            self.understood = Goal(self.goal, None, None, exc.candidates, confident=False)
            return "Can't tell what this goal asks for. Pick one of the nearest concepts, or say it in other words."
        except ConceptmapError as exc:
            self.plan = None
            return str(exc)
        return None

    def replan(self) -> None:
        """Plan again with the current marks and controls, and redraw."""
        if not self.query("#steps"):
            return  # a key typed ahead reached a page not composed yet: on_mount plans it
        error = self._compute()
        if error is not None or self.plan is None or self.understood is None or self.understood.target is None:
            self.query_one("#understood", Static).update(Text(error or "nothing to plan", style="bold red"))
            self.query_one("#steps", ConceptList).show([], set())
            self.query_one("#holes").display = False
            if self.understood is not None and not self.understood.confident:
                self._offer([c for c in self.understood.candidates if c.concept is not None][:5], "Nearest:")
            return
        ladder = self.ladder
        self.sub_title = f"Path to {self.understood.target.title}"
        self._show_understood()
        tabs = self.query_one("#levels", Tabs)
        for rung in ladder:
            tab = tabs.query_one(f"#level-{int(rung.depth)}", Tab)
            tab.label = f"{rung.depth.label} {rung.concepts}·{short_minutes(rung.minutes)}"
        active = f"level-{int(self.plan.depth_limit)}"
        if tabs.active != active:
            with tabs.prevent(Tabs.TabActivated):
                tabs.active = active
        self._show_plan()

    def _show_understood(self) -> None:
        assert self.understood is not None and self.understood.target is not None
        u, target = self.understood, self.understood.target
        line = Text()
        if u.text != target.id:
            line.append("Goal: ", style="dim")
            line.append(u.text, style="bold")
            line.append("  →  ", style="dim")
        else:
            line.append("Path to ", style="dim")
        line.append(target.title, style="bold")
        line.append(f"  {target.depth.label}", style=DEPTH_STYLES[target.depth])
        if u.level is not None:
            line.append(f"   (you asked for: {u.level.label})", style="dim")
        self.query_one("#understood", Static).update(line)
        if u.ambiguous:
            self._offer(u.others[:3], "Did you mean:")
        else:
            self.query_one("#candidates", Horizontal).display = False

    def _offer(self, candidates: list[Candidate], label: str) -> None:
        """Buttons to plan for another candidate (an ambiguous or unclear goal)."""
        box = self.query_one("#candidates", Horizontal)
        box.display = bool(candidates)
        if box.children or not candidates:  # the goal text never changes on this screen: built once
            return
        box.mount(Static(Text(label, style="yellow"), classes="candidates-label"))
        for candidate in candidates:
            assert candidate.concept is not None
            box.mount(Button(candidate.concept.title, id=f"cand-{candidate.concept.id}", classes="candidate"))

    def _show_plan(self) -> None:
        plan = self.plan
        assert plan is not None
        graph = self.app.session.graph
        known = self.app.known()
        totals = Text()
        if plan.steps:
            totals.append(f"{len(plan.steps)} concepts · {minutes_text(plan.total_minutes)}", style="bold")
        else:  # a target known, or built on by something known
            totals.append(f"{nothing_to_learn(graph, plan)} ✓", style="bold green")
        if plan.known_skipped and plan.steps:
            totals.append(f"  ·  {len(plan.known_skipped)} skipped as known", style="dim")
        if plan.rabbit_holes:
            totals.append(f"  ·  {len(plan.rabbit_holes)} rabbit holes cut", style="yellow")
        if plan.depth_limit < Depth.THEORY and plan.rabbit_holes:
            totals.append("  (+ or d: one level deeper)", style="dim")
        self.query_one("#totals", Static).update(totals)
        extras = {}
        for step in plan.steps:
            why = " → ".join(graph.concepts[i].title for i in step.why[1:3])
            extras[step.concept.id] = f"{minutes_text(step.concept.minutes)}" + (f" · for {why}" if why else " · your goal")
        self.query_one("#steps", ConceptList).show([s.concept for s in plan.steps], known, extras)
        holes = self.query_one("#holes", Collapsible)
        holes.title = f"Rabbit holes cut ({len(plan.rabbit_holes)}): deeper than {plan.depth_limit.label} or too far"
        hole_extras = {
            h.concept.id: f"needed by {', '.join(graph.concepts[u].title for u in h.needed_for)[:60]} · +{h.adds_concepts} concepts, {minutes_text(h.adds_minutes)}"
            for h in plan.rabbit_holes
        }
        self.query_one("#hole-list", ConceptList).show([h.concept for h in plan.rabbit_holes], known, hole_extras)
        holes.display = bool(plan.rabbit_holes)

    # -- actions ---------------------------------------------------------------------
    def action_tick(self) -> None:
        """Mark the highlighted step known; the path updates."""
        steps = self.query_one("#steps", ConceptList)
        current = steps.current_id
        if current and self.app.toggle_known(current) is not None:
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
        """Plan for another candidate of an ambiguous goal."""
        concept_id = (event.button.id or "").removeprefix("cand-")
        self.app.open_path(concept_id, self.depth if self.depth is not None else (self.understood.level if self.understood else None))

    @on(ConceptList.Chosen)
    def open_step(self, event: ConceptList.Chosen) -> None:
        """Open a step or a rabbit hole."""
        self.app.open_concept(event.concept_id)
