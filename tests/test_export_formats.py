"""The format registry: every registered format is offered by the CLI and documented, and what it
writes opens in a reader that did not write it (markdown-it, html.parser, json, csv, zip + SQLite,
YAML, Graphviz, ElementTree).

A new format fails here until it has a reader in READERS and a line in docs/export.md.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import sqlite3
import subprocess
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Callable, Iterator
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import click
import pytest
import yaml
from markdown_it import MarkdownIt

from conceptmap.cli import cli as root
from conceptmap.export import REGISTRY, ExportFormat, Subject, formats_for
from conceptmap.export.formats import NAMES, names_for, stem_of
from conceptmap.problems import ConceptmapError
from conftest import REPO
from test_export_pack import IDS, TITLES, args, awkward  # noqa: F401

PAIRS = [(subject, fmt.name) for subject in Subject for fmt in formats_for(subject)]
#: The path the CLI exports in these tests: `export path eclair --depth theory`.
PATH_IDS = ["alpha", "delta", "eclair"]


# -- readers that did not write the files --------------------------------------------------
def markdown_pieces(text: str) -> Iterator[str]:
    """Each block's plain text and each bold span's text, in document order (markdown-it)."""
    for token in MarkdownIt("commonmark").parse(text):
        if token.type != "inline" or not token.children:
            continue
        yield "".join(c.content for c in token.children if c.type in ("text", "code_inline")).strip()
        bold: list[str] | None = None
        for child in token.children:
            if child.type == "strong_open":
                bold = []
            elif child.type == "strong_close" and bold is not None:
                yield "".join(bold)
                bold = None
            elif bold is not None and child.type == "text":
                bold.append(child.content)


class TextParser(HTMLParser):
    """Every piece of text in an HTML (or SVG) document, in order."""

    def __init__(self) -> None:
        super().__init__()
        self.pieces: list[str] = []

    def handle_data(self, data: str) -> None:
        """Keep each non-blank piece of text."""
        if data.strip():
            self.pieces.append(data.strip())


def read_md(path: Path) -> list[str]:
    """Markdown text, as markdown-it reads it."""
    return list(markdown_pieces(path.read_text(encoding="utf-8")))


def read_html(path: Path) -> list[str]:
    """A web page's text, as html.parser reads it."""
    parser = TextParser()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    assert path.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    return parser.pieces


def strings(value: object) -> Iterator[str]:
    """Every string in parsed JSON, depth first, in order."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)


def read_json(path: Path) -> list[str]:
    """Every string of the JSON, as json reads it."""
    return list(strings(json.loads(path.read_text(encoding="utf-8"))))


def read_csv(path: Path) -> list[str]:
    """Every cell after the header, as csv reads it (rows all the same width)."""
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    assert len({len(row) for row in rows}) == 1, "ragged CSV"
    return [cell for row in rows[1:] for cell in row]


def read_anki(path: Path) -> list[str]:
    """Every note's fields, card by card in the order Anki shows new cards (due, then card type)."""
    with zipfile.ZipFile(path) as archive:
        assert archive.testzip() is None
        db = path.with_suffix(".anki2")
        db.write_bytes(archive.read("collection.anki2"))
    with sqlite3.connect(db) as conn:
        rows = conn.execute("select n.flds from cards c join notes n on c.nid = n.id order by c.due, c.ord, n.sfld").fetchall()
    return [unescape(field) for (flds,) in rows for field in flds.split("\x1f")]


def read_obsidian(path: Path) -> list[str]:
    """Each note's YAML front matter (parsed) and its Markdown."""
    pieces: list[str] = []
    for note in sorted(path.rglob("*.md")):
        text = note.read_text(encoding="utf-8")
        _, meta, body = text.split("---\n", 2)
        assert isinstance(yaml.safe_load(meta), dict)
        pieces += markdown_pieces(body)
    return pieces


def svg_text(svg: str) -> list[str]:
    """The text elements of an SVG, as ElementTree reads it."""
    root = ET.fromstring(svg)
    return [" ".join(t.text.split()) for t in root.iter("{http://www.w3.org/2000/svg}text") if t.text]


