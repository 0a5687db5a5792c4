"""`conceptmap check`: every problem kind, with file and line, and its exit codes."""

from __future__ import annotations

from pathlib import Path

import pytest

from conceptmap.checker import check
from conceptmap.loader import load

from conftest import concept


def problems_of(pack: Path) -> list:
    return check(load([pack], bundled=False))


def codes(pack: Path) -> set[str]:
    return {p.code for p in problems_of(pack)}


def write(pack: Path, name: str, text: str) -> None:
    (pack / "graph" / name).write_text(text, encoding="utf-8")


def test_clean_pack_has_no_problems(make_pack):
    pack = make_pack([concept("a", 0), concept("b", 1, ["a"])])
    assert problems_of(pack) == []


def test_yaml_syntax_error_has_file_and_line(make_pack):
    pack = make_pack([concept("a")])
    write(pack, "broken.yaml", "- id: b\n  title: [unclosed\n  depth: 1\n")
    [problem] = [p for p in problems_of(pack) if p.code == "yaml"]
    assert problem.path.endswith("graph/broken.yaml") and problem.line >= 2


def test_tabs_are_reported_with_their_line(make_pack):
    pack = make_pack([concept("a")])
    write(pack, "tabs.yaml", "- id: b\n\ttitle: B\n")
    [problem] = [p for p in problems_of(pack) if p.code == "yaml"]
    assert "tab" in problem.message and problem.line == 2


def test_unknown_field_suggests_the_right_one(make_pack):
    pack = make_pack([concept("a", requirs=["x"])])
    [problem] = [p for p in problems_of(pack) if p.code == "unknown-field"]
    assert "requires" in problem.message and problem.line == 6


@pytest.mark.parametrize(
    ("field", "value"),
    [("title", 5), ("depth", "deepest"), ("minutes", "ten"), ("requires", "a"), ("aliases", [1, 2]),
     ("requires_any", [["a"]]), ("resources", [{"title": "x", "url": "ftp://x"}]), ("depth", True)],
)
def test_mistyped_fields_are_problems(make_pack, field, value):
    entry = concept("b", 1)
    entry[field] = value
    pack = make_pack([concept("a"), entry])
    found = problems_of(pack)
    assert found and all(p.line > 0 for p in found)
    assert codes(pack) & {"bad-type", "depth-range", "bad-url"}


def test_depth_out_of_range(make_pack):
    assert "depth-range" in codes(make_pack([concept("a", 7)]))


def test_duplicate_ids_across_files_name_the_first(make_pack):
    pack = make_pack([concept("a")])
    write(pack, "more.yaml", "- id: a\n  title: Another A\n  depth: 1\n")
    [problem] = [p for p in problems_of(pack) if p.code == "duplicate-id"]
    assert "concepts.yaml:1" in problem.message and problem.path.endswith("more.yaml")


def test_duplicate_titles_and_aliases(make_pack):
    pack = make_pack([
        concept("a", title="Same"),
        concept("b", title="same"),
        concept("c", aliases=["shared name"]),
        concept("d", aliases=["shared name"]),
        concept("e", aliases=["Same"]),
    ])
    found = [p.code for p in problems_of(pack)]
    assert found.count("duplicate-title") == 1
    assert found.count("duplicate-alias") == 2


def test_shared_acronyms_are_allowed(make_pack):
    pack = make_pack([concept("a", aliases=["LDA"]), concept("b", aliases=["LDA"])])
    assert "duplicate-alias" not in codes(pack)


def test_unknown_references(make_pack):
    pack = make_pack([concept("a", 1, ["nope"], related=["ghost"], requires_any=[["a2", "b2"]])])
    assert sum(p.code == "unknown-ref" for p in problems_of(pack)) == 4


def test_self_cycle_and_long_cycle_are_spelled_out(make_pack):
    pack = make_pack([
        concept("self", 1, ["self"]),
        concept("a", 1, ["c"]), concept("b", 1, ["a"]), concept("c", 1, ["b"]),
    ])
    cycles = [p.message for p in problems_of(pack) if p.code == "cycle"]
    assert any("self requires itself" in m for m in cycles)
    assert any("a -> " in m and m.endswith("-> a") and "b" in m and "c" in m for m in cycles)


