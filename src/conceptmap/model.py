"""The data model: concepts, areas, tracks and the graph that holds them.

Plain dataclasses and one index class; no I/O here (see ``loader.py``) and no
Textual anywhere in the core.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from enum import IntEnum

from .text import shorten


class Depth(IntEnum):
    """How deep a concept goes: each level assumes the ones above it."""

    OVERVIEW = 0  # what it is and why it matters
    USE = 1  # apply it with a library and read its output
    HOW = 2  # explain the mechanism
    THEORY = 3  # the maths and the derivations

    @property
    def label(self) -> str:
        """The level's name as users type it and JSON shows it."""
        return LEVEL_NAMES[self]


LEVEL_NAMES: tuple[str, ...] = ("overview", "use", "how", "theory")
#: Longer words a user may type for a level; all map onto LEVEL_NAMES.
LEVEL_SYNONYMS: dict[str, int] = {
    "overview": 0,
    "0": 0,
    "use": 1,
    "1": 1,
    "how": 2,
    "how-it-works": 2,
    "2": 2,
    "theory": 3,
    "3": 3,
}


def parse_level(text: str) -> Depth:
    """Turn a level name ("use", "theory", "2") into a Depth, or raise ValueError."""
    key = text.strip().lower()
    if key not in LEVEL_SYNONYMS:
        raise ValueError(f"unknown level {shorten(text)}: expected one of {', '.join(LEVEL_NAMES)}")
    return Depth(LEVEL_SYNONYMS[key])


@dataclass(frozen=True, slots=True)
class Resource:
    """A place to learn more: a named page of well-known material."""

    title: str
    url: str
    kind: str = "article"
    free: bool = True

    def as_dict(self) -> dict[str, object]:
        """JSON-ready fields, as every export and `--json` output shows them."""
        return {"title": self.title, "url": self.url, "kind": self.kind, "free": self.free}


@dataclass(slots=True)
class Concept:
    """One node of the graph: a thing to learn, at one depth."""

    id: str
    title: str
    depth: Depth
    area: str
    minutes: int = 30
    aliases: tuple[str, ...] = ()
    requires: tuple[str, ...] = ()
    requires_any: tuple[tuple[str, ...], ...] = ()
    related: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    resources: tuple[Resource, ...] = ()
    tasks: tuple[str, ...] = ()  # problems in learners' words that this concept answers
    task_lines: tuple[int, ...] = ()  # the line of each task phrase, for `check`
    definition: str = ""  # the glossary entry, Markdown
    source: str = ""  # file the concept was read from
    line: int = 0  # 1-based line of its entry in that file
    pack: str = ""  # name of the pack that holds it

    @property
    def summary(self) -> str:
        """The first paragraph of the definition: the short form shown in lists."""
        return first_paragraph(self.definition)

    def prerequisite_ids(self) -> Iterator[str]:
        """Every id named in requires and requires_any, hard ones first."""
        yield from self.requires
        for group in self.requires_any:
            yield from group


@dataclass(frozen=True, slots=True)
class Area:
    """A named region of the map, such as "Probability" or "NLP"."""

    id: str
    title: str
    description: str = ""


@dataclass(frozen=True, slots=True)
class Track:
    """A named learning journey: an ordered list of goals in words or ids."""

    id: str
    title: str
    description: str = ""
    goals: tuple[str, ...] = ()
    source: str = ""  # file the track was read from
    line: int = 0  # line of its goals list
    tasks: tuple[str, ...] = ()  # goals in learners' words that ask for the whole track
    task_lines: tuple[int, ...] = ()


_LINK_RE = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_EMPHASIS_RE = re.compile(r"(\*\*|__|\*|`)")


def plain(markdown_line: str) -> str:
    """Inline Markdown as plain text: links become their text, emphasis marks go."""
    return _EMPHASIS_RE.sub("", _LINK_RE.sub(r"\1", markdown_line))


def first_paragraph(markdown: str) -> str:
    """The first non-heading paragraph of a Markdown text, as plain text on one line."""
    lines: list[str] = []
    for raw in markdown.splitlines():
        line = raw.strip()
        if not line:
            if lines:
                break
            continue
        if not lines and line.startswith("#"):
            continue
        lines.append(line)
    return plain(" ".join(lines))


