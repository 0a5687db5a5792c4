"""Mermaid: the prerequisite graph as a flowchart to paste into Markdown."""

from __future__ import annotations

from ..base import ExportFormat, GraphJob, Writer


def graph(job: GraphJob) -> str:
    """The graph as a Mermaid flowchart (graphexport.render_mermaid)."""
    from ..graphexport import render_mermaid

    return render_mermaid(job.concepts)


FORMAT = ExportFormat(name="mermaid", title="Mermaid", suffix=".mmd", graph=Writer("Mermaid flowchart", graph))
