"""Which concepts an export holds: filters for the glossary, neighbourhoods and paths for the graph."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from typing import TYPE_CHECKING

from ..model import Concept, Depth, Graph
from ..problems import ConceptmapError
from ..text import shorten

if TYPE_CHECKING:
    from ..session import Session


def depth_order(concepts: Iterable[Concept]) -> list[Concept]:
    """Concepts by depth, then title (case-insensitive), then id: the order graphs list nodes in."""
    return sorted(concepts, key=lambda c: (c.depth, c.title.lower(), c.id))


def resolve_area(graph: Graph, name: str) -> str:
    """An area id from an id or title (any case), or a one-line error listing the areas."""
    known = set(graph.areas) | {c.area for c in graph}
    if name in known:
        return name
    wanted = name.strip().lower()
    for area_id in sorted(known):
        if wanted in (area_id.lower(), graph.area_title(area_id).lower()):
            return area_id
    raise ConceptmapError(f"unknown area {shorten(name)}; areas: {', '.join(sorted(known))}")


def path_concepts(session: Session, goal: str, depth: Depth | None = None) -> list[Concept]:
    """Every concept on the path to a goal, in learning order, known ones included."""
    _goal, plan = session.plan(goal, depth, ignore_known=True)
    return [step.concept for step in plan.steps]


def select_concepts(
    session: Session,
    *,
    areas: Iterable[str] = (),
    known: bool | None = None,
    path_goal: str | None = None,
    depth: Depth | None = None,
    depth_max: Depth | None = None,
) -> list[Concept]:
    """The concepts a glossary export holds.

    ``areas`` keeps those areas (ids or titles); ``known`` True keeps only concepts
    marked known, False only the others; ``path_goal`` keeps the path to that goal
    (planned at ``depth``, which means nothing without a goal); ``depth_max`` drops
    deeper concepts. Unknown areas and goals raise a one-line ConceptmapError.
    """
    graph = session.graph
    chosen = path_concepts(session, path_goal, depth) if path_goal else graph.sorted_concepts()
    wanted = {resolve_area(graph, area) for area in areas}
    marks = session.known
    return [
        c
        for c in chosen
        if (not wanted or c.area in wanted)
        and (known is None or (c.id in marks) == known)
        and (depth_max is None or c.depth <= depth_max)
    ]


def neighbours(graph: Graph, concept_id: str) -> set[str]:
    """Ids one prerequisite link away, in either direction."""
    concept = graph.concepts[concept_id]
    return {i for i in concept.prerequisite_ids() if i in graph} | set(graph.unlocks(concept_id))


def neighbourhood(graph: Graph, concept_id: str, radius: int) -> list[Concept]:
    """The concept and everything within ``radius`` prerequisite links of it, either way."""
    distance = {concept_id: 0}
    queue = deque([concept_id])
    while queue:
        current = queue.popleft()
        if distance[current] >= radius:
            continue
        for other in sorted(neighbours(graph, current) - distance.keys()):
            distance[other] = distance[current] + 1
            queue.append(other)
    return depth_order(graph.concepts[i] for i in distance)


def graph_scope(
    session: Session,
    *,
    around: str | None = None,
    radius: int = 1,
    path_goal: str | None = None,
    depth: Depth | None = None,
) -> list[Concept]:
    """The concepts a graph export draws: all, a neighbourhood (``around``) or a path."""
    if around and path_goal:
        raise ConceptmapError("choose one of --around and --path, not both")
    if around:
        return neighbourhood(session.graph, session.concept(around).id, radius)
    if path_goal:
        return path_concepts(session, path_goal, depth)
    return depth_order(session.graph)
