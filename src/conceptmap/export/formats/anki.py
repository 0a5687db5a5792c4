"""Anki: the glossary as a deck; a path as a deck to study in path order, both directions."""

from __future__ import annotations

from ..base import ExportFormat, GlossaryJob, PathJob, Writer


def glossary(job: GlossaryJob) -> bytes:
    """The glossary deck (anki.render_apkg): one note per concept, term to definition."""
    from ..anki import render_apkg

    return render_apkg(job.graph, job.concepts)


def path(job: PathJob) -> bytes:
    """The path deck (anki.render_path_apkg): new cards due in path order, two card types."""
    from ..anki import render_path_apkg

    return render_path_apkg(job.report, job.known)


FORMAT = ExportFormat(
    name="anki",
    title="Anki",
    suffix=".apkg",
    glossary=Writer("Anki deck (.apkg)", glossary, hint=".apkg"),
    path=Writer("Anki deck in path order (.apkg)", path, hint="an .apkg deck in path order"),
    binary=True,
)
