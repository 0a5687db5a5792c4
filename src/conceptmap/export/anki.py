"""Anki decks (.apkg): the glossary, one note per concept; a path, in path order, both directions.

Stable identity, so importing a newer export updates the cards you already study:

* the note type and deck ids never change. genanki wants each to be a fixed number in
  ``[2**30, 2**31)``; ours are derived from fixed strings by :func:`stable_id`:
  ``2**30 + int(sha256(text)[:8], 16) % 2**30`` with the texts below (pinned by tests);
* each glossary note's GUID is ``genanki.guid_for(concept id)``; a path note's is
  ``genanki.guid_for("conceptmap path", concept id)``, so the two decks never fight over
  a note, and a concept on several paths is one note.

A path deck is built from a PathReport (never planned again): one note per step with
two card types (term to definition, definition to term); a new card's ``due`` is its
step number, so Anki shows it after every prerequisite the path puts before it.

Card text is HTML: titles and aliases are escaped, definitions rendered with raw HTML
off, so nothing in a pack can run script inside Anki.

Anki updates a note only when the import is newer, so notes carry the export time, or
``SOURCE_DATE_EPOCH`` when set (then the file is byte-for-byte reproducible).
"""

from __future__ import annotations

import hashlib
import io
import itertools
import json
import os
import sqlite3
import tempfile
import time
import zipfile
from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from html import escape
from pathlib import Path

import genanki

from ..model import Concept, Graph
from ..problems import ConceptmapError
from ..report import PathReport
from .layout import title_key, title_of
from .markup import definition_body, html_resource, render_html
from .safety import slug

MODEL_NAME = "conceptmap concept"
DECK_NAME = "conceptmap glossary"


def stable_id(text: str) -> int:
    """A fixed id in genanki's recommended range, from a fixed string."""
    return (1 << 30) + int(hashlib.sha256(text.encode("utf-8")).hexdigest()[:8], 16) % (1 << 30)


MODEL_ID = stable_id("conceptmap anki model v2")  # 1211599619; v2 added the Resources field
DECK_ID = stable_id("conceptmap anki deck v1")  # 1376989877
FIELDS = ("Term", "Aliases", "Definition", "Depth", "Area", "Prerequisites", "Id", "Resources")

FRONT = '<div class="term">{{Term}}</div>{{#Aliases}}<div class="aliases">{{Aliases}}</div>{{/Aliases}}'
BACK = (
    '{{FrontSide}}<hr id="answer"><div class="definition">{{Definition}}</div>'
    '<div class="facts">{{Depth}} · {{Area}}</div>'
    '{{#Prerequisites}}<div class="needs">{{Prerequisites}}</div>{{/Prerequisites}}'
    '{{#Resources}}<div class="learn">{{Resources}}</div>{{/Resources}}'
)
CARD_CSS = """.card { font-family: system-ui, sans-serif; font-size: 18px; text-align: left; line-height: 1.5; }
.term { font-size: 1.4em; font-weight: 600; text-align: center; }
.aliases, .facts { color: #666; font-size: .85em; text-align: center; }
.needs, .learn { margin-top: .6em; font-size: .9em; }"""


# -- the path deck: its own note type, because it has two card types and two more fields --
PATH_MODEL_NAME = "conceptmap path concept"
PATH_MODEL_ID = stable_id("conceptmap anki path model v1")  # 1287339323
PATH_FIELDS = (*FIELDS, "Step", "Why")
PATH_BACK = BACK + '{{#Why}}<div class="why">{{Step}} · {{Why}}</div>{{/Why}}'
# The whole front sits inside {{#Definition}}: a concept without a definition gets no
# definition-to-term card (Anki makes no card whose front is empty).
REVERSE_FRONT = '{{#Definition}}<div class="definition">{{Definition}}</div><div class="facts">{{Depth}} · {{Area}}</div>{{/Definition}}'
REVERSE_BACK = (
    '{{FrontSide}}<hr id="answer"><div class="term">{{Term}}</div>'
    '{{#Aliases}}<div class="aliases">{{Aliases}}</div>{{/Aliases}}'
    '{{#Prerequisites}}<div class="needs">{{Prerequisites}}</div>{{/Prerequisites}}'
    '{{#Resources}}<div class="learn">{{Resources}}</div>{{/Resources}}'
    '{{#Why}}<div class="why">{{Step}} · {{Why}}</div>{{/Why}}'
)
PATH_TEMPLATES = (("Term to definition", FRONT, PATH_BACK), ("Definition to term", REVERSE_FRONT, REVERSE_BACK))
PATH_CSS = CARD_CSS + "\n.why { margin-top: .6em; color: #666; font-size: .85em; }"
PATH_GUID_SALT = "conceptmap path"


def _model(
    model_id: int = MODEL_ID,
    name: str = MODEL_NAME,
    fields: Sequence[str] = FIELDS,
    templates: Sequence[tuple[str, str, str]] = (("Term to definition", FRONT, BACK),),
    css: str = CARD_CSS,
) -> genanki.Model:
    """A note type (the glossary's by default)."""
    return genanki.Model(
        model_id,
        name,
        fields=[{"name": field} for field in fields],
        templates=[{"name": title, "qfmt": front, "afmt": back} for title, front, back in templates],
        css=css,
    )


def _unlinked(_concept_id: str) -> None:
    """A card has no anchors: glossary links keep only their text."""
    return None


