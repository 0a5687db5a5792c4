"""Graphviz DOT: the prerequisite graph as source for `dot`."""

from __future__ import annotations

from ..base import ExportFormat, GraphJob, Writer


def graph(job: GraphJob) -> str:
    """The graph as DOT (graphexport.render_dot)."""
    from ..graphexport import render_dot

    return render_dot(job.concepts)


FORMAT = ExportFormat(name="dot", title="DOT", suffix=".dot", graph=Writer("Graphviz DOT source", graph))
