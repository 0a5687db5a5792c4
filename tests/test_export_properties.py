"""Exports of random packs read back equal: JSON exactly, CSV through a spreadsheet-style reader."""

from __future__ import annotations

import csv
import io
import json
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conceptmap.export import write_glossary
from conceptmap.loader import PackSource, read_packs

# Text a person could put in a pack: any printable Unicode, quotes, commas, markup, newlines.
TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\u2028\u2029\x85") | st.sampled_from('\n",<>&\'=+-@'),
    min_size=1,
    max_size=60,
).map(str.strip).filter(lambda s: s and not s.startswith("'"))
NAME = TEXT.map(lambda s: " ".join(s.split())).filter(lambda s: s and ";" not in s and "|" not in s)


@st.composite
def packs(draw: st.DrawFn) -> list[dict[str, object]]:
    """1 to 8 concepts with awkward titles, aliases and definitions; requires point backwards."""
    count = draw(st.integers(1, 8))
    concepts = []
    for i in range(count):
        concepts.append(
            {
                "id": f"c{i}",
                "title": draw(NAME),
                "aliases": draw(st.lists(NAME, max_size=3, unique=True)),
                "depth": draw(st.integers(0, 3)),
                "minutes": draw(st.integers(1, 600)),
                "requires": draw(st.lists(st.sampled_from([f"c{j}" for j in range(i)]), unique=True, max_size=3)) if i else [],
                "definition": draw(TEXT),
            }
        )
    return concepts


def load(concepts: list[dict[str, object]], root: Path):  # type: ignore[no-untyped-def]
    (root / "graph").mkdir(parents=True)
    (root / "glossary").mkdir()
    entries = [{k: v for k, v in c.items() if k != "definition"} for c in concepts]
    (root / "graph" / "concepts.yaml").write_text(yaml.safe_dump(entries, allow_unicode=True), encoding="utf-8")
    for c in concepts:
        (root / "glossary" / f"{c['id']}.md").write_text(str(c["definition"]), encoding="utf-8")
    result = read_packs([PackSource(root, "random")])
    assert not result.problems, result.problems
    return result.graph


def unformula(cell: str) -> str:
    """Undo the exporter's guard against spreadsheet formulas."""
    return cell[1:] if cell[:1] == "'" and cell[1:2] in ("=", "+", "-", "@") else cell


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(packs())
def test_json_and_csv_exports_read_back_equal(concepts: list[dict[str, object]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        graph = load(concepts, root / "pack")
        chosen = list(graph)
        write_glossary(graph, chosen, "json", root / "out.json")
        write_glossary(graph, chosen, "csv", root / "out.csv")
        data = json.loads((root / "out.json").read_text(encoding="utf-8"))
        rows = list(csv.DictReader(io.StringIO((root / "out.csv").read_text(encoding="utf-8"), newline="")))
    by_id = {c["id"]: c for c in data["concepts"]}
    assert set(by_id) == set(graph.concepts)
    for concept in graph:
        item = by_id[concept.id]
        assert item["title"] == concept.title
        assert item["aliases"] == list(concept.aliases)
        assert item["depth"] == concept.depth.label and item["minutes"] == concept.minutes
        assert item["requires"] == list(concept.requires)
        assert item["definition"] == concept.definition
    assert [r["id"] for r in rows] == [c["id"] for c in data["concepts"]]
    for row in rows:
        concept = graph.concepts[row["id"]]
        assert unformula(row["title"]) == concept.title
        assert unformula(row["definition"]) == concept.definition
        aliases = [unformula(a) for a in row["aliases"].split("; ")] if row["aliases"] else []
        assert aliases == list(concept.aliases)
        assert row["requires"] == "; ".join(concept.requires)
        assert int(row["minutes"]) == concept.minutes