def test_missing_and_orphan_definitions(make_pack):
    pack = make_pack([concept("a"), concept("b")])
    (pack / "glossary" / "b.md").unlink()
    (pack / "glossary" / "ghost.md").write_text("Nothing.", encoding="utf-8")
    found = codes(pack)
    assert {"missing-definition", "orphan-definition"} <= found


def test_broken_glossary_links_have_lines(make_pack):
    pack = make_pack([concept("a"), concept("b")], definitions={"a": "A.\n\nSee [b](b.md) and [c](c.md)."})
    [problem] = [p for p in problems_of(pack) if p.code == "broken-link"]
    assert problem.line == 3 and problem.path.endswith("glossary/a.md")


def test_near_duplicate_titles_warn(make_pack):
    pack = make_pack([concept("a", title="Gradient descent method"), concept("b", title="Gradient descent methods")])
    assert "near-duplicate" in codes(pack)


def test_depth_inversion_and_redundant_edge_warn(make_pack):
    pack = make_pack([
        concept("deep", 3), concept("shallow", 1, ["deep"]),
        concept("x", 0), concept("y", 0, ["x"]), concept("z", 0, ["x", "y"]),
    ])
    found = {p.code: p.severity.value for p in problems_of(pack)}
    assert found["depth-inversion"] == "warning"
    assert found["redundant-edge"] == "warning"


def test_unknown_area_when_areas_are_defined(make_pack):
    pack = make_pack([concept("a", area="nowhere")], areas=[{"id": "somewhere", "title": "Somewhere"}])
    assert {"unknown-area", "empty-area"} <= codes(pack)


def test_cli_exit_codes(make_pack, cli):
    clean = make_pack([concept("a")])
    bad = make_pack([concept("a", 1, ["missing"])])
    assert cli("--no-bundled", "--pack", str(clean), "check").code == 0
    run = cli("--no-bundled", "--pack", str(bad), "check")
    assert run.code == 1 and "unknown-ref" in run.err and "Traceback" not in run.err
    binary = make_pack([concept("a")])
    (binary / "graph" / "blob.yaml").write_bytes(b"\x00\x01\x02")
    run = cli("--no-bundled", "--pack", str(binary), "check")
    assert run.code == 2 and "binary" in run.err
    run = cli("--no-bundled", "--pack", "/definitely/not/here", "check")
    assert run.code == 2 and run.err.count("\n") == 1


def test_check_json(make_pack, cli):
    bad = make_pack([concept("a", 1, ["missing"])])
    run = cli("--no-bundled", "--pack", str(bad), "check", "--json")
    data = run.json()
    assert run.code == 1 and data["exit"] == 1
    assert data["problems"][0]["code"] == "unknown-ref" and data["problems"][0]["line"] == 1


def test_resources_must_be_about_their_concept(make_pack):
    """A front page, or one page for four concepts, cannot teach each of them: both are warned about."""

    def res(url: str) -> list[dict[str, object]]:
        return [{"title": "t", "url": url, "kind": "docs"}]

    shared = "https://example.org/guide.html"
    pack = make_pack(
        [
            concept("front", resources=res("https://example.org/")),
            concept("deep-page", resources=res("https://example.org/docs/front.html")),
            *(concept(f"s{i}", resources=res(f"{shared}#part-{i}")) for i in range(4)),
        ]
    )
    problems = check(load([pack], bundled=False))
    front = [p for p in problems if p.code == "resource-front-page"]
    assert [p.message.split(":")[0] for p in front] == ["front"] and front[0].line > 0
    shared_warnings = [p for p in problems if p.code == "resource-shared"]
    assert len(shared_warnings) == 1 and "serves 4 concepts" in shared_warnings[0].message


def test_hostile_names_are_reported_and_made_harmless(make_pack):
    """Bug 10: a huge title, alias or first paragraph and a bidi override are problems; the names shown are cleaned."""
    pack = make_pack(
        [
            concept("huge", title="T" * 1_000_000, aliases=["a" * 500, "fine"]),
            concept("rtl", title="evil\u202egnp.exe"),
        ],
        definitions={"huge": "word " * 1000},
    )
    result = load([pack], bundled=False)
    problems = check(result)
    assert sorted(p.code for p in problems) == ["bidi-control", "too-long", "too-long", "too-long"]
    assert all(p.line >= 1 for p in problems)
    graph = result.graph
    assert len(graph.concepts["huge"].title) == 120 and len(graph.concepts["huge"].aliases[0]) == 120
    assert graph.concepts["rtl"].title == "evilgnp.exe"
