"""The path deck for Anki: opened as the SQLite collection inside the .apkg zip, never through our code.

Cards come in path order (new-card due = step), two card types per note, tags for depth,
area and path, known concepts left out unless --include-known; built from the PathReport.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import zipfile
from dataclasses import dataclass
from html import unescape
from pathlib import Path

import genanki
import pytest

from conceptmap import export
from conceptmap.export import anki
from conceptmap.model import Depth
from conceptmap.session import Session
from test_export_pack import TITLES, args, awkward, session  # noqa: F401

TERM = anki.PATH_FIELDS.index("Term")
ID = anki.PATH_FIELDS.index("Id")


@dataclass
class Card:
    """One card as Anki's collection holds it, with its note."""

    due: int
    ord: int
    queue: int
    guid: str
    mid: int
    fields: list[str]
    tags: list[str]

    @property
    def concept(self) -> str:
        """The concept id of the card's note."""
        return unescape(self.fields[ID])


@dataclass
class Deck:
    """What the collection says: cards in new-card order, the note types, decks and settings."""

    cards: list[Card]
    models: dict[str, dict]
    decks: dict[str, dict]
    conf: dict

    @property
    def order(self) -> list[str]:
        """Each note's concept once, in the order its first card comes."""
        return list(dict.fromkeys(card.concept for card in self.cards))


def open_deck(path: Path, tmp_path: Path) -> Deck:
    """The .apkg opened as a zip, its collection read with sqlite3."""
    with zipfile.ZipFile(path) as archive:
        assert sorted(archive.namelist()) == ["collection.anki2", "media"]
        db = tmp_path / f"{path.stem}.anki2"
        db.write_bytes(archive.read("collection.anki2"))
    with sqlite3.connect(db) as conn:
        rows = conn.execute(
            "select c.due, c.ord, c.queue, n.guid, n.mid, n.flds, n.tags from cards c join notes n on c.nid = n.id order by c.due, c.ord"
        ).fetchall()
        models, decks, conf = conn.execute("select models, decks, conf from col").fetchone()
    cards = [Card(due, ord_, queue, guid, mid, flds.split("\x1f"), tags.split()) for due, ord_, queue, guid, mid, flds, tags in rows]
    return Deck(cards, json.loads(models), json.loads(decks), json.loads(conf))


def cli_deck(cli, pack: Path, tmp_path: Path, *extra: str, goal: str = "eclair") -> Deck:
    """`export path GOAL --format anki` run as a user would, and its deck opened."""
    out = tmp_path / f"deck{len(list(tmp_path.glob('*.apkg')))}.apkg"
    run = cli(*args(pack, "export", "path", goal, "--format", "anki", "-o", str(out), *extra))
    assert run.code == 0, run.err
    return open_deck(out, tmp_path)


def test_cards_in_path_order_two_directions(cli, awkward, session, tmp_path):
    deck = cli_deck(cli, awkward, tmp_path, "--depth", "theory")
    steps = [view.concept.id for view in session.path_report("eclair", Depth.THEORY).steps]
    assert steps == ["alpha", "delta", "eclair"]
    assert deck.order == steps
    assert [(card.due, card.ord) for card in deck.cards] == [(1, 0), (1, 1), (2, 0), (2, 1), (3, 0), (3, 1)]
    assert {card.queue for card in deck.cards} == {0}  # new cards, none suspended
    assert deck.conf["nextPos"] == 4  # cards added later come after the path
    assert [unescape(card.fields[TERM]) for card in deck.cards[::2]] == [TITLES[i] for i in steps]


def assert_after_prerequisites(graph, deck: Deck) -> None:
    """Every card after its required concepts on the path, and after one of each any-of group there."""
    due = {card.concept: card.due for card in deck.cards}
    for concept_id, when in due.items():
        concept = graph.concepts[concept_id]
        for pre in concept.requires:
            assert due.get(pre, 0) < when, (pre, concept_id)
        for group in concept.requires_any:
            on_path = [due[pre] for pre in group if pre in due]
            assert not on_path or min(on_path) < when, (group, concept_id)


def test_every_card_comes_after_its_prerequisites(cli, awkward, session, tmp_path):
    deck = cli_deck(cli, awkward, tmp_path, "--depth", "theory")
    assert_after_prerequisites(session.graph, deck)
    assert deck.order.index("alpha") < deck.order.index("delta")  # delta needs alpha or beta


def test_one_note_type_with_two_templates(cli, awkward, tmp_path):
    deck = cli_deck(cli, awkward, tmp_path)
    assert {card.mid for card in deck.cards} == {anki.PATH_MODEL_ID}
    model = deck.models[str(anki.PATH_MODEL_ID)]
    assert [t["name"] for t in model["tmpls"]] == ["Term to definition", "Definition to term"]
    assert [f["name"] for f in model["flds"]] == list(anki.PATH_FIELDS)
    assert "{{Definition}}" in model["tmpls"][1]["qfmt"] and "{{Term}}" not in model["tmpls"][1]["qfmt"]
    assert "{{Term}}" in model["tmpls"][0]["qfmt"]
    # one note per step, each with both cards
    notes = {card.guid for card in deck.cards}
    assert len(deck.cards) == 2 * len(notes)
    assert {card.guid for card in deck.cards} == {genanki.guid_for("conceptmap path", c) for c in deck.order}


