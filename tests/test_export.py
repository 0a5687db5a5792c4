"""Glossary exports: selection, Markdown, JSON, CSV, and the rules every output follows."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from conceptmap import export
from conceptmap.export.safety import inside, slug, unique_slugs, write_file
from conceptmap.model import Depth
from conceptmap.problems import ConceptmapError
from test_export_pack import DEFINITIONS, IDS, SCRIPT, TITLES, args, awkward, session  # noqa: F401

ANCHOR_RE = re.compile(r'<a id="([^"]+)">')


def ids(concepts):
    return sorted(c.id for c in concepts)


# -- selection -------------------------------------------------------------------------
def test_select_everything_by_default(session):
    assert ids(export.select_concepts(session)) == sorted(IDS)


def test_select_by_area_id_or_title(session):
    assert ids(export.select_concepts(session, areas=["basics"])) == ["alpha", "beta", "eclair"]
    assert ids(export.select_concepts(session, areas=["ADVANCED <b>stuff</b> & more"])) == ["delta", "gamma", "two-step"]


def test_select_unknown_area_is_one_line_error(session):
    with pytest.raises(ConceptmapError, match="unknown area 'nope'; areas: advanced, basics"):
        export.select_concepts(session, areas=["nope"])


def test_select_known_and_unknown(session):
    session.set_known(["alpha", "gamma"])
    assert ids(export.select_concepts(session, known=True)) == ["alpha", "gamma"]
    assert ids(export.select_concepts(session, known=False)) == ["beta", "delta", "eclair", "two-step"]


def test_select_path_keeps_known_and_learning_order(session):
    session.set_known(["alpha"])
    chosen = export.select_concepts(session, path_goal="eclair")
    assert [c.id for c in chosen] == ["alpha", "eclair"]  # delta is theory: cut as a rabbit hole
    assert ids(export.select_concepts(session, path_goal="eclair", depth=Depth.THEORY)) == ["alpha", "delta", "eclair"]


def test_select_depth_max(session):
    assert ids(export.select_concepts(session, depth_max=Depth.OVERVIEW)) == ["alpha", "two-step"]


def test_formats_have_labels():
    assert export.FORMATS == ("md", "html", "json", "csv", "anki", "obsidian")
    assert set(export.FORMAT_LABELS) == set(export.FORMATS)
    assert export.default_filename("anki") == "glossary.apkg" and export.default_filename("obsidian") == "glossary-vault"


# -- safety ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [("bag-of-words", "bag-of-words"), ("../../etc/passwd", "etc-passwd"), ("Éclair été", "eclair-ete"), ("CON", "con-item"), ("", "item"), ("東京", "item")],
)
def test_slug(text, expected):
    assert slug(text) == expected


def test_unique_slugs_never_clash():
    names = unique_slugs(["a b", "a-b", "A_B", "x"])
    assert len(set(names.values())) == 4 and names["x"] == "x"


def test_inside_refuses_escapes(tmp_path):
    assert inside(tmp_path, "a/b.md") == (tmp_path / "a" / "b.md").resolve()
    for bad in ("../x.md", "/etc/passwd", "a/../../x", "."):
        with pytest.raises(ConceptmapError, match="refusing to write outside"):
            inside(tmp_path, bad)


def test_write_file_is_atomic_and_refuses_overwrite(tmp_path):
    out = tmp_path / "out.txt"
    write_file(out, "one", force=False)
    with pytest.raises(export.OutputExists, match="already exists; use --force"):
        write_file(out, "two", force=False)
    write_file(out, "two", force=True)
    assert out.read_text() == "two"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]  # no temp files left behind


def test_write_file_errors_are_one_line(tmp_path):
    (tmp_path / "file").write_text("x")
    cases = [(tmp_path / "file" / "out.md", "no such folder"), (tmp_path / "missing" / "out.md", "no such folder"), (tmp_path, "it is a folder")]
    for out, why in cases:
        with pytest.raises(ConceptmapError, match=why) as info:
            write_file(out, "x", force=True)
        assert "\n" not in str(info.value)


# -- Markdown --------------------------------------------------------------------------
def md_tokens(text):
    return MarkdownIt("commonmark").parse(text)


def heading_texts(tokens, tag):
    """(anchor, text) of every heading with this tag."""
    out = []
    for i, token in enumerate(tokens):
        if token.type == "heading_open" and token.tag == tag:
            children = tokens[i + 1].children
            anchors = [m for c in children if c.type == "html_inline" for m in ANCHOR_RE.findall(c.content)]
            out.append((anchors[0] if anchors else None, "".join(c.content for c in children if c.type == "text")))
    return out


def link_hrefs(tokens):
    return [c.attrGet("href") for t in tokens if t.children for c in t.children if c.type == "link_open"]


def test_markdown_terms_are_headings_with_anchors(session):
    text = export.render_glossary(session.graph, export.select_concepts(session), "md")
    tokens = md_tokens(text)
    terms = heading_texts(tokens, "h3")
    assert sorted(terms) == sorted(TITLES.items())
    assert [t for _a, t in heading_texts(tokens, "h2")] == ["Contents", "Advanced <b>stuff</b> & more", "Basics"]


def test_markdown_links_all_resolve_to_anchors(session):
    tokens = md_tokens(export.render_glossary(session.graph, export.select_concepts(session), "md"))
    anchors = {a for tag in ("h2", "h3") for a, _t in heading_texts(tokens, tag) if a}
    internal = [h for h in link_hrefs(tokens) if h.startswith("#")]
    assert internal and {h[1:] for h in internal} <= anchors
    assert "#beta" in internal and "https://example.com" in link_hrefs(tokens)
    assert not any(h.endswith(".md") for h in link_hrefs(tokens))


def test_markdown_definition_headings_are_demoted(session):
    text = export.render_glossary(session.graph, export.select_concepts(session), "md")
    tags = {t.tag for t in md_tokens(text) if t.type == "heading_open"}
    assert tags == {"h1", "h2", "h3", "h4", "h5"}  # eclair's setext h1 -> h4, beta's h2 -> h5
    assert "# not a heading" in text  # code stays code


def test_markdown_links_to_terms_left_out_become_text(session):
    text = export.render_glossary(session.graph, export.select_concepts(session, areas=["basics"]), "md")
    hrefs = link_hrefs(md_tokens(text))
    assert "#delta" not in hrefs and "[delta](delta.md)" not in text and "then delta and" in text


def test_markdown_sorted_alphabetically(session):
    text = export.render_glossary(session.graph, export.select_concepts(session), "md", sort="alpha")
    tokens = md_tokens(text)
    assert [t for _a, t in heading_texts(tokens, "h2")][1:] == ["A", "B", "D", "E", "#"]
    assert [a for a, _t in heading_texts(tokens, "h3")] == ["alpha", "beta", "delta", "eclair", "gamma", "two-step"]


def test_markdown_marks_known(session):
    session.set_known(["beta"])
    text = export.render_glossary(session.graph, export.select_concepts(session), "md", known=frozenset(session.known))
    assert text.count("✓ known") == 1


# -- JSON and CSV ----------------------------------------------------------------------
FIELDS = {"id", "title", "aliases", "depth", "area", "minutes", "requires", "unlocks", "related", "tags", "definition", "definition_text"}


def test_json_has_every_field(session):
    data = json.loads(export.render_glossary(session.graph, export.select_concepts(session), "json"))
    assert data["format"] == "conceptmap-glossary" and data["count"] == len(IDS)
    records = {r["id"]: r for r in data["concepts"]}
    assert FIELDS <= set(records["alpha"])
    assert records["alpha"]["title"] == TITLES["alpha"] and records["alpha"]["aliases"] == ["A1", "Ålpha"]
    assert records["alpha"]["unlocks"] == ["beta", "delta", "eclair"] and records["beta"]["requires"] == ["alpha"]
    assert records["beta"]["definition"] == DEFINITIONS["beta"]
    assert records["beta"]["definition_text"].startswith(f"Beta {SCRIPT} and")
    assert records["delta"]["requires_any"] == [["alpha", "beta"]] and records["delta"]["tags"] == ["has space"]
    assert records["alpha"]["definition_text"] == 'Alpha is "first", naïve, café – 東京. Second line, with a comma.\n\nSee beta and the web.'
    assert {a["id"] for a in data["areas"]} == {"basics", "advanced"}


def read_csv(text):
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_csv_round_trips_awkward_text(session):
    text = export.render_glossary(session.graph, export.select_concepts(session), "csv")
    assert text.startswith("id,title,aliases,") and "\r\n" in text
    rows = {r["id"]: r for r in read_csv(text)}
    assert len(rows) == len(IDS) and FIELDS <= set(rows["alpha"])
    assert rows["alpha"]["title"] == TITLES["alpha"] and rows["alpha"]["aliases"] == "A1; Ålpha"
    assert rows["beta"]["definition"] == DEFINITIONS["beta"]
    assert rows["two-step"]["definition"] == DEFINITIONS["two-step"]  # commas and newlines survive
    assert rows["delta"]["requires_any"] == "alpha | beta" and rows["alpha"]["unlocks"] == "beta; delta; eclair"


def test_csv_neutralises_formulas(session):
    rows = {r["id"]: r for r in read_csv(export.render_glossary(session.graph, export.select_concepts(session), "csv"))}
    assert rows["gamma"]["definition"].startswith("'=HYPERLINK(")


# -- the CLI ---------------------------------------------------------------------------
def test_cli_writes_and_refuses_overwrite_without_force(cli, awkward, tmp_path):
    out = tmp_path / "g.md"
    first = cli(*args(awkward, "export", "glossary", "--format", "md", "-o", str(out)))
    assert first.code == 0, first.err
    assert f"Wrote 6 concepts (md) to {out}" in first.out
    out.write_text("mine")
    again = cli(*args(awkward, "export", "glossary", "--format", "md", "-o", str(out)))
    assert again.code == 2 and again.err.strip().count("\n") == 0 and "--force" in again.err
    assert out.read_text() == "mine"
    forced = cli(*args(awkward, "export", "glossary", "--format", "md", "-o", str(out), "--force"))
    assert forced.code == 0 and out.read_text().startswith("# Glossary")


@pytest.mark.parametrize("where", ["file/out.md", "missing/out.md", "."])
def test_cli_unwritable_path_is_one_line_exit_2(cli, awkward, tmp_path, where):
    (tmp_path / "file").write_text("x")
    run = cli(*args(awkward, "export", "glossary", "--format", "md", "-o", str(tmp_path / where), "--force"))
    assert run.code == 2
    assert run.err.startswith("conceptmap: cannot write") and run.err.count("\n") == 1
    assert "Traceback" not in run.err


def test_cli_prints_text_formats_to_stdout(cli, awkward):
    run = cli(*args(awkward, "export", "glossary", "--format", "json", "-o", "-", "--area", "basics", "--sort", "alpha"))
    assert run.code == 0
    assert [c["id"] for c in run.json()["concepts"]] == ["alpha", "beta", "eclair"]


def test_cli_binary_formats_refuse_stdout(cli, awkward):
    run = cli(*args(awkward, "export", "glossary", "--format", "anki", "-o", "-"))
    assert run.code == 2 and "cannot be printed" in run.err


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--area", "nope"], "unknown area"),
        (["--depth", "use"], "--depth needs --path"),
        (["--depth-max", "deepest"], "unknown level"),
        (["--known"], "no concepts match"),
        (["--path", "no such thing at all xyzzy"], "no concept matches"),
    ],
)
def test_cli_bad_options_exit_2(cli, awkward, extra, message):
    run = cli(*args(awkward, "export", "glossary", "--format", "md", "-o", "-", *extra))
    assert run.code == 2 and message in run.err and run.err.count("\n") == 1


def test_cli_known_and_unknown(cli, awkward):
    assert cli(*args(awkward, "known", "add", "alpha")).code == 0
    known = cli(*args(awkward, "export", "glossary", "--format", "json", "-o", "-", "--known")).json()
    unknown = cli(*args(awkward, "export", "glossary", "--format", "json", "-o", "-", "--unknown")).json()
    assert [c["id"] for c in known["concepts"]] == ["alpha"] and known["concepts"][0]["known"] is True
    assert sorted(c["id"] for c in unknown["concepts"]) == sorted(set(IDS) - {"alpha"})


def test_cli_path_scope_and_depth(cli, awkward):
    run = cli(*args(awkward, "export", "glossary", "--format", "json", "-o", "-", "--path", "eclair", "--depth", "theory", "--depth-max", "use"))
    assert run.code == 0, run.err
    assert sorted(c["id"] for c in run.json()["concepts"]) == ["alpha", "eclair"]


@pytest.mark.parametrize("fmt", ["md", "html", "json", "csv"])
def test_exports_are_deterministic(session, tmp_path, fmt):
    concepts = export.select_concepts(session)
    first = export.write_glossary(session.graph, concepts, fmt, tmp_path / f"a.{fmt}")
    second = export.write_glossary(session.graph, list(reversed(concepts)), fmt, tmp_path / f"b.{fmt}")
    assert Path(first).read_bytes() == Path(second).read_bytes()


def test_unknown_format_and_sort_are_errors(session, tmp_path):
    with pytest.raises(ConceptmapError, match="unknown glossary format"):
        export.write_glossary(session.graph, [], "pdf", tmp_path / "x")
    with pytest.raises(ConceptmapError, match="unknown sort"):
        export.render_glossary(session.graph, [], "md", sort="random")
