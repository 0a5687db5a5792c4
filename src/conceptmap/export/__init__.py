"""Exports: the glossary, learning paths and prerequisite graphs as files other tools read.

Core code: never imports Textual. Heavy modules (markdown-it, genanki) load only when a
writer runs, so importing this package to list formats stays cheap.

Formats are a registry: ``export/formats/<name>.py`` defines one :class:`ExportFormat`
(name, label, file ending, a writer per subject it exports: glossary, path, graph), and
``export/formats/__init__.py`` lists the names. The CLI's choices and help, the TUI's
export dialog and the docs' tests all read the registry.

Public API (the CLI and the TUI call these):

* ``REGISTRY``, ``formats_for(subject)``, ``export_format(name, subject)``; ``fmt.write(job, out, force=)``
  with a ``GlossaryJob``, ``PathJob`` or ``GraphJob``
* ``select_concepts(session, *, areas, known, path_goal, depth, depth_max)`` -> concepts
* ``write_glossary(graph, concepts, fmt, out, *, force, sort, known)`` -> path written
* ``render_glossary(graph, concepts, fmt, *, sort, known)`` -> text (text formats only)
* ``write_path(report, fmt, out, *, force, known)`` / ``render_path(report, fmt)``
* ``graph_scope(session, *, around, radius, path_goal, depth)`` -> concepts
* ``write_graph(concepts, fmt, out, *, force)`` / ``render_graph(concepts, fmt)``

Every writer refuses to overwrite without ``force`` and raises
:class:`conceptmap.problems.ConceptmapError` (one line) when a path can't be written;
:class:`OutputExists` is the subclass for "already there".
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from .base import ExportFormat, GlossaryJob, GraphJob, PathJob, Subject
from .formats import (
    FORMAT_LABELS,
    FORMATS,
    GRAPH_FORMAT_LABELS,
    GRAPH_FORMATS,
    PATH_FORMAT_LABELS,
    PATH_FORMATS,
    REGISTRY,
    SORTS,
    SUFFIXES,
    TEXT_FORMATS,
    default_filename,
    export_format,
    formats_for,
)
from .safety import OutputExists
from .scope import graph_scope, select_concepts

if TYPE_CHECKING:  # loaded by __getattr__ below; "x as x" marks them re-exported
    from .glossary import render_glossary as render_glossary
    from .glossary import write_glossary as write_glossary
    from .graphexport import render_graph as render_graph
    from .graphexport import write_graph as write_graph
    from .pathexport import render_path as render_path
    from .pathexport import write_path as write_path

_LAZY = {
    "render_glossary": "glossary",
    "write_glossary": "glossary",
    "render_path": "pathexport",
    "write_path": "pathexport",
    "render_graph": "graphexport",
    "write_graph": "graphexport",
}

__all__ = [
    "FORMATS",
    "FORMAT_LABELS",
    "GRAPH_FORMATS",
    "GRAPH_FORMAT_LABELS",
    "PATH_FORMATS",
    "PATH_FORMAT_LABELS",
    "REGISTRY",
    "SORTS",
    "SUFFIXES",
    "TEXT_FORMATS",
    "ExportFormat",
    "GlossaryJob",
    "GraphJob",
    "OutputExists",
    "PathJob",
    "Subject",
    "default_filename",
    "export_format",
    "formats_for",
    "graph_scope",
    "select_concepts",
    *_LAZY,
]


def __getattr__(name: str) -> Any:
    """Load a writer's module on first use (PEP 562)."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f".{module}", __name__), name)
