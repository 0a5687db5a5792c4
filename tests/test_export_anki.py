"""The Anki deck, opened as the SQLite collection inside the .apkg zip."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import zipfile
from html import unescape
from pathlib import Path

import genanki
import pytest

from conceptmap import export
from conceptmap.export import anki
from test_export_pack import IDS, SCRIPT, TITLES, args, awkward, session  # noqa: F401


def open_deck(path: Path, tmp_path: Path) -> sqlite3.Connection:
    with zipfile.ZipFile(path) as archive:
        assert sorted(archive.namelist()) == ["collection.anki2", "media"]
        assert json.loads(archive.read("media")) == {}
        db = tmp_path / f"{path.stem}.anki2"
        db.write_bytes(archive.read("collection.anki2"))
    return sqlite3.connect(db)


def notes(conn: sqlite3.Connection) -> dict[str, tuple[str, list[str], list[str]]]:
    """Concept id -> (guid, fields, tags)."""
    out = {}
    for guid, flds, tags in conn.execute("select guid, flds, tags from notes"):
        fields = flds.split("\x1f")
        out[unescape(fields[anki.FIELDS.index("Id")])] = (guid, fields, tags.split())
    return out


@pytest.fixture
def deck(session, tmp_path) -> Path:
    return export.write_glossary(session.graph, export.select_concepts(session), "anki", tmp_path / "deck.apkg")


def test_ids_are_stable_and_documented():
    for text, value in (("conceptmap anki model v2", anki.MODEL_ID), ("conceptmap anki deck v1", anki.DECK_ID)):
        assert value == (1 << 30) + int(hashlib.sha256(text.encode()).hexdigest()[:8], 16) % (1 << 30)
        assert (1 << 30) <= value < (1 << 31)
    # Changing these splits users' decks; the model's id changes only with its fields (v2 added Resources).
    assert (anki.MODEL_ID, anki.DECK_ID) == (1211599619, 1376989877)


def test_one_note_per_concept_with_fields(deck, tmp_path):
    conn = open_deck(deck, tmp_path)
    found = notes(conn)
    assert sorted(found) == sorted(IDS)
    assert conn.execute("select count(*) from cards").fetchone()[0] == len(IDS)
    for cid, (guid, fields, _tags) in found.items():
        assert guid == genanki.guid_for(cid)
        assert unescape(fields[anki.FIELDS.index("Term")]) == TITLES[cid]
    alpha = found["alpha"][1]
    assert unescape(alpha[anki.FIELDS.index("Aliases")]) == "A1, Ålpha"
    assert "café – 東京" in alpha[anki.FIELDS.index("Definition")] and alpha[anki.FIELDS.index("Depth")] == "overview"
    assert unescape(found["beta"][1][anki.FIELDS.index("Prerequisites")]) == 'Needs: Alpha "quoted", with commas'
    assert "Needs one of: " in unescape(found["delta"][1][anki.FIELDS.index("Prerequisites")])


def test_no_live_html_from_content(deck, tmp_path):
    for _guid, fields, _tags in notes(open_deck(deck, tmp_path)).values():
        for field in fields:
            assert "<script" not in field and "<img" not in field and "onerror=" not in field.replace("onerror=&quot;", "")
    beta = notes(open_deck(deck, tmp_path))["beta"][1]
    assert SCRIPT in unescape(beta[anki.FIELDS.index("Term")]) and SCRIPT in unescape(beta[anki.FIELDS.index("Definition")])


def test_tags_name_area_and_depth_without_spaces(deck, tmp_path):
    found = notes(open_deck(deck, tmp_path))
    assert found["beta"][2] == ["conceptmap", "area::basics", "depth::use"]
    assert found["delta"][2] == ["conceptmap", "area::advanced", "depth::theory"]


def test_model_and_deck_ids_in_collection(deck, tmp_path):
    conn = open_deck(deck, tmp_path)
    models, decks = conn.execute("select models, decks from col").fetchone()
    assert str(anki.MODEL_ID) in json.loads(models)
    assert str(anki.DECK_ID) in json.loads(decks)
    assert {row[0] for row in conn.execute("select mid from notes")} == {anki.MODEL_ID}


def test_reexport_keeps_guids(session, deck, tmp_path):
    second = export.write_glossary(session.graph, export.select_concepts(session), "anki", tmp_path / "again.apkg")
    first_guids = {cid: note[0] for cid, note in notes(open_deck(deck, tmp_path)).items()}
    assert first_guids == {cid: note[0] for cid, note in notes(open_deck(second, tmp_path)).items()}


def test_reproducible_with_source_date_epoch(session, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    concepts = export.select_concepts(session)
    one = export.write_glossary(session.graph, concepts, "anki", tmp_path / "one.apkg")
    two = export.write_glossary(session.graph, concepts, "anki", tmp_path / "two.apkg")
    assert Path(one).read_bytes() == Path(two).read_bytes()


def test_cli_anki_refuses_overwrite(cli, awkward, tmp_path):
    out = tmp_path / "deck.apkg"
    assert cli(*args(awkward, "export", "glossary", "--format", "anki", "-o", str(out))).code == 0
    assert zipfile.is_zipfile(out)
    again = cli(*args(awkward, "export", "glossary", "--format", "anki", "-o", str(out)))
    assert again.code == 2 and "--force" in again.err
    assert cli(*args(awkward, "export", "glossary", "--format", "anki", "-o", str(out), "--force")).code == 0
