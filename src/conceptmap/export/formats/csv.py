"""CSV: the glossary one row per concept; a path one row per step."""

from __future__ import annotations

from ..base import ExportFormat, GlossaryJob, PathJob, Writer


def glossary(job: GlossaryJob) -> str:
    """The glossary as CSV (glossary.render_csv)."""
    from ..glossary import render_csv

    return render_csv(job.graph, job.concepts, sort=job.sort, known=job.known)


def path(job: PathJob) -> str:
    """The path as CSV, with running minutes (pathexport.path_rows)."""
    from ..pathexport import CSV_COLUMNS, path_rows
    from ..records import csv_text

    return csv_text(CSV_COLUMNS, path_rows(job.report))


FORMAT = ExportFormat(
    name="csv",
    title="CSV",
    suffix=".csv",
    glossary=Writer("CSV spreadsheet (every field)", glossary),
    path=Writer("CSV, one row per step", path),
)
