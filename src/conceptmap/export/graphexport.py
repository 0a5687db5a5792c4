"""Prerequisite graphs as pictures: Graphviz DOT, Mermaid, and SVG through Graphviz's `dot`.

Arrows run from a prerequisite to what needs it: solid for ``requires``, dashed for
one alternative of a ``requires_any`` group. Depth shows twice: as the node's colour
and as its column (rank), overview on the left to theory on the right.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..model import LEVEL_NAMES, Concept
from ..problems import ConceptmapError
from .base import GraphJob, Subject
from .formats import export_format
from .safety import unique_slugs
from .scope import depth_order

FILLS = ("#d8f3dc", "#cfe2ff", "#fff3bf", "#ffd6d6")  # overview, use, how, theory
STROKES = ("#2d6a4f", "#1d4ed8", "#9a7b00", "#b42318")
GRAPHVIZ_TIMEOUT = 120.0
_MERMAID_ESCAPES = str.maketrans({ch: f"#{ord(ch)};" for ch in '#"<>&`'})


@dataclass(frozen=True, order=True, slots=True)
class Edge:
    """A prerequisite link between two drawn concepts."""

    source: str  # the prerequisite
    target: str  # the concept that needs it
    optional: bool = False  # one alternative of a requires_any group


def edges(concepts: Sequence[Concept]) -> list[Edge]:
    """Links among the given concepts only, sorted; a hard link wins over an any-of one."""
    ids = {c.id for c in concepts}
    found: set[Edge] = set()
    for concept in concepts:
        found.update(Edge(pre, concept.id) for pre in concept.requires if pre in ids)
        found.update(
            Edge(pre, concept.id, True)
            for group in concept.requires_any
            for pre in group
            if pre in ids and pre not in concept.requires
        )
    return sorted(found)


def _one_line(text: str) -> str:
    return " ".join("".join(ch if ch.isprintable() else " " for ch in text).split())


def dot_quote(text: str) -> str:
    """A DOT double-quoted string: backslashes and quotes escaped, one line."""
    return '"' + _one_line(text).replace("\\", "\\\\").replace('"', '\\"') + '"'


def _levels(concepts: Sequence[Concept]) -> list[int]:
    return sorted({int(c.depth) for c in concepts})


def render_dot(concepts: Sequence[Concept]) -> str:
    """The graph as Graphviz DOT: one column (rank) and one colour per depth level."""
    ordered = depth_order(concepts)
    node = {c.id: dot_quote(f"c:{c.id}") for c in ordered}
    lines = [
        "// conceptmap prerequisite graph: arrows run from a prerequisite to what needs it;",
        "// columns and colours are depth levels (overview, use, how, theory).",
        "digraph conceptmap {",
        '  graph [rankdir=LR, nodesep=0.25, ranksep=0.9, fontname="Helvetica"];',
        '  node [shape=box, style="rounded,filled", fontname="Helvetica", fontsize=11];',
        '  edge [color="#777777", arrowsize=0.7];',
    ]
    levels = _levels(ordered)
    for level in levels:
        lines.append(f'  "depth:{level}" [label="{LEVEL_NAMES[level]}", shape=plaintext, style="", fontsize=14];')
    if len(levels) > 1:
        lines.append("  " + " -> ".join(f'"depth:{level}"' for level in levels) + " [style=invis];")
    for level in levels:
        members = " ".join(f"{node[c.id]};" for c in ordered if int(c.depth) == level)
        lines.append(f'  {{ rank=same; "depth:{level}"; {members} }}')
    for c in ordered:
        level = int(c.depth)
        tooltip = dot_quote(f"{c.id} ({c.depth.label})")
        lines.append(f'  {node[c.id]} [label={dot_quote(c.title)}, fillcolor="{FILLS[level]}", color="{STROKES[level]}", tooltip={tooltip}];')
    for edge in edges(ordered):
        style = " [style=dashed]" if edge.optional else ""
        lines.append(f"  {node[edge.source]} -> {node[edge.target]}{style};")
    return "\n".join(lines) + "\n}\n"


def mermaid_label(text: str) -> str:
    """A Mermaid node label in double quotes, markup characters as entity codes."""
    return '"' + _one_line(text).translate(_MERMAID_ESCAPES) + '"'


def render_mermaid(concepts: Sequence[Concept]) -> str:
    """The graph as a Mermaid flowchart: one subgraph and one colour class per depth level."""
    ordered = depth_order(concepts)
    node = {cid: "c_" + name.replace("-", "_") for cid, name in unique_slugs(c.id for c in ordered).items()}
    lines = ["flowchart LR"]
    for level in _levels(ordered):
        lines.append(f'  subgraph depth_{level} ["{LEVEL_NAMES[level]}"]')
        lines += [f"    {node[c.id]}[{mermaid_label(c.title)}]" for c in ordered if int(c.depth) == level]
        lines.append("  end")
    lines += [f"  {node[e.source]} {'-.->' if e.optional else '-->'} {node[e.target]}" for e in edges(ordered)]
    for level in _levels(ordered):
        members = ",".join(node[c.id] for c in ordered if int(c.depth) == level)
        lines += [f"  classDef d{level} fill:{FILLS[level]},stroke:{STROKES[level]},color:#111111", f"  class {members} d{level}"]
    return "\n".join(lines) + "\n"


def run_graphviz(source: str, *, timeout: float = GRAPHVIZ_TIMEOUT) -> str:
    """SVG from DOT source through Graphviz's `dot`; one-line errors when it is missing or fails."""
    exe = shutil.which("dot")
    if exe is None:
        raise ConceptmapError("Graphviz is not installed (no `dot` on PATH); install it, or use --format dot or mermaid")
    try:
        proc = subprocess.run([exe, "-Tsvg"], input=source, capture_output=True, text=True, encoding="utf-8", timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        raise ConceptmapError(f"Graphviz took longer than {timeout:.0f} s; draw less with --around or --path") from None
    except OSError as exc:
        raise ConceptmapError(f"cannot run Graphviz: {exc.strerror or exc}") from None
    if proc.returncode != 0:
        detail = next((line for line in proc.stderr.splitlines() if line.strip()), f"exit code {proc.returncode}")
        raise ConceptmapError(f"Graphviz failed: {detail}")
    return proc.stdout


def render_graph(concepts: Sequence[Concept], fmt: str) -> str:
    """The graph in a graph format (dot, mermaid, svg), as text."""
    return export_format(fmt, Subject.GRAPH).render_text(GraphJob(concepts))


def write_graph(concepts: Sequence[Concept], fmt: str, out: Path, *, force: bool = False) -> Path:
    """Write the graph to a file; returns the path written."""
    return export_format(fmt, Subject.GRAPH).write(GraphJob(concepts), Path(out), force=force)
