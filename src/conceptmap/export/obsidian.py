"""The glossary as an Obsidian vault: a folder of Markdown notes joined by [[wikilinks]].

Layout: ``index.md`` lists the areas, ``areas/<area>.md`` lists an area's concepts by
depth, ``concepts/<id>.md`` is one concept with YAML front matter (aliases, tags, depth,
area). File names are safe slugs. Links name the note from the vault root
(``[[concepts/bag-of-words|Bag of words]]``) and only notes in the vault are linked;
anything else stays plain text, so every wikilink resolves.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import yaml

from ..model import LEVEL_NAMES, Concept, Graph
from .layout import LEARN_LABEL, depth_key, relations, title_of
from .markup import definition_body, demote_headings, md_escape, md_resource, rewrite_links
from .records import minutes_text
from .safety import unique_slugs

INDEX = "index"
_LABEL_SWAPS = str.maketrans({"|": "¦", "[": "(", "]": ")"})


def link_safe(text: str) -> str:
    """Text on one line with no ``|``, ``[`` or ``]``, so it can never open or break a wikilink."""
    return " ".join(text.split()).translate(_LABEL_SWAPS)


def wikilink(note: str, label: str) -> str:
    """``[[note|label]]`` with the label made safe for wikilink syntax."""
    return f"[[{note}|{link_safe(label)}]]"


def front_matter(data: dict[str, Any]) -> str:
    """YAML front matter between --- lines, keys in the order given."""
    return "---\n" + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1000) + "---\n"


class Vault:
    """Note names for one export, and the links between them."""

    def __init__(self, graph: Graph, concepts: Sequence[Concept]) -> None:
        self.graph = graph
        self.concepts = sorted(concepts, key=depth_key)
        self.notes = {cid: f"concepts/{name}" for cid, name in unique_slugs(c.id for c in concepts).items()}
        self.area_names = unique_slugs(c.area for c in concepts)
        self.areas = {area: f"areas/{name}" for area, name in self.area_names.items()}

    def link(self, concept_id: str, label: str | None = None) -> str:
        """A wikilink to a concept's note, or its escaped title when the vault lacks it."""
        text = label if label is not None else title_of(self.graph, concept_id)
        return wikilink(self.notes[concept_id], text) if concept_id in self.notes else md_escape(text)

    def relink(self, text: str, concept_id: str) -> str:
        """A glossary link in a definition: a wikilink when the vault has the note, else its text."""
        return wikilink(self.notes[concept_id], text) if concept_id in self.notes else text

    def area_link(self, area: str) -> str:
        """A wikilink to an area's index note."""
        return wikilink(self.areas[area], self.graph.area_title(area))

    def tags(self, area: str | None = None, depth: int | None = None) -> list[str]:
        """Obsidian tags (no spaces): conceptmap, area/<area>, depth/<level>."""
        tags = ["conceptmap"]
        if area is not None:
            tags.append(f"area/{self.area_names[area]}")
        return tags if depth is None else tags + [f"depth/{LEVEL_NAMES[depth]}"]

    def definition(self, concept: Concept) -> str:
        """The definition with glossary links as wikilinks and stray ``[[`` made literal."""
        body = definition_body(concept.definition).replace("[[", "[\\[")
        body = rewrite_links(body, self.graph.concepts, self.relink)
        return demote_headings(body, 1)

    def concept_note(self, concept: Concept) -> str:
        """One concept's note."""
        meta = {
            "aliases": [link_safe(name) for name in (concept.title, *concept.aliases)],
            "tags": self.tags(concept.area, int(concept.depth)),
            "depth": concept.depth.label,
            "area": concept.area,
            "minutes": concept.minutes,
            "conceptmap_id": concept.id,
        }
        about = f"{concept.depth.label} · {minutes_text(concept.minutes)} · {self.area_link(concept.area)}"
        lines = [front_matter(meta), f"# {md_escape(concept.title)}", "", about, ""]
        if concept.aliases:
            lines += ["Also: " + ", ".join(md_escape(a) for a in concept.aliases), ""]
        body = self.definition(concept)
        lines += [body, ""] if body else []
        for row in relations(self.graph, concept):
            lines += [f"**{row.label}:** " + row.joiner.join(self.link(i) for i in row.ids), ""]
        if concept.resources:
            lines += [f"**{LEARN_LABEL}:**", "", *(f"- {md_resource(r)}" for r in concept.resources), ""]
        return "\n".join(lines).rstrip("\n") + "\n"

    def area_note(self, area: str) -> str:
        """An area's note: its description and its concepts, by depth."""
        lines = [front_matter({"tags": self.tags(area)}), f"# {md_escape(self.graph.area_title(area))}", ""]
        described = self.graph.areas.get(area)
        lines += [md_escape(described.description), ""] if described and described.description else []
        members = [c for c in self.concepts if c.area == area]
        for level, name in enumerate(LEVEL_NAMES):
            links = [f"- {self.link(c.id)}" for c in members if int(c.depth) == level]
            lines += [f"## {name}", "", *links, ""] if links else []
        lines.append(f"Back to {wikilink(INDEX, 'Glossary')}")
        return "\n".join(lines) + "\n"

    def index_note(self) -> str:
        """The top note: every area with its count."""
        counts = {area: sum(1 for c in self.concepts if c.area == area) for area in self.areas}
        order = sorted(self.areas, key=lambda a: (self.graph.area_title(a).lower(), a))
        lines = [front_matter({"tags": self.tags()}), "# Glossary", "", f"{len(self.concepts)} concepts, exported by conceptmap.", ""]
        lines += [f"- {self.area_link(area)} ({counts[area]})" for area in order]
        return "\n".join(lines) + "\n"

    def files(self) -> dict[str, str]:
        """Every note: relative path -> text."""
        out = {f"{INDEX}.md": self.index_note()}
        out.update({f"{self.areas[a]}.md": self.area_note(a) for a in self.areas})
        out.update({f"{self.notes[c.id]}.md": self.concept_note(c) for c in self.concepts})
        return out