def read_dot(path: Path) -> list[str]:
    """The DOT source drawn by Graphviz, then the SVG's text."""
    proc = subprocess.run(["dot", "-Tsvg", str(path)], capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr
    return svg_text(proc.stdout)


def read_mermaid(path: Path) -> list[str]:
    """Node labels of a Mermaid flowchart (its entity codes decoded); every line of a known shape."""
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "flowchart LR"
    labels = []
    for line in lines[1:]:
        node = re.fullmatch(r'    c_[a-z0-9_]+\["([^"]*)"\]', line)
        if node:
            labels.append(re.sub(r"#(\d+);", lambda m: chr(int(m.group(1))), node.group(1)))
        else:
            assert re.fullmatch(r'  (subgraph depth_\d \["\w+"\]|end|c_\w+ -\.?-> c_\w+|classDef .+|class [\w,]+ d\d)', line), line
    return labels


def read_svg(path: Path) -> list[str]:
    """An SVG file's text."""
    return svg_text(path.read_text(encoding="utf-8"))


READERS: dict[str, Callable[[Path], list[str]]] = {
    "md": read_md,
    "html": read_html,
    "json": read_json,
    "csv": read_csv,
    "anki": read_anki,
    "obsidian": read_obsidian,
    "dot": read_dot,
    "mermaid": read_mermaid,
    "svg": read_svg,
}
NEEDS_GRAPHVIZ = {"dot", "svg"}


def in_order(pieces: list[str], wanted: list[str]) -> bool:
    """Whether ``wanted`` appear as whole pieces, in this order (other pieces between are fine)."""
    rest = iter(pieces)
    return all(any(piece == want for piece in rest) for want in wanted)


# -- the registry ----------------------------------------------------------------------------
def test_registry_lists_every_format_once():
    assert tuple(REGISTRY) == NAMES and len(set(NAMES)) == len(NAMES)
    for name, fmt in REGISTRY.items():
        assert isinstance(fmt, ExportFormat) and fmt.name == name
        assert fmt.subjects, f"{name} exports nothing"
        assert fmt.suffix and fmt.title
        for subject in fmt.subjects:
            assert fmt.label(subject)
    assert names_for(Subject.GLOSSARY) == ("md", "html", "json", "csv", "anki", "obsidian")
    assert names_for(Subject.PATH) == ("md", "html", "json", "csv", "anki")
    assert names_for(Subject.GRAPH) == ("dot", "mermaid", "svg")


def test_every_format_has_a_reader_here():
    assert set(READERS) == set(REGISTRY), "a new format needs a reader that did not write it, in READERS"


def test_file_names_follow_the_format():
    assert [REGISTRY[n].filename("x") for n in ("md", "anki", "obsidian", "mermaid")] == ["x.md", "x.apkg", "x-vault", "x.mmd"]
    assert stem_of("words.apkg") == "words" and stem_of("notes-vault") == "notes" and stem_of("a.tar.gz") == "a.tar.gz"


def test_a_format_refuses_what_it_cannot_export(tmp_path):
    from conceptmap.export import GraphJob

    with pytest.raises(ConceptmapError, match="the html format cannot export a graph"):
        REGISTRY["html"].write(GraphJob([]), tmp_path / "x.html")
    assert not (tmp_path / "x.html").exists()


# -- the CLI offers them all ---------------------------------------------------------------
def format_choices(subject: Subject) -> tuple[str, ...]:
    """The --format choices of `export SUBJECT`, from click's own objects."""
    group = root.commands["export"]
    assert isinstance(group, click.Group)
    option = next(p for p in group.commands[subject.value].params if p.name == "fmt")
    assert isinstance(option.type, click.Choice)
    return tuple(option.type.choices)


@pytest.mark.parametrize("subject", list(Subject), ids=lambda s: s.value)
def test_cli_offers_every_registered_format(cli, subject):
    assert format_choices(subject) == names_for(subject)
    shown = cli("export", subject.value, "--help")
    assert shown.code == 0
    listed = re.search(r"--format \[([\w|]+)\]", shown.out)
    assert listed is not None and tuple(listed.group(1).split("|")) == names_for(subject)
    for name in names_for(subject):
        assert re.search(rf"\b{name}\b", shown.out.split("--format", 1)[1].split("-o,", 1)[0]), f"{name} missing from the help"


# -- each writes a file a reader that did not write it opens ----------------------------------
def cli_args(pack: Path, subject: Subject, name: str, out: Path) -> list[str]:
    """The CLI arguments exporting a subject in a format (the path: eclair at theory)."""
    if subject is Subject.PATH:
        return args(pack, "export", "path", "eclair", "--depth", "theory", "--format", name, "-o", str(out))
    return args(pack, "export", subject.value, "--format", name, "-o", str(out))


@pytest.mark.parametrize(("subject", "name"), PAIRS, ids=[f"{s.value}-{n}" for s, n in PAIRS])
def test_every_format_writes_what_a_reader_opens(cli, awkward, tmp_path, subject, name):
    if name in NEEDS_GRAPHVIZ and shutil.which("dot") is None:
        pytest.skip("Graphviz `dot` is not installed")
    fmt = REGISTRY[name]
    out = tmp_path / fmt.filename(f"{subject.value}-export")
    run = cli(*cli_args(awkward, subject, name, out))
    assert run.code == 0, run.err
    assert f"({name}) to {out}" in run.out
    assert out.is_dir() if fmt.folder else out.is_file()
    pieces = READERS[name](out)
    if subject is Subject.PATH:
        assert in_order(pieces, [TITLES[i] for i in PATH_IDS]), pieces[:40]
        assert TITLES["gamma"] not in pieces and TITLES["two-step"] not in pieces  # not on the path
    else:
        missing = [TITLES[i] for i in IDS if TITLES[i] not in pieces]
        assert missing == [], pieces[:40]


@pytest.mark.parametrize(("subject", "name"), PAIRS, ids=[f"{s.value}-{n}" for s, n in PAIRS])
def test_text_formats_print_and_others_refuse(cli, awkward, tmp_path, subject, name):
    if name == "svg" and shutil.which("dot") is None:
        pytest.skip("Graphviz `dot` is not installed")
    run = cli(*cli_args(awkward, subject, name, Path("-")))
    if REGISTRY[name].printable:
        assert run.code == 0 and run.out, run.err
    else:
        assert run.code == 2 and f"--format {name} cannot be printed" in run.err


# -- the docs list them all ---------------------------------------------------------------------
DOCS = (REPO / "docs" / "export.md").read_text(encoding="utf-8")
SECTIONS = {Subject.GLOSSARY: "## Glossary formats", Subject.PATH: "## Learning paths", Subject.GRAPH: "## Graphs"}


@pytest.mark.parametrize("subject", list(Subject), ids=lambda s: s.value)
def test_docs_list_every_registered_format(subject):
    usage = re.search(rf"conceptmap export {subject.value}(?: GOAL)? --format ([\w|]+)", DOCS)
    assert usage is not None and tuple(usage.group(1).split("|")) == names_for(subject)
    section = DOCS.split(SECTIONS[subject], 1)[1].split("\n## ", 1)[0]
    for name in names_for(subject):
        assert f"`{name}`" in section, f"docs/export.md: {SECTIONS[subject]} does not describe {name}"
