"""A learning path as shown to people: one object that the CLI, the exports and the TUI render.

``Session.path_report`` builds a PathReport once: the goal as understood, the plan,
the rabbit holes, what one level deeper adds, each step's chain of reasons, the
message for an empty path, the weekly plan when one was asked for (conceptmap.schedule),
and the JSON of `conceptmap path --json`. Renderers only format it; nothing here is
computed twice, and everything is linear in the path's length (the ladder, which plans
four times, is computed only when asked for).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from functools import cached_property
from itertools import accumulate
from typing import TYPE_CHECKING

from .model import Concept, Depth, Graph, Resource
from .planner import HoleReason, Plan, RabbitHole, Rung, Step
from .schedule import Schedule, Week, pack_weeks

if TYPE_CHECKING:
    from .goal import Candidate, Goal
    from .planner import Planner

__all__ = ["JSON_VERSION", "Deeper", "HoleReason", "PathReport", "Plan", "RabbitHole", "Rung", "Schedule", "StepView", "Week", "build_report"]

#: Version of the JSON shape; additions keep the number, a change of meaning raises it (docs/cli.md).
JSON_VERSION = 1


@dataclass(frozen=True, slots=True)
class Deeper:
    """What planning one level deeper would add to the path."""

    depth: Depth
    concepts: int
    minutes: int


@dataclass(frozen=True, slots=True)
class StepView:
    """One step as shown: its number, running time and the titles of why it is there."""

    number: int
    step: Step
    cumulative_minutes: int
    why_titles: tuple[str, ...]  # the chain from this step to the target, titles, this step first

    @property
    def concept(self) -> Concept:
        """The concept to learn."""
        return self.step.concept

    @property
    def resources(self) -> tuple[Resource, ...]:
        """Where to learn it."""
        return self.step.concept.resources

    @property
    def reason(self) -> str:
        """Why the step is on the path, in words: "your goal" or "for A → B → target"."""
        return "your goal" if len(self.why_titles) < 2 else "for " + " → ".join(self.why_titles[1:])


@dataclass(frozen=True)
class PathReport:
    """Everything a path page, a path export or `conceptmap path` shows, computed once."""

    goal: str  # the words as given, shortened for display and JSON
    understood: Goal
    plan: Plan
    steps: tuple[StepView, ...]
    deeper: Deeper | None  # None at theory, where nothing is deeper
    known_skipped: tuple[str, ...]  # steps the path would hold if nothing were known, that are known
    graph: Graph = field(repr=False, compare=False)
    _planner: Planner = field(repr=False, compare=False)
    schedule: Schedule | None = None  # the steps in weeks, when hours a week were given

    # -- what every view shows ---------------------------------------------------------
    @property
    def target(self) -> Concept:
        """The main target (a track's is its last goal)."""
        return self.plan.target

    @property
    def depth_limit(self) -> Depth:
        """The level the path was planned at."""
        return self.plan.depth_limit

    @property
    def rabbit_holes(self) -> list[RabbitHole]:
        """Prerequisites cut, shallow first."""
        return self.plan.rabbit_holes

    @property
    def total_minutes(self) -> int:
        """Minutes for every step together."""
        return self.plan.total_minutes

    @property
    def empty_message(self) -> str | None:
        """Why the path has no steps, in words; None when it has steps."""
        if self.steps:
            return None
        plan = self.plan
        if plan.assumed_by is not None:
            by = self.graph.concepts[plan.assumed_by].title
            return f"Nothing to learn: you know {by}, which builds on {plan.target.title}."
        return "You already know this one."

    @cached_property
    def alternatives(self) -> list[Candidate]:
        """Other readings of an ambiguous goal to offer ("Did you mean"), at most three; none
        when it is not ambiguous. A runner-up already on the path, or known, is not another
        reading: the learner meets it anyway ("Topic modeling" on the way to LDA)."""
        if not self.understood.ambiguous:
            return []
        on_path = {*self.plan.ids, *self.plan.known_skipped, *self.known_skipped}
        return [c for c in self.understood.others if c.concept is None or c.concept.id not in on_path][:3]

    def title(self, concept_id: str) -> str:
        """A concept's title, or its id when no loaded pack has it."""
        return self.graph.title_of(concept_id)

    def hole_label(self, hole: RabbitHole) -> str:
        """Why a rabbit hole was cut, in a word or two: its depth, or "too far"."""
        return "too far" if hole.reason is HoleReason.HOPS else hole.concept.depth.label

    @cached_property
    def ladder(self) -> list[Rung]:
        """The main target's cost at each level, overview to theory (planned on first use)."""
        return self._planner.ladder(self.target.id, max_hops=self.plan.max_hops)

    def with_schedule(self, hours_per_week: float | None, start: date | None = None) -> PathReport:
        """The same report in weeks of ``hours_per_week`` from ``start`` (default today); None for no weeks.

        Nothing is planned again: the steps are packed anew (conceptmap.schedule) and a
        ladder already computed is kept, so changing the hours costs no plan.
        """
        schedule = None if hours_per_week is None else pack_weeks(self.steps, hours_per_week, start or date.today())
        other = replace(self, schedule=schedule)
        if "ladder" in self.__dict__:  # cached_property keeps its value in the instance dict
            other.__dict__["ladder"] = self.__dict__["ladder"]
        return other

    # -- JSON ----------------------------------------------------------------------------
    def to_json(self) -> dict[str, object]:
        """The JSON of `conceptmap path --json` and of path exports (a stable contract, docs/cli.md)."""
        plan = self.plan
        out: dict[str, object] = {
            "version": JSON_VERSION,
            "goal": self.goal,
            "target": {"id": plan.target.id, "title": plan.target.title, "depth": plan.target.depth.label},
            "depth_limit": plan.depth_limit.label,
            "max_hops": plan.max_hops,
            "steps": [
                {
                    "id": view.concept.id,
                    "title": view.concept.title,
                    "depth": view.concept.depth.label,
                    "minutes": view.concept.minutes,
                    "needed_for": list(view.step.needed_for),
                    "why": list(view.step.why),
                    "resources": [r.as_dict() for r in view.resources],
                }
                for view in self.steps
            ],
            "rabbit_holes": [
                {
                    "id": h.concept.id,
                    "title": h.concept.title,
                    "depth": h.concept.depth.label,
                    "needed_for": list(h.needed_for),
                    "reason": h.reason.value,
                    "adds": {"concepts": h.adds_concepts, "minutes": h.adds_minutes},
                }
                for h in plan.rabbit_holes
            ],
            "known_skipped": list(self.known_skipped),
            "total_minutes": plan.total_minutes,
            "understood": self.understood.as_dict(),
        }
        if self.deeper is not None:
            out["deeper"] = {"depth_limit": self.deeper.depth.label, "adds": self.deeper.concepts, "minutes": self.deeper.minutes}
        if self.schedule is not None:  # only when hours a week were asked for (an addition: version stays 1)
            out["schedule"] = self.schedule.to_json()
        return out


def build_report(
    graph: Graph,
    understood: Goal,
    goal: str,
    plan: Plan,
    deeper: Plan | None,
    unknowing: Plan | None,
    planner: Planner,
    hours_per_week: float | None = None,
    start: date | None = None,
) -> PathReport:
    """Assemble a report from plans the session made (see ``Session.path_report``).

    ``deeper`` is the same goal one level deeper; ``unknowing`` the same goal as if
    nothing were known (None when nothing is), so ``known_skipped`` lists every step
    the learner's marks took off the path, not only the marks the walk met. With
    ``hours_per_week`` the steps are also packed into weeks from ``start`` (default today).
    """
    concepts = graph.concepts
    running = accumulate(step.concept.minutes for step in plan.steps)
    views = tuple(
        StepView(number, step, total, tuple(concepts[i].title if i in concepts else i for i in step.why))
        for number, (step, total) in enumerate(zip(plan.steps, running), 1)
    )
    extra = _added(plan, deeper) if deeper is not None else None
    report = PathReport(
        goal=goal,
        understood=understood,
        plan=plan,
        steps=views,
        deeper=None if deeper is None or extra is None else Deeper(deeper.depth_limit, len(extra), sum(c.minutes for c in extra)),
        known_skipped=_known_skipped(plan, unknowing),
        graph=graph,
        _planner=planner,
    )
    return report.with_schedule(hours_per_week, start) if hours_per_week is not None else report


def _added(plan: Plan, deeper: Plan) -> list[Concept]:
    """Concepts the deeper plan holds that this one does not (one set, so linear)."""
    held = set(plan.ids)
    return [s.concept for s in deeper.steps if s.concept.id not in held]


def _known_skipped(plan: Plan, unknowing: Plan | None) -> tuple[str, ...]:
    """Every step that knowing things took off the path, sorted; the known targets too."""
    if unknowing is None:
        return tuple(plan.known_skipped)
    held = set(plan.ids)
    gone = {i for i in unknowing.ids if i not in held}
    return tuple(sorted(gone | set(plan.known_skipped)))

