"""The glossary renderers for Markdown, JSON and CSV (HTML, Anki and Obsidian have their own modules).

`render_glossary` and `write_glossary` reach every format through the registry (export/formats/).
"""

from __future__ import annotations

from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from pathlib import Path

from ..model import Concept, Graph
from ..problems import ConceptmapError
from .base import SORTS, GlossaryJob, Subject
from .formats import export_format
from .layout import LEARN_LABEL, Group, facts, group_concepts, ordered, relations, title_of
from .markup import definition_body, demote_headings, md_escape, md_resource, rewrite_links
from .records import concept_record, csv_text, dump_json
from .safety import unique_slugs

CSV_COLUMNS = (
    "id", "title", "aliases", "depth", "depth_level", "area", "area_title", "minutes", "requires",
    "requires_any", "unlocks", "related", "tags", "resources", "known", "summary", "definition", "definition_text",
)  # fmt: skip
JSON_VERSION = 1


# -- Markdown --------------------------------------------------------------------------
def md_link(graph: Graph, concept_id: str, anchors: dict[str, str]) -> str:
    """A link to a term's anchor, or its plain title when the term is not in the document."""
    title = md_escape(title_of(graph, concept_id))
    return f"[{title}](#{anchors[concept_id]})" if concept_id in anchors else title


def md_definition(graph: Graph, concept: Concept, anchors: dict[str, str], levels: int) -> str:
    """A definition as Markdown: glossary links to in-document anchors (or text), headings demoted."""

    def relink(text: str, concept_id: str) -> str:
        return f"[{text}](#{anchors[concept_id]})" if concept_id in anchors else text

    return demote_headings(rewrite_links(definition_body(concept.definition), graph.concepts, relink), levels)


def md_term(graph: Graph, concept: Concept, anchors: dict[str, str], known: AbstractSet[str]) -> list[str]:
    """One term: heading with its anchor, aliases, facts, definition and links."""
    lines = [f'### <a id="{anchors[concept.id]}"></a>{md_escape(concept.title)}', ""]
    if concept.aliases:
        lines += ["Also: " + ", ".join(md_escape(a) for a in concept.aliases), ""]
    lines += ["*" + " · ".join(md_escape(f) for f in facts(graph, concept, known)) + "*", ""]
    definition = md_definition(graph, concept, anchors, 3)
    if definition:
        lines += [definition, ""]
    for row in relations(graph, concept):
        lines += [f"**{row.label}:** " + row.joiner.join(md_link(graph, i, anchors) for i in row.ids), ""]
    if concept.resources:
        lines += [f"**{LEARN_LABEL}:**", "", *(f"- {md_resource(r)}" for r in concept.resources), ""]
    return lines


def md_contents(groups: Sequence[Group]) -> list[str]:
    """The table of contents: one line a section, with its count."""
    return ["## Contents", "", *(f"- [{md_escape(g.title)}](#{g.anchor}) ({len(g.concepts)})" for g in groups), ""]


def render_markdown(graph: Graph, concepts: Sequence[Concept], *, sort: str, known: AbstractSet[str]) -> str:
    """The glossary as one Markdown document."""
    groups = group_concepts(graph, concepts, sort)
    anchors = unique_slugs(c.id for c in concepts)
    lines = ["# Glossary", "", f"{len(concepts)} concepts, exported by conceptmap.", "", *md_contents(groups)]
    for group in groups:
        lines += [f'## <a id="{group.anchor}"></a>{md_escape(group.title)}', ""]
        for concept in group.concepts:
            lines += md_term(graph, concept, anchors, known)
    return "\n".join(lines).rstrip("\n") + "\n"


# -- JSON and CSV ----------------------------------------------------------------------
def render_json(graph: Graph, concepts: Sequence[Concept], *, sort: str, known: AbstractSet[str]) -> str:
    """The glossary as JSON: every field of every concept, and the areas they use."""
    groups = group_concepts(graph, concepts, sort)
    used = sorted({c.area for c in concepts})
    areas = [{"id": a, "title": graph.area_title(a), "description": graph.areas[a].description if a in graph.areas else ""} for a in used]
    records = [concept_record(graph, c, known) for c in ordered(groups)]
    return dump_json({"format": "conceptmap-glossary", "version": JSON_VERSION, "count": len(records), "areas": areas, "concepts": records})


def render_csv(graph: Graph, concepts: Sequence[Concept], *, sort: str, known: AbstractSet[str]) -> str:
    """The glossary as CSV: a header, then one row per concept with every field."""
    return csv_text(CSV_COLUMNS, (concept_record(graph, c, known) for c in ordered(group_concepts(graph, concepts, sort))))


# -- through the registry (export/formats/) ----------------------------------------------
def _job(graph: Graph, concepts: Sequence[Concept], sort: str, known: AbstractSet[str]) -> GlossaryJob:
    if sort not in SORTS:
        raise ConceptmapError(f"unknown sort {sort!r}; sorts: {', '.join(SORTS)}")
    return GlossaryJob(graph, concepts, sort, known)


def render_glossary(
    graph: Graph, concepts: Sequence[Concept], fmt: str, *, sort: str = "area", known: AbstractSet[str] = frozenset()
) -> str:
    """A text-format glossary (md, html, json, csv) as a string."""
    chosen = export_format(fmt, Subject.GLOSSARY)
    return chosen.render_text(_job(graph, concepts, sort, known))


def write_glossary(
    graph: Graph,
    concepts: Sequence[Concept],
    fmt: str,
    out: Path,
    *,
    force: bool = False,
    sort: str = "area",
    known: AbstractSet[str] = frozenset(),
) -> Path:
    """Write a glossary in any format (sort and known shape the text formats); returns what was written."""
    chosen = export_format(fmt, Subject.GLOSSARY)
    return chosen.write(_job(graph, concepts, sort, known), Path(out), force=force)