def _prerequisites(graph: Graph, concept: Concept) -> str:
    lines = []
    if concept.requires:
        lines.append("Needs: " + ", ".join(escape(title_of(graph, i)) for i in concept.requires))
    lines += ["Needs one of: " + " or ".join(escape(title_of(graph, i)) for i in group) for group in concept.requires_any]
    return "<br>".join(lines)


def note_fields(graph: Graph, concept: Concept) -> list[str]:
    """The note's fields, as HTML, in FIELDS order."""
    return [
        escape(concept.title),
        escape(", ".join(concept.aliases)),
        render_html(definition_body(concept.definition), _unlinked, demote=2).strip(),
        escape(concept.depth.label),
        escape(graph.area_title(concept.area)),
        _prerequisites(graph, concept),
        escape(concept.id),
        "<br>".join(html_resource(r) for r in concept.resources),
    ]


def note_tags(concept: Concept) -> list[str]:
    """Tags without spaces: conceptmap, area::<area>, depth::<level>."""
    return ["conceptmap", f"area::{slug(concept.area)}", f"depth::{concept.depth.label}"]


def build_deck(graph: Graph, concepts: Sequence[Concept]) -> genanki.Deck:
    """The deck: one note per concept, by title."""
    deck = genanki.Deck(DECK_ID, DECK_NAME, description="Exported by conceptmap.")
    model = _model()
    for concept in sorted(concepts, key=title_key):
        note = genanki.Note(model=model, fields=note_fields(graph, concept), tags=note_tags(concept), guid=genanki.guid_for(concept.id))
        deck.add_note(note)
    return deck


def path_deck_id(report: PathReport) -> int:
    """The path deck's fixed id: one deck per goal's target (or track), the same on every export."""
    track = report.understood.track
    key = f"track:{track.id}" if track is not None else report.target.id
    return stable_id(f"conceptmap anki path deck v1 {key}")


def path_deck_name(report: PathReport) -> str:
    """The path deck's name: "conceptmap path: <target or track title>", with no "::" (Anki's subdeck separator)."""
    track = report.understood.track
    title = track.title if track is not None else report.target.title
    return "conceptmap path: " + " ".join(title.replace("::", ":").split())


def build_path_deck(report: PathReport, known: AbstractSet[str] = frozenset()) -> genanki.Deck:
    """The path's deck: one note per step, two card types, new cards due in step order.

    ``known`` are the learner's marks: a step among them (a path planned with
    --include-known) is tagged ``known``, so it can be suspended in Anki.
    """
    if not report.steps:
        why = (report.empty_message or "the path is empty").rstrip(".")
        raise ConceptmapError(f"no steps to put in a deck: {why}; --include-known keeps what you know")
    model = _model(PATH_MODEL_ID, PATH_MODEL_NAME, PATH_FIELDS, PATH_TEMPLATES, PATH_CSS)
    deck = genanki.Deck(path_deck_id(report), path_deck_name(report), description=escape(f"Learning path to {report.target.title}, exported by conceptmap."))
    total = len(report.steps)
    path_tag = f"path::{slug(report.target.id)}"
    for view in report.steps:
        concept = view.concept
        fields = [*note_fields(report.graph, concept), escape(f"Step {view.number} of {total}"), escape(view.reason)]
        tags = [*note_tags(concept), path_tag, *(["known"] if concept.id in known else [])]
        guid = genanki.guid_for(PATH_GUID_SALT, concept.id)
        deck.add_note(genanki.Note(model=model, fields=fields, tags=tags, guid=guid, due=view.number))
    return deck


def export_time() -> float:
    """SOURCE_DATE_EPOCH when set to a whole number, else now."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "")
    return float(value) if value.isdigit() else time.time()


def _zip_time(timestamp: float) -> tuple[int, int, int, int, int, int]:
    stamp = time.gmtime(max(timestamp, 315532800))  # zip dates start in 1980
    return (stamp.tm_year, stamp.tm_mon, stamp.tm_mday, stamp.tm_hour, stamp.tm_min, stamp.tm_sec)


def _collection(package: genanki.Package, timestamp: float, next_position: int | None = None) -> bytes:
    """The SQLite collection genanki builds, as bytes; ``next_position`` follows the last new card's due."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "collection.anki2"
        conn = sqlite3.connect(path)
        try:
            package.write_to_db(conn.cursor(), timestamp, itertools.count(int(timestamp * 1000)))
            if next_position is not None:  # Anki numbers cards added later from here: after the path
                (conf,) = conn.execute("select conf from col").fetchone()
                conn.execute("update col set conf = ?", (json.dumps({**json.loads(conf), "nextPos": next_position}),))
            conn.commit()
        finally:
            conn.close()
        return path.read_bytes()


def render_apkg(graph: Graph, concepts: Sequence[Concept], timestamp: float | None = None) -> bytes:
    """The glossary's .apkg file."""
    return _apkg(build_deck(graph, concepts), timestamp)


def render_path_apkg(report: PathReport, known: AbstractSet[str] = frozenset(), timestamp: float | None = None) -> bytes:
    """The path's .apkg file: its cards due in path order."""
    return _apkg(build_path_deck(report, known), timestamp, next_position=len(report.steps) + 1)


def _apkg(deck: genanki.Deck, timestamp: float | None, next_position: int | None = None) -> bytes:
    """The .apkg file: a zip of the collection and an empty media list, with fixed entry dates."""
    when = export_time() if timestamp is None else timestamp
    entries = {"collection.anki2": _collection(genanki.Package(deck), when, next_position), "media": b"{}"}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            info = zipfile.ZipInfo(name, date_time=_zip_time(when))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    return buffer.getvalue()
