"""Every export format works on the bundled graph, whatever it holds today."""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import pytest

from conceptmap import export
from conceptmap.session import Session


@pytest.fixture(scope="module")
def bundled() -> Session:
    return Session()


@pytest.fixture(scope="module")
def everything(bundled: Session) -> list:
    concepts = export.select_concepts(bundled)
    assert concepts, "the bundled graph is empty"
    return concepts


@pytest.mark.parametrize("fmt", export.FORMATS)
def test_glossary_formats(bundled, everything, tmp_path, fmt):
    out = export.write_glossary(bundled.graph, everything, fmt, tmp_path / export.default_filename(fmt))
    assert Path(out).exists()
    if fmt == "json":
        assert json.loads(Path(out).read_text(encoding="utf-8"))["count"] == len(everything)
    elif fmt == "anki":
        assert zipfile.ZipFile(out).testzip() is None
    elif fmt == "obsidian":
        assert len(list((Path(out) / "concepts").iterdir())) == len(everything)


@pytest.mark.parametrize("sort", export.SORTS)
def test_markdown_both_orders(bundled, everything, sort):
    assert export.render_glossary(bundled.graph, everything, "md", sort=sort).count("\n### ") == len(everything)


@pytest.mark.parametrize("fmt", export.GRAPH_FORMATS)
def test_graph_formats(everything, tmp_path, fmt):
    if fmt == "svg" and shutil.which("dot") is None:
        pytest.skip("Graphviz `dot` is not installed")
    out = export.write_graph(everything, fmt, tmp_path / f"graph.{fmt}")
    assert Path(out).stat().st_size > 0


def some_goals(session: Session) -> list[str]:
    """Up to ten goals in words from the tracks; the deepest concept's id when there are none."""
    worded = [goal for track in session.graph.tracks for goal in track.goals if not goal.startswith("id:")]
    return worded[:10] or [max(session.graph, key=lambda c: (c.depth, c.id)).id]


@pytest.mark.parametrize("fmt", export.PATH_FORMATS)
def test_path_formats(bundled, fmt, tmp_path):
    for number, goal in enumerate(some_goals(bundled)):
        report = bundled.path_report(goal, ignore_known=True)  # the Anki deck refuses an empty path
        if export.REGISTRY[fmt].printable:
            assert export.render_path(report, fmt)
        else:  # a binary or folder format: written, then found non-empty
            out = export.write_path(report, fmt, tmp_path / export.default_filename(fmt, f"path-{number}"))
            assert Path(out).stat().st_size > 0


def test_cli_round_trip(cli, tmp_path):
    run = cli("export", "glossary", "--format", "html", "-o", str(tmp_path / "g.html"))
    assert run.code == 0, run.err
    assert (tmp_path / "g.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
