"""A learning path as a file: the Markdown checklist and CSV rows here; JSON and the Anki deck elsewhere.

Each format renders a PathReport (conceptmap.report) and computes nothing of its own;
`render_path` and `write_path` reach every path format through the registry (export/formats/).
"""

from __future__ import annotations

from collections.abc import Set as AbstractSet
from pathlib import Path

from ..report import PathReport, StepView
from .base import PathJob, Subject
from .formats import export_format
from .markup import md_escape, md_resource
from .records import minutes_text

CSV_COLUMNS = ("step", "id", "title", "depth", "minutes", "cumulative_minutes", "needed_for", "why", "resources")


def _step_lines(view: StepView) -> list[str]:
    c = view.concept
    lines = [f"- [ ] **{md_escape(c.title)}** · {c.depth.label} · {minutes_text(c.minutes)}", f"  - {md_escape(view.reason)}"]
    lines += [f"  - learn it: {md_resource(r)}" for r in view.resources]
    return lines


def path_markdown(report: PathReport) -> str:
    """The path as a checklist: steps to tick with where to learn each, then the rabbit holes cut, then totals."""
    plan, target = report.plan, report.target
    hops = f" · at most {plan.max_hops} hops" if plan.max_hops is not None else ""
    lines = [
        f"# Learning path: {md_escape(report.goal)}",
        "",
        f"Target: **{md_escape(target.title)}** ({md_escape(target.id)}) · planned at level: {plan.depth_limit.label}{hops}",
        "",
        "## Steps",
        "",
    ]
    for view in report.steps:
        lines += _step_lines(view)
    if report.empty_message is not None:
        lines.append(md_escape(report.empty_message))
    if report.rabbit_holes:
        lines += ["", "## Rabbit holes", "", "Cut from the path; follow them only to go deeper.", ""]
        for hole in report.rabbit_holes:
            users = ", ".join(md_escape(report.title(i)) for i in hole.needed_for)
            adds = f"{hole.adds_concepts} concept(s), {minutes_text(hole.adds_minutes)}"
            lines.append(f"- **{md_escape(hole.concept.title)}** · {report.hole_label(hole)} · needed by {users} · would add {adds}")
    lines += [
        "",
        "## Totals",
        "",
        f"- Steps: {len(report.steps)}",
        f"- Time: {minutes_text(report.total_minutes)}",
        f"- Already known, left out: {len(report.known_skipped)}",
        f"- Rabbit holes cut: {len(report.rabbit_holes)}",
    ]
    if report.deeper is not None:
        deeper = report.deeper
        lines.append(f"- One level deeper ({deeper.depth.label}) adds {deeper.concepts} concept(s), {minutes_text(deeper.minutes)}")
    lines += _weeks_markdown(report)
    return "\n".join(lines) + "\n"


def _weeks_markdown(report: PathReport) -> list[str]:
    """The weekly plan (`--hours-per-week`), when one was asked for: each week's steps, then the finish."""
    schedule = report.schedule
    if schedule is None:
        return []
    lines = ["", "## Weeks", "", f"At {md_escape(schedule.pace_text)}.", ""]
    year = schedule.start.year
    for week in schedule.weeks:
        titles = ", ".join(f"{view.number}. {md_escape(view.concept.title)}" for view in week.steps)
        lines.append(f"- **{week.label}** ({week.dates(year)}): {week.summary} · {titles}")
    lines += ["", md_escape(schedule.finish_text) + ("." if schedule.finish is not None else "")]
    return lines


def path_rows(report: PathReport) -> list[dict[str, object]]:
    """One row per step, with the running total of minutes and where to learn it."""
    return [
        {
            "step": view.number,
            "id": view.concept.id,
            "title": view.concept.title,
            "depth": view.concept.depth.label,
            "minutes": view.concept.minutes,
            "cumulative_minutes": view.cumulative_minutes,
            "needed_for": list(view.step.needed_for),
            "why": " > ".join(view.step.why),
            "resources": [r.url for r in view.resources],
        }
        for view in report.steps
    ]


def render_path(report: PathReport, fmt: str) -> str:
    """The path in a text path format (md, json, csv), as text."""
    return export_format(fmt, Subject.PATH).render_text(PathJob(report))


def write_path(report: PathReport, fmt: str, out: Path, *, force: bool = False, known: AbstractSet[str] = frozenset()) -> Path:
    """Write the path in any path format; ``known`` flags the learner's marks where a format shows them."""
    return export_format(fmt, Subject.PATH).write(PathJob(report, known), Path(out), force=force)