def test_tags_name_depth_area_and_path(cli, awkward, tmp_path):
    deck = cli_deck(cli, awkward, tmp_path, "--depth", "theory")
    tags = {card.concept: card.tags for card in deck.cards}
    assert tags["alpha"] == ["conceptmap", "area::basics", "depth::overview", "path::eclair"]
    assert tags["delta"] == ["conceptmap", "area::advanced", "depth::theory", "path::eclair"]
    for card in deck.cards:
        assert all(" " not in tag for tag in card.tags)


def test_known_concepts_left_out_unless_asked(cli, awkward, tmp_path):
    assert cli(*args(awkward, "known", "add", "alpha")).code == 0
    without = cli_deck(cli, awkward, tmp_path, "--depth", "theory")
    assert without.order == ["delta", "eclair"]
    assert [card.due for card in without.cards] == [1, 1, 2, 2]  # steps renumbered: no gap where alpha was
    included = cli_deck(cli, awkward, tmp_path, "--depth", "theory", "--include-known")
    assert included.order == ["alpha", "delta", "eclair"]
    known_tags = {card.concept: "known" in card.tags for card in included.cards}
    assert known_tags == {"alpha": True, "delta": False, "eclair": False}


def test_nothing_left_to_learn_writes_no_deck(cli, awkward, tmp_path):
    assert cli(*args(awkward, "known", "add", "eclair")).code == 0
    out = tmp_path / "deck.apkg"
    run = cli(*args(awkward, "export", "path", "eclair", "--format", "anki", "-o", str(out)))
    assert run.code == 2 and run.err.count("\n") == 1
    assert "no steps to put in a deck: You already know this one" in run.err and "--include-known" in run.err
    assert not out.exists()
    assert cli_deck(cli, awkward, tmp_path, "--include-known").order == ["alpha", "eclair"]


def test_deck_is_built_from_the_report_not_planned_again(session, tmp_path, monkeypatch):
    report = session.path_report("eclair", Depth.THEORY)

    def no_planning(*_args, **_kwargs):
        raise AssertionError("the writer planned again")

    monkeypatch.setattr(Session, "plan", no_planning)
    monkeypatch.setattr(Session, "path_report", no_planning)
    monkeypatch.setattr(Session, "planner", no_planning)
    out = export.write_path(report, "anki", tmp_path / "deck.apkg")
    assert open_deck(out, tmp_path).order == [view.concept.id for view in report.steps]


def test_ids_are_stable_and_documented(session, tmp_path):
    text = "conceptmap anki path model v1"
    assert anki.PATH_MODEL_ID == (1 << 30) + int(hashlib.sha256(text.encode()).hexdigest()[:8], 16) % (1 << 30) == 1287339323
    assert anki.PATH_MODEL_ID not in (anki.MODEL_ID, anki.DECK_ID)
    report = session.path_report("eclair")
    assert anki.path_deck_id(report) == anki.stable_id("conceptmap anki path deck v1 eclair")
    assert anki.path_deck_id(report) != anki.path_deck_id(session.path_report("gamma"))
    deck = open_deck(export.write_path(report, "anki", tmp_path / "d.apkg"), tmp_path)
    assert deck.decks[str(anki.path_deck_id(report))]["name"] == "conceptmap path: Éclair été"
    docs = (Path(__file__).resolve().parent.parent / "docs" / "export.md").read_text(encoding="utf-8")
    assert str(anki.PATH_MODEL_ID) in docs and text in docs


def test_reproducible_with_source_date_epoch(session, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    report = session.path_report("eclair", Depth.THEORY)
    one = export.write_path(report, "anki", tmp_path / "one.apkg")
    two = export.write_path(report, "anki", tmp_path / "two.apkg")
    assert Path(one).read_bytes() == Path(two).read_bytes()


def test_no_live_html_from_content(cli, awkward, tmp_path):
    deck = cli_deck(cli, awkward, tmp_path, goal="gamma")  # alpha, beta (a <script> title), gamma
    assert "beta" in deck.order
    for card in deck.cards:
        for field in card.fields:
            assert "<script" not in field and "<img" not in field


def test_glossary_deck_unchanged_beside_it(session, tmp_path):
    """The glossary deck keeps its one-card note type and ids: users' decks must not split."""
    glossary = export.write_glossary(session.graph, export.select_concepts(session), "anki", tmp_path / "glossary.apkg")
    with zipfile.ZipFile(glossary) as archive:
        db = tmp_path / "glossary.anki2"
        db.write_bytes(archive.read("collection.anki2"))
    with sqlite3.connect(db) as conn:
        models = json.loads(conn.execute("select models from col").fetchone()[0])
        assert list(models) == [str(anki.MODEL_ID)] and len(models[str(anki.MODEL_ID)]["tmpls"]) == 1
        assert {due for (due,) in conn.execute("select due from cards")} == {0}


@pytest.fixture(scope="module")
def bundled() -> Session:
    """A session over the bundled graph."""
    return Session()


def test_bundled_path_deck_respects_every_prerequisite(bundled, tmp_path):
    report = bundled.path_report("use LDA for topic modelling", ignore_known=True)
    deck = open_deck(export.write_path(report, "anki", tmp_path / "lda.apkg"), tmp_path)
    assert deck.order == [view.concept.id for view in report.steps] and len(deck.order) > 3
    assert_after_prerequisites(bundled.graph, deck)
