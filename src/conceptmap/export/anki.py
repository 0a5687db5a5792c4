"""The glossary as an Anki deck (.apkg): one note per concept, updated in place on re-import.

Stable identity, so importing a newer export updates the cards you already study:

* the note type and deck ids never change. genanki wants each to be a fixed number in
  ``[2**30, 2**31)``; ours are derived from fixed strings by :func:`stable_id`:
  ``2**30 + int(sha256(text)[:8], 16) % 2**30`` with the texts below (pinned by tests);
* each note's GUID is ``genanki.guid_for(concept id)``.

Card text is HTML: titles and aliases are escaped, definitions rendered with raw HTML
off, so nothing in a pack can run script inside Anki.

Anki updates a note only when the import is newer, so notes carry the export time, or
``SOURCE_DATE_EPOCH`` when set (then the file is byte-for-byte reproducible).
"""

from __future__ import annotations

import hashlib
import io
import itertools
import os
import sqlite3
import tempfile
import time
import zipfile
from collections.abc import Sequence
from html import escape
from pathlib import Path

import genanki

from ..model import Concept, Graph
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


def _model() -> genanki.Model:
    return genanki.Model(
        MODEL_ID,
        MODEL_NAME,
        fields=[{"name": name} for name in FIELDS],
        templates=[{"name": "Term to definition", "qfmt": FRONT, "afmt": BACK}],
        css=CARD_CSS,
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


def export_time() -> float:
    """SOURCE_DATE_EPOCH when set to a whole number, else now."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "")
    return float(value) if value.isdigit() else time.time()


def _zip_time(timestamp: float) -> tuple[int, int, int, int, int, int]:
    stamp = time.gmtime(max(timestamp, 315532800))  # zip dates start in 1980
    return (stamp.tm_year, stamp.tm_mon, stamp.tm_mday, stamp.tm_hour, stamp.tm_min, stamp.tm_sec)


def _collection(package: genanki.Package, timestamp: float) -> bytes:
    """The SQLite collection genanki builds, as bytes."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "collection.anki2"
        conn = sqlite3.connect(path)
        try:
            package.write_to_db(conn.cursor(), timestamp, itertools.count(int(timestamp * 1000)))
            conn.commit()
        finally:
            conn.close()
        return path.read_bytes()


def render_apkg(graph: Graph, concepts: Sequence[Concept], timestamp: float | None = None) -> bytes:
    """The .apkg file: a zip of the collection and an empty media list, with fixed entry dates."""
    when = export_time() if timestamp is None else timestamp
    entries = {"collection.anki2": _collection(genanki.Package(build_deck(graph, concepts)), when), "media": b"{}"}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            info = zipfile.ZipInfo(name, date_time=_zip_time(when))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    return buffer.getvalue()