@dataclass(slots=True)
class PlanIndex:
    """Every concept as an integer: its place in the tie-break order "shallow, short, by title".

    The planner walks these lists instead of dictionaries of string ids and Concept
    objects: on a 100,000-concept pack, lists of small integers stay in the CPU's
    caches where string-keyed dictionaries and scattered objects do not, and
    integers compare faster than (depth, minutes, title) in the ordering heap.
    """

    rank: dict[str, int]  # id -> place
    ids: list[str]  # place -> id
    concepts: list[Concept]  # place -> concept
    depth: list[int]  # place -> depth
    minutes: list[int]  # place -> minutes
    requires: list[tuple[int, ...]]  # place -> hard prerequisites present in the graph, no repeats
    any_of: list[tuple[tuple[int, ...], ...]]  # place -> any-of groups, alternatives present in the graph

    @classmethod
    def build(cls, concepts: dict[str, Concept]) -> PlanIndex:
        """Index a graph's concepts (unknown prerequisite ids are left out: `check` reports them)."""
        ordered = sorted(concepts.values(), key=lambda c: (c.depth, c.minutes, c.title.lower(), c.id))
        rank = {c.id: i for i, c in enumerate(ordered)}
        requires = [tuple(dict.fromkeys(rank[p] for p in c.requires if p in rank)) for c in ordered]
        any_of = [
            tuple(group for group in (tuple(rank[a] for a in g if a in rank) for g in c.requires_any) if group)
            for c in ordered
        ]
        return cls(
            rank,
            [c.id for c in ordered],
            ordered,
            [int(c.depth) for c in ordered],
            [c.minutes for c in ordered],
            requires,
            any_of,
        )


@dataclass
class Graph:
    """All loaded concepts with the indexes the planner and the UI need."""

    concepts: dict[str, Concept] = field(default_factory=dict)
    areas: dict[str, Area] = field(default_factory=dict)
    tracks: list[Track] = field(default_factory=list)
    _unlocks: dict[str, list[str]] | None = field(default=None, repr=False)
    _plan_index: PlanIndex | None = field(default=None, repr=False)

    def __contains__(self, concept_id: object) -> bool:
        return concept_id in self.concepts

    def __len__(self) -> int:
        return len(self.concepts)

    def __iter__(self) -> Iterator[Concept]:
        return iter(self.concepts.values())

    def get(self, concept_id: str) -> Concept | None:
        """The concept with this id, or None."""
        return self.concepts.get(concept_id)

    def title_of(self, concept_id: str) -> str:
        """A concept's title, or its id when no loaded pack has it (a link to another pack)."""
        concept = self.concepts.get(concept_id)
        return concept.title if concept is not None else concept_id

    def unlocks(self, concept_id: str) -> list[str]:
        """Ids of the concepts that name this one as a prerequisite, sorted."""
        return self.unlocks_index().get(concept_id, [])

    def unlocks_index(self) -> dict[str, list[str]]:
        """Prerequisite id -> the ids that name it, sorted; built on first use and kept."""
        if self._unlocks is None:
            index: dict[str, list[str]] = {}
            for concept in self.concepts.values():
                for pre in set(concept.prerequisite_ids()):
                    index.setdefault(pre, []).append(concept.id)
            for ids in index.values():
                ids.sort()
            self._unlocks = index
        return self._unlocks

    def plan_index(self) -> PlanIndex:
        """The graph as integers for the planner, built on first use."""
        if self._plan_index is None or len(self._plan_index.ids) != len(self.concepts):
            self._plan_index = PlanIndex.build(self.concepts)
        return self._plan_index

    def edge_count(self) -> int:
        """Number of prerequisite links (hard and any-of)."""
        return sum(len(set(c.prerequisite_ids())) for c in self.concepts.values())

    def area_title(self, area_id: str) -> str:
        """The display name of an area, falling back to its id."""
        area = self.areas.get(area_id)
        return area.title if area else area_id

    def by_area(self) -> dict[str, list[Concept]]:
        """Concepts grouped by area, each group sorted by depth then title."""
        groups: dict[str, list[Concept]] = {}
        for concept in self.concepts.values():
            groups.setdefault(concept.area, []).append(concept)
        for items in groups.values():
            items.sort(key=lambda c: (c.depth, c.title.lower()))
        return dict(sorted(groups.items()))

    def sorted_concepts(self) -> list[Concept]:
        """Every concept by title, case-insensitive, then id."""
        return sorted(self.concepts.values(), key=lambda c: (c.title.lower(), c.id))

    def ancestors(self, concept_id: str, *, hard_only: bool = False) -> set[str]:
        """Every concept reachable through prerequisite links (not including itself)."""
        seen: set[str] = set()
        stack = [concept_id]
        while stack:
            concept = self.concepts.get(stack.pop())
            if concept is None:
                continue
            nxt: Iterable[str] = concept.requires if hard_only else concept.prerequisite_ids()
            for pre in nxt:
                if pre not in seen:
                    seen.add(pre)
                    stack.append(pre)
        seen.discard(concept_id)
        return seen
