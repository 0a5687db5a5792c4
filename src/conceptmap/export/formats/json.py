"""JSON: the glossary with every field; a path in exactly the `path --json` shape."""

from __future__ import annotations

from ..base import ExportFormat, GlossaryJob, PathJob, Writer


def glossary(job: GlossaryJob) -> str:
    """The glossary as JSON (glossary.render_json)."""
    from ..glossary import render_json

    return render_json(job.graph, job.concepts, sort=job.sort, known=job.known)


def path(job: PathJob) -> str:
    """The path as `conceptmap path --json` prints it."""
    from ..records import dump_json

    return dump_json(job.report.to_json())


FORMAT = ExportFormat(
    name="json",
    title="JSON",
    suffix=".json",
    glossary=Writer("JSON (every field)", glossary),
    path=Writer("JSON (the `path --json` shape)", path),
)
