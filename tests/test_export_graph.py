"""Graph exports: DOT rendered by Graphviz, Mermaid checked against its grammar's basics, SVG."""

from __future__ import annotations

import re
import shutil
import subprocess
import xml.etree.ElementTree as ET

import pytest

from conceptmap import export
from conceptmap.export.graphexport import Edge, dot_quote, edges, mermaid_label
from test_export_pack import TITLES, args, awkward, session  # noqa: F401

SVG = "{http://www.w3.org/2000/svg}"
needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz `dot` is not installed")
MERMAID_LINES = [
    re.compile(r'^  subgraph depth_[0-3] \["(overview|use|how|theory)"\]$'),
    re.compile(r'^    (?P<node>c_[a-z0-9_]+)\["[^"<>`]*"\]$'),
    re.compile(r"^  end$"),
    re.compile(r"^  (?P<src>c_[a-z0-9_]+) (-->|-\.->) (?P<dst>c_[a-z0-9_]+)$"),
    re.compile(r"^  classDef d[0-3] fill:#[0-9a-f]{6},stroke:#[0-9a-f]{6},color:#[0-9a-f]{6}$"),
    re.compile(r"^  class c_[a-z0-9_]+(,c_[a-z0-9_]+)* d[0-3]$"),
]


def svg_nodes(svg: str) -> dict[str, str]:
    """Graphviz node name -> its text, from the SVG."""
    root = ET.fromstring(svg)
    out = {}
    for group in root.iter(f"{SVG}g"):
        if group.get("class") == "node":
            name = group.find(f"{SVG}title").text  # type: ignore[union-attr]
            out[str(name)] = " ".join(t.text or "" for t in group.iter(f"{SVG}text"))
    return out


def svg_edge_count(svg: str) -> int:
    return sum(1 for g in ET.fromstring(svg).iter(f"{SVG}g") if g.get("class") == "edge")


def test_edges_are_prerequisite_links(session):
    found = edges(list(session.graph))
    assert Edge("alpha", "beta") in found and Edge("beta", "gamma") in found
    assert Edge("alpha", "delta", True) in found and Edge("beta", "delta", True) in found
    assert Edge("delta", "eclair") in found and len(found) == 6  # related links are not drawn


def test_dot_quoting():
    assert dot_quote('a "b" \\n c\nd') == '"a \\"b\\" \\\\n c d"'


