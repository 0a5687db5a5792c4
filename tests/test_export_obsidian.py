"""The Obsidian vault: every wikilink resolves, front matter parses, files stay inside the folder."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from conceptmap import export
from conceptmap.export.safety import MARKER
from conceptmap.problems import ConceptmapError
from helpers import graph_of
from test_export_pack import IDS, TITLES, args, awkward, session  # noqa: F401

WIKILINK = re.compile(r"\[\[([^\]|]+)(?:\|([^\]]*))?\]\]")


def notes(vault: Path) -> dict[str, str]:
    return {p.relative_to(vault).as_posix(): p.read_text(encoding="utf-8") for p in sorted(vault.rglob("*.md"))}


def front_matter(text: str) -> dict:
    assert text.startswith("---\n")
    return yaml.safe_load(text.split("---\n", 2)[1])


@pytest.fixture
def vault(session, tmp_path) -> Path:
    return export.write_glossary(session.graph, export.select_concepts(session), "obsidian", tmp_path / "vault")


def test_layout(vault):
    assert sorted(notes(vault)) == sorted(["areas/advanced.md", "areas/basics.md", "index.md", *(f"concepts/{i}.md" for i in IDS)])
    assert (vault / MARKER).is_file()


def test_every_wikilink_resolves(vault):
    links = 0
    for name, text in notes(vault).items():
        for target, _label in WIKILINK.findall(text):
            links += 1
            assert (vault / f"{target}.md").is_file(), f"{name} links to missing {target}"
    assert links > 20


def test_links_between_concepts(vault):
    beta = (vault / "concepts/beta.md").read_text(encoding="utf-8")
    assert "**Needs:** [[concepts/alpha|" in beta and "[[concepts/gamma|../../etc/passwd]]" in beta
    assert "Needs [[concepts/alpha|alpha]]" in beta  # the glossary link in the definition
    gamma = (vault / "concepts/gamma.md").read_text(encoding="utf-8")
    assert "**See also:** [[concepts/alpha|" in gamma


def test_front_matter(vault):
    for cid in IDS:
        meta = front_matter((vault / f"concepts/{cid}.md").read_text(encoding="utf-8"))
        assert meta["aliases"][0] == TITLES[cid].replace("|", "¦").replace("[", "(").replace("]", ")")
        assert meta["conceptmap_id"] == cid
        assert all(" " not in tag for tag in meta["tags"])
    alpha = front_matter((vault / "concepts/alpha.md").read_text(encoding="utf-8"))
    assert alpha == {
        "aliases": ['Alpha "quoted", with commas', "A1", "Ålpha"],
        "tags": ["conceptmap", "area/basics", "depth/overview"],
        "depth": "overview",
        "area": "basics",
        "minutes": 10,
        "conceptmap_id": "alpha",
    }


def test_stray_double_brackets_are_not_links(vault):
    delta = (vault / "concepts/delta.md").read_text(encoding="utf-8")
    assert "not a link" in delta and "[[not a link]]" not in delta


def test_links_to_notes_left_out_are_text(session, tmp_path):
    vault = export.write_glossary(session.graph, export.select_concepts(session, areas=["basics"]), "obsidian", tmp_path / "v")
    eclair = (vault / "concepts/eclair.md").read_text(encoding="utf-8")
    assert "[[concepts/delta" not in eclair and "then delta and two step." in eclair
    for text in notes(vault).values():
        assert all((vault / f"{t}.md").is_file() for t, _l in WIKILINK.findall(text))


def test_hostile_ids_stay_inside(tmp_path):
    graph = graph_of(("../../escape", 0), ("a/b\\c", 1, ["../../escape"]), ("CON", 1), (".hidden", 0, [], {"title": "../../t"}))
    vault = export.write_glossary(graph, list(graph), "obsidian", tmp_path / "vault")
    written = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert written and all(vault.resolve() in p.resolve().parents for p in written)
    assert sorted(p.name for p in (vault / "concepts").iterdir()) == ["a-b-c.md", "con-item.md", "escape.md", "hidden.md"]
    for text in notes(vault).values():
        assert all((vault / f"{t}.md").is_file() for t, _l in WIKILINK.findall(text))


def test_force_replaces_our_files_and_keeps_the_users(session, vault):
    (vault / ".obsidian").mkdir()
    (vault / ".obsidian" / "app.json").write_text("{}")
    (vault / "my-note.md").write_text("mine")
    with pytest.raises(export.OutputExists):
        export.write_glossary(session.graph, export.select_concepts(session), "obsidian", vault)
    export.write_glossary(session.graph, export.select_concepts(session, areas=["basics"]), "obsidian", vault, force=True)
    assert sorted(notes(vault)) == ["areas/basics.md", "concepts/alpha.md", "concepts/beta.md", "concepts/eclair.md", "index.md", "my-note.md"]
    assert (vault / ".obsidian" / "app.json").read_text() == "{}"


def test_refuses_a_folder_it_did_not_write(session, tmp_path):
    folder = tmp_path / "precious"
    folder.mkdir()
    (folder / "thesis.md").write_text("years of work")
    with pytest.raises(ConceptmapError, match="did not write"):
        export.write_glossary(session.graph, export.select_concepts(session), "obsidian", folder, force=True)
    assert [p.name for p in folder.iterdir()] == ["thesis.md"]


def test_empty_folder_needs_no_force(session, tmp_path):
    (tmp_path / "out" / "empty").mkdir(parents=True)
    vault = export.write_glossary(session.graph, export.select_concepts(session), "obsidian", tmp_path / "out" / "empty")
    assert (vault / "index.md").is_file()
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["empty"]  # no staging folder left


def test_deterministic(session, tmp_path):
    concepts = export.select_concepts(session)
    one = notes(export.write_glossary(session.graph, concepts, "obsidian", tmp_path / "one"))
    two = notes(export.write_glossary(session.graph, concepts[::-1], "obsidian", tmp_path / "two"))
    assert one == two


def test_cli_vault(cli, awkward, tmp_path):
    out = tmp_path / "vault"
    run = cli(*args(awkward, "export", "glossary", "--format", "obsidian", "-o", str(out)))
    assert run.code == 0, run.err
    assert (out / "index.md").is_file()
    again = cli(*args(awkward, "export", "glossary", "--format", "obsidian", "-o", str(out)))
    assert again.code == 2 and again.err.count("\n") == 1
    assert cli(*args(awkward, "export", "glossary", "--format", "obsidian", "-o", "-")).code == 2
