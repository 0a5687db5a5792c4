"""A learning path as a file: a Markdown checklist, the `path --json` JSON, or CSV one row per step."""

from __future__ import annotations

from itertools import accumulate
from pathlib import Path

from ..model import Graph
from ..planner import Plan, RabbitHole, Step, nothing_to_learn, plan_as_dict
from ..problems import ConceptmapError
from .formats import PATH_FORMATS
from .layout import title_of
from .markup import md_escape
from .records import csv_text, dump_json, minutes_text
from .safety import check_file, write_file

CSV_COLUMNS = ("step", "id", "title", "depth", "minutes", "cumulative_minutes", "needed_for", "why")


def _why(graph: Graph, step: Step) -> str:
    """Why a step is on the path: the chain of what needs it, up to the target."""
    if len(step.why) < 2:
        return "the goal"
    return "for " + " → ".join(md_escape(title_of(graph, i)) for i in step.why[1:])


def _hole(graph: Graph, hole: RabbitHole) -> str:
    concept = hole.concept
    why = "too far from the target" if hole.reason == "hops" else concept.depth.label
    users = ", ".join(md_escape(title_of(graph, i)) for i in hole.needed_for)
    adds = f"{hole.adds_concepts} concept(s), {minutes_text(hole.adds_minutes)}"
    return f"- **{md_escape(concept.title)}** · {why} · needed by {users} · would add {adds}"


def _totals(plan: Plan, deeper: Plan | None) -> list[str]:
    lines = [
        f"- Steps: {len(plan.steps)}",
        f"- Time: {minutes_text(plan.total_minutes)}",
        f"- Already known, left out: {len(plan.known_skipped)}",
        f"- Rabbit holes cut: {len(plan.rabbit_holes)}",
    ]
    if deeper is not None:
        extra = [s for s in deeper.steps if s.concept.id not in set(plan.ids)]
        minutes = minutes_text(sum(s.concept.minutes for s in extra))
        lines.append(f"- One level deeper ({deeper.depth_limit.label}) adds {len(extra)} concept(s), {minutes}")
    return lines


def path_markdown(graph: Graph, plan: Plan, goal: str, deeper: Plan | None = None) -> str:
    """The path as a checklist: steps to tick, then the rabbit holes cut, then totals."""
    target = plan.target
    hops = f" · at most {plan.max_hops} hops" if plan.max_hops is not None else ""
    lines = [
        f"# Learning path: {md_escape(goal)}",
        "",
        f"Target: **{md_escape(target.title)}** ({md_escape(target.id)}) · planned at level: {plan.depth_limit.label}{hops}",
        "",
        "## Steps",
        "",
    ]
    for step in plan.steps:
        c = step.concept
        lines += [f"- [ ] **{md_escape(c.title)}** · {c.depth.label} · {minutes_text(c.minutes)}", f"  - {_why(graph, step)}"]
    if not plan.steps:
        lines.append(md_escape(nothing_to_learn(graph, plan)))
    if plan.rabbit_holes:
        lines += ["", "## Rabbit holes", "", "Cut from the path; follow them only to go deeper.", ""]
        lines += [_hole(graph, hole) for hole in plan.rabbit_holes]
    lines += ["", "## Totals", "", *_totals(plan, deeper)]
    return "\n".join(lines) + "\n"


def path_rows(plan: Plan) -> list[dict[str, object]]:
    """One row per step, with the running total of minutes."""
    running = accumulate(step.concept.minutes for step in plan.steps)
    return [
        {
            "step": number,
            "id": step.concept.id,
            "title": step.concept.title,
            "depth": step.concept.depth.label,
            "minutes": step.concept.minutes,
            "cumulative_minutes": total,
            "needed_for": list(step.needed_for),
            "why": " > ".join(step.why),
        }
        for number, (step, total) in enumerate(zip(plan.steps, running), 1)
    ]


def render_path(graph: Graph, plan: Plan, goal: str, fmt: str, *, deeper: Plan | None = None) -> str:
    """The path in one of PATH_FORMATS, as text."""
    if fmt == "md":
        return path_markdown(graph, plan, goal, deeper)
    if fmt == "json":
        return dump_json(plan_as_dict(plan, goal, deeper))
    if fmt == "csv":
        return csv_text(CSV_COLUMNS, path_rows(plan))
    raise ConceptmapError(f"unknown path format {fmt!r}; formats: {', '.join(PATH_FORMATS)}")


def write_path(graph: Graph, plan: Plan, goal: str, fmt: str, out: Path, *, deeper: Plan | None = None, force: bool = False) -> Path:
    """Write the path to a file; returns the path written."""
    check_file(Path(out), force=force)
    return write_file(Path(out), render_path(graph, plan, goal, fmt, deeper=deeper), force=force)