@needs_dot
def test_dot_renders_with_graphviz(session):
    source = export.render_graph(list(session.graph), "dot")
    proc = subprocess.run(["dot", "-Tsvg"], input=source, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    nodes = svg_nodes(proc.stdout)
    assert {n[2:]: t for n, t in nodes.items() if n.startswith("c:")} == TITLES
    assert {"depth:0", "depth:1", "depth:2", "depth:3"} <= set(nodes)
    assert svg_edge_count(proc.stdout) == 6  # the chain that orders the depth columns is invisible


def test_dot_shows_depth_by_colour_and_rank(session):
    source = export.render_graph(list(session.graph), "dot")
    assert '{ rank=same; "depth:3"; "c:delta"; }' in source
    assert re.search(r'"c:alpha" \[label=.*fillcolor="#d8f3dc"', source)
    assert '"c:beta" -> "c:delta" [style=dashed];' in source


def check_mermaid(text: str) -> None:
    """The basics of Mermaid's flowchart grammar, line by line."""
    lines = text.rstrip("\n").split("\n")
    assert lines[0] in ("flowchart LR", "graph LR")
    declared: set[str] = set()
    for line in lines[1:]:
        match = next((m for m in (p.match(line) for p in MERMAID_LINES) if m), None)
        assert match, f"not well formed: {line!r}"
        groups = match.groupdict()
        if groups.get("node"):
            declared.add(groups["node"])
        if groups.get("src"):
            assert {groups["src"], groups["dst"]} <= declared, line


def test_mermaid_grammar(session):
    text = export.render_graph(list(session.graph), "mermaid")
    check_mermaid(text)
    assert "c_two_step[" in text and text.count(" --> ") == 4 and text.count(" -.-> ") == 2


def test_mermaid_labels_escape_markup():
    assert mermaid_label('A "b" <c> #d `e` & f') == '"A #34;b#34; #60;c#62; #35;d #96;e#96; #38; f"'


def test_mermaid_ids_are_safe_for_any_id():
    from helpers import graph_of

    graph = graph_of(("end", 0), ("a b", 1, ["end"]), ("graph", 1, ["a b"]), ("x-y", 2, ["graph"]))
    text = export.render_graph(list(graph), "mermaid")
    check_mermaid(text)
    assert "c_end --> c_a_b" in text


def test_around_and_radius(session):
    near = export.graph_scope(session, around="gamma", radius=1)
    assert sorted(c.id for c in near) == ["beta", "gamma"]
    wider = export.graph_scope(session, around="gamma", radius=2)
    assert sorted(c.id for c in wider) == ["alpha", "beta", "delta", "gamma"]


def test_path_scope(session):
    assert [c.id for c in export.graph_scope(session, path_goal="eclair")] == ["alpha", "eclair"]


def test_deterministic(session):
    concepts = list(session.graph)
    for fmt in ("dot", "mermaid"):
        assert export.render_graph(concepts, fmt) == export.render_graph(concepts[::-1], fmt)


@needs_dot
def test_cli_svg(cli, awkward, tmp_path):
    out = tmp_path / "g.svg"
    run = cli(*args(awkward, "export", "graph", "--format", "svg", "-o", str(out), "--around", "beta", "--radius", "1"))
    assert run.code == 0, run.err
    nodes = svg_nodes(out.read_text(encoding="utf-8"))
    assert sorted(n for n in nodes if n.startswith("c:")) == ["c:alpha", "c:beta", "c:delta", "c:gamma"]


def test_cli_svg_without_graphviz_is_one_line(cli, awkward, tmp_path):
    empty = tmp_path / "bin"
    empty.mkdir()
    run = cli(*args(awkward, "export", "graph", "--format", "svg", "-o", str(tmp_path / "g.svg")), env={"PATH": str(empty)})
    assert run.code == 2
    assert run.err.startswith("conceptmap: Graphviz is not installed") and run.err.count("\n") == 1
    assert not (tmp_path / "g.svg").exists()


def test_cli_dot_and_mermaid_to_stdout(cli, awkward):
    dot = cli(*args(awkward, "export", "graph", "--format", "dot", "-o", "-", "--path", "eclair"))
    assert dot.code == 0 and dot.out.startswith("// conceptmap") and '"c:eclair"' in dot.out and '"c:gamma"' not in dot.out
    mermaid = cli(*args(awkward, "export", "graph", "--format", "mermaid", "-o", "-"))
    assert mermaid.code == 0
    check_mermaid(mermaid.out)


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--around", "alpha", "--path", "eclair"], "not both"),
        (["--radius", "2"], "--radius needs --around"),
        (["--depth", "use"], "--depth needs --path"),
        (["--around", "no-such-concept-xyz"], "concept"),
    ],
)
def test_cli_graph_bad_options(cli, awkward, extra, message):
    run = cli(*args(awkward, "export", "graph", "--format", "dot", "-o", "-", *extra))
    assert run.code == 2 and message in run.err and run.err.count("\n") == 1


def test_cli_graph_refuses_overwrite(cli, awkward, tmp_path):
    out = tmp_path / "g.dot"
    out.write_text("mine")
    run = cli(*args(awkward, "export", "graph", "--format", "dot", "-o", str(out)))
    assert run.code == 2 and out.read_text() == "mine"
    assert cli(*args(awkward, "export", "graph", "--format", "dot", "-o", str(out), "--force")).code == 0
    assert out.read_text().startswith("// conceptmap")

