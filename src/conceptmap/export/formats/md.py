"""Markdown: the glossary as one document; a path as a checklist to tick."""

from __future__ import annotations

from ..base import ExportFormat, GlossaryJob, PathJob, Writer


def glossary(job: GlossaryJob) -> str:
    """The glossary as one Markdown document (glossary.render_markdown)."""
    from ..glossary import render_markdown

    return render_markdown(job.graph, job.concepts, sort=job.sort, known=job.known)


def path(job: PathJob) -> str:
    """The path as a checklist (pathexport.path_markdown)."""
    from ..pathexport import path_markdown

    return path_markdown(job.report)


FORMAT = ExportFormat(
    name="md",
    title="Markdown",
    suffix=".md",
    glossary=Writer("Markdown document", glossary),
    path=Writer("Markdown checklist", path, hint="a checklist"),
)
