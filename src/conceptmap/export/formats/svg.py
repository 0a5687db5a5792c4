"""SVG: the prerequisite graph drawn by Graphviz (it must be on PATH)."""

from __future__ import annotations

from ..base import ExportFormat, GraphJob, Writer


def graph(job: GraphJob) -> str:
    """The DOT source run through Graphviz's `dot -Tsvg`."""
    from ..graphexport import render_dot, run_graphviz

    return run_graphviz(render_dot(job.concepts))


FORMAT = ExportFormat(name="svg", title="SVG", suffix=".svg", graph=Writer("SVG picture (needs Graphviz)", graph, hint="runs Graphviz"))
