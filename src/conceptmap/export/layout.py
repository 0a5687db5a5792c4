"""How a glossary is laid out, whatever the format: groups, their order, and the lines under each term."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from ..model import Concept, Graph
from ..text import fold
from .records import minutes_text
from .safety import slug

_LEADING_MARKS = re.compile(r"^[\W_]+")


#: The heading over a term's resources, in every format.
LEARN_LABEL = "Where to learn it"


@dataclass(frozen=True, slots=True)
class Group:
    """One section of a glossary: an area, or a letter when sorted alphabetically."""

    anchor: str  # contains "--", which no slug of an id does, so it never clashes with a term
    title: str
    concepts: tuple[Concept, ...]


@dataclass(frozen=True, slots=True)
class Relation:
    """A line under a term: a label and the concepts it names."""

    label: str
    ids: tuple[str, ...]
    joiner: str = ", "


def title_key(concept: Concept) -> tuple[str, str, str]:
    """Sort key: the title folded (case, accents and leading punctuation ignored), then the id."""
    folded = fold(concept.title)
    return (_LEADING_MARKS.sub("", folded), folded, concept.id)


def depth_key(concept: Concept) -> tuple[int, str, str, str]:
    """Sort key inside an area: shallow first, then by title."""
    return (int(concept.depth), *title_key(concept))


def initial(title: str) -> str:
    """The letter a title is filed under: A-Z, or # for anything else."""
    for char in fold(title):
        if char.isalnum():
            return char.upper() if "a" <= char <= "z" else "#"
    return "#"


def _by(concepts: Iterable[Concept], key: Callable[[Concept], str]) -> dict[str, list[Concept]]:
    groups: dict[str, list[Concept]] = {}
    for concept in concepts:
        groups.setdefault(key(concept), []).append(concept)
    return groups


def group_concepts(graph: Graph, concepts: Sequence[Concept], sort: str = "area") -> list[Group]:
    """Sections in a stable order: areas by title (terms shallow first) or letters A-Z (# last)."""
    if sort == "alpha":
        letters = _by(sorted(concepts, key=title_key), lambda c: initial(c.title))
        order = sorted(letters, key=lambda letter: (letter == "#", letter))
        return [Group(f"letter--{slug(letter, 'other')}", letter, tuple(letters[letter])) for letter in order]
    areas = _by(sorted(concepts, key=depth_key), lambda c: c.area)
    order = sorted(areas, key=lambda area: (fold(graph.area_title(area)), area))
    return [Group(f"area--{slug(area)}", graph.area_title(area), tuple(areas[area])) for area in order]


def ordered(groups: Iterable[Group]) -> list[Concept]:
    """Every concept of the groups, in document order."""
    return [concept for group in groups for concept in group.concepts]


def relations(graph: Graph, concept: Concept) -> list[Relation]:
    """The lines shown under a term: needs, needs one of, unlocks, see also."""
    rows = [Relation("Needs", concept.requires)] if concept.requires else []
    rows += [Relation("Needs one of", group, " or ") for group in concept.requires_any]
    unlocks = tuple(graph.unlocks(concept.id))
    if unlocks:
        rows.append(Relation("Unlocks", unlocks))
    if concept.related:
        rows.append(Relation("See also", concept.related))
    return rows


def title_of(graph: Graph, concept_id: str) -> str:
    """A concept's title, or its id when no loaded pack has it (Graph.title_of)."""
    return graph.title_of(concept_id)


def facts(graph: Graph, concept: Concept, known: Iterable[str] = ()) -> list[str]:
    """The short facts about a term: depth, area, time, and whether it is known."""
    out = [concept.depth.label, graph.area_title(concept.area), minutes_text(concept.minutes)]
    if concept.id in known:
        out.append("✓ known")
    return out
