"""HTML: the glossary, or a learning path with its weeks, as one self-contained web page."""

from __future__ import annotations

from ..base import ExportFormat, GlossaryJob, PathJob, Writer


def glossary(job: GlossaryJob) -> str:
    """The glossary as one page (htmlpage.render_page)."""
    from ..htmlpage import render_page

    return render_page(job.graph, job.concepts, sort=job.sort, known=job.known)


def path(job: PathJob) -> str:
    """The path as one page: steps, where to learn each, the weeks when asked (pathpage.path_page)."""
    from ..pathpage import path_page

    return path_page(job.report)


FORMAT = ExportFormat(
    name="html",
    title="HTML",
    suffix=".html",
    glossary=Writer("Web page (one self-contained file)", glossary),
    path=Writer("Web page (the path, with its weeks)", path, hint="a web page"),
)
