"""Flat records of concepts for JSON and CSV, and the CSV writer every export shares."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from typing import Any

from ..model import Concept, Graph
from ..text import minutes_text as minutes_text  # re-exported for this layer
from .markup import definition_body, plain_text

#: Cells starting with these are formulas to a spreadsheet; a leading ' keeps them text.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
LIST_SEPARATOR = "; "
ANY_SEPARATOR = " | "


def concept_record(graph: Graph, concept: Concept, known: Iterable[str] = ()) -> dict[str, Any]:
    """Every field of a concept as JSON-ready data, with what it unlocks and its plain text."""
    return {
        "id": concept.id,
        "title": concept.title,
        "aliases": list(concept.aliases),
        "depth": concept.depth.label,
        "depth_level": int(concept.depth),
        "area": concept.area,
        "area_title": graph.area_title(concept.area),
        "minutes": concept.minutes,
        "requires": list(concept.requires),
        "requires_any": [list(group) for group in concept.requires_any],
        "unlocks": graph.unlocks(concept.id),
        "related": list(concept.related),
        "tags": list(concept.tags),
        "resources": [r.as_dict() for r in concept.resources],
        "known": concept.id in known,
        "summary": concept.summary,
        "definition": concept.definition,
        "definition_text": plain_text(definition_body(concept.definition)),
    }


def dump_json(data: Any) -> str:
    """JSON the way every export writes it: UTF-8 text, two-space indent, a final newline."""
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _flat(value: Any) -> str:
    """A value as cell text: lists joined, booleans as true/false, a resource as "title <url>"."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return f"{value.get('title', '')} <{value.get('url', '')}>"
    if isinstance(value, list):
        return LIST_SEPARATOR.join(ANY_SEPARATOR.join(map(str, v)) if isinstance(v, list) else _flat(v) for v in value)
    return str(value)


def csv_cell(value: Any) -> str:
    """One CSV cell, with anything a spreadsheet would run as a formula kept as text."""
    text = _flat(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def csv_text(header: Sequence[str], rows: Iterable[dict[str, Any]]) -> str:
    """RFC 4180 CSV (CRLF, quotes where needed) with a header row."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([csv_cell(row[name]) for name in header])
    return buffer.getvalue()
