"""A learning path as a file: a Markdown checklist, the `path --json` JSON, or CSV one row per step.

Each renders a PathReport (conceptmap.report) and computes nothing of its own.
"""

from __future__ import annotations

from pathlib import Path

from ..problems import ConceptmapError
from ..report import PathReport, StepView
from .formats import PATH_FORMATS
from .markup import md_escape, md_resource
from .records import csv_text, dump_json, minutes_text
from .safety import check_file, write_file

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
    return "\n".join(lines) + "\n"


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
    """The path in one of PATH_FORMATS, as text."""
    if fmt == "md":
        return path_markdown(report)
    if fmt == "json":
        return dump_json(report.to_json())
    if fmt == "csv":
        return csv_text(CSV_COLUMNS, path_rows(report))
    raise ConceptmapError(f"unknown path format {fmt!r}; formats: {', '.join(PATH_FORMATS)}")


def write_path(report: PathReport, fmt: str, out: Path, *, force: bool = False) -> Path:
    """Write the path to a file; returns the path written."""
    check_file(Path(out), force=force)
    return write_file(Path(out), render_path(report, fmt), force=force)
