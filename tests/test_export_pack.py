"""The awkward pack every export test uses, and checks that it is what the tests think it is.

Other test_export_* modules import its fixtures: ``from test_export_pack import awkward, session``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conceptmap.session import Session
from conftest import concept

SCRIPT = "<script>alert(1)</script>"
CONCEPTS = [
    concept("alpha", 0, title='Alpha "quoted", with commas', aliases=["A1", "Ålpha"], area="basics"),
    concept("beta", 1, ["alpha"], title=f"Beta {SCRIPT}", area="basics"),
    concept("gamma", 2, ["beta"], title="../../etc/passwd", area="advanced", related=["alpha"]),
    concept("delta", 3, title="Delta | pipe [[wiki]] # hash", area="advanced", requires_any=[["alpha", "beta"]], tags=["has space"]),
    concept("eclair", 1, ["alpha", "delta"], title="Éclair été", area="basics", minutes=45),
    concept("two-step", 0, title="2-step = plan", area="advanced", minutes=90),
]
DEFINITIONS = {
    "alpha": '# Alpha\n\nAlpha is "first", naïve, café – 東京.\nSecond line, with a comma.\n\nSee [beta](beta.md) and [the web](https://example.com).',
    "beta": f'Beta {SCRIPT} and <img src=x onerror="document.title=\'pwned\'">.\n\n## Details\n\nNeeds [alpha](alpha.md), "quoted".',
    "gamma": '=HYPERLINK("http://evil.example")\n\nGamma, with ![a picture](https://example.com/p.png) and <https://example.com/auto>.',
    "delta": "Delta [[not a link]] text.\n\n```\n# not a heading\n<script>x()</script>\n```",
    "eclair": "Éclair\n===\n\nA setext heading first; then [delta](delta.md) and [two step](two-step.md).",
    "two-step": "Two steps,\nthree lines,\n\n- and a list\n- of items",
}
AREAS = [
    {"id": "basics", "title": "Basics", "description": "The first things."},
    {"id": "advanced", "title": "Advanced <b>stuff</b> & more", "description": "Later things."},
]
IDS = [c["id"] for c in CONCEPTS]
TITLES = {c["id"]: c["title"] for c in CONCEPTS}


@pytest.fixture
def awkward(make_pack) -> Path:  # type: ignore[no-untyped-def]
    """A pack of six concepts with hostile titles and definitions."""
    return make_pack(CONCEPTS, name="awkward", definitions=DEFINITIONS, areas=AREAS)


@pytest.fixture
def session(awkward: Path) -> Session:
    """A session over the awkward pack only."""
    return Session([awkward], bundled=False)


def args(pack: Path, *rest: str) -> list[str]:
    """CLI arguments loading only this pack."""
    return ["--no-bundled", "--pack", str(pack), *rest]


def test_awkward_pack_checks_clean(cli, awkward):
    run = cli(*args(awkward, "check"))
    assert run.code == 0, run.err
    assert "0 problem(s)" in run.out


def test_awkward_pack_has_its_traps(session):
    graph = session.graph
    assert sorted(graph.concepts) == sorted(IDS)
    assert SCRIPT in graph.concepts["beta"].title and SCRIPT in graph.concepts["beta"].definition
    assert "../" in graph.concepts["gamma"].title
