"""Properties over random graphs and random text: the planner's rules, and search and goals never crashing.

The planner is checked against the rules in its docstring on random DAGs, and
against a brute-force reference written here from those rules alone: fixed
points over sets, no queues, no ordering.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache
from typing import Callable

from hypothesis import example, given, settings
from hypothesis import strategies as st

from conceptmap.goal import GoalError, GoalParser
from conceptmap.loader import load
from conceptmap.model import Depth, Graph
from conceptmap.planner import Plan, Planner
from conceptmap.search import SearchIndex

from helpers import graph_of

PLANNER = settings(max_examples=200, deadline=None)
TEXT = settings(max_examples=300, deadline=None)
GHOST = "ghost"  # an id no concept has: packs may name one, `check` reports it


# -- random graphs ------------------------------------------------------------------------
@st.composite
def dags(draw: st.DrawFn, *, any_groups: bool = True) -> Graph:
    """1-25 concepts, depths 0-3; each requires only earlier ones, some in requires_any groups."""
    specs = []
    for i in range(draw(st.integers(1, 25))):
        earlier = [f"c{j}" for j in range(i)]
        pool = st.sampled_from([*earlier, GHOST]) if earlier else st.just(GHOST)
        requires = draw(st.lists(pool, unique=True, max_size=4)) if draw(st.integers(0, 5)) else []
        extra: dict[str, object] = {"minutes": draw(st.sampled_from([5, 10, 15, 30, 60, 90]))}
        if any_groups and len(earlier) >= 2 and draw(st.integers(0, 3)) == 0:
            group = st.lists(st.sampled_from(earlier), min_size=2, max_size=3, unique=True)
            extra["requires_any"] = draw(st.lists(group, min_size=1, max_size=2))
        specs.append((f"c{i}", draw(st.integers(0, 3)), requires, extra))
    return graph_of(*specs)


@dataclass
class Case:
    """One planning question over a random graph."""

    graph: Graph
    known: set[str]
    target: str
    depth_limit: int | None
    max_hops: int | None

    @property
    def limit(self) -> int:
        """The depth limit the plan uses: the given one or the target's depth."""
        return self.graph.concepts[self.target].depth if self.depth_limit is None else self.depth_limit

    def plan(self) -> Plan:
        """What the planner says."""
        return Planner(self.graph, self.known).plan(self.target, self.depth_limit, max_hops=self.max_hops)


@st.composite
def cases(draw: st.DrawFn, *, any_groups: bool = True) -> Case:
    """A graph, a random known set (sometimes with ids the graph lacks), a target, limits."""
    graph = draw(dags(any_groups=any_groups))
    ids = sorted(graph.concepts)
    known = set(draw(st.lists(st.sampled_from([*ids, GHOST, "gone"]), max_size=len(ids))))
    return Case(
        graph,
        known,
        draw(st.sampled_from(ids)),
        draw(st.none() | st.integers(0, 3)),
        draw(st.none() | st.integers(0, 4)),
    )


# -- the reference: the docstring's rules as fixed points -----------------------------------
def fixed_point(start: set[str], grow: Callable[[set[str]], set[str]]) -> set[str]:
    """Apply grow (members -> more members) until nothing changes."""
    members = set(start)
    while True:
        more = grow(members) - members
        if not more:
            return members
        members |= more


@dataclass
class Expected:
    """The plan the rules call for: steps with hops and needed_for, rabbit holes, skipped."""

    hops: dict[str, int]
    needed_for: dict[str, set[str]]
    holes: dict[str, tuple[str, set[str]]]  # id -> (reason, needed_for)
    skipped: set[str]


class Reference:
    """An obviously-correct (and slow) planner, written from the rules alone."""

    def __init__(self, graph: Graph, known: set[str]) -> None:
        self.graph = graph
        self.known = {k for k in known if k in graph}
        # Known concepts and all their hard prerequisites, transitively, are assumed known.
        self.assumed = fixed_point(self.known, lambda s: {p for k in s if k in graph for p in graph.concepts[k].requires})

    def cost(self, alternative: str, limit: int) -> tuple[int, int, int]:
        """Depth, minutes and size of what an alternative brings: itself and its unknown hard needs in reach."""
        concepts = self.graph.concepts
        brings = fixed_point(
            {alternative},
            lambda s: {
                p for c in s if concepts[c].depth <= limit for p in concepts[c].requires if p in concepts and p not in self.assumed
            },
        )
        return max(concepts[c].depth for c in brings), sum(concepts[c].minutes for c in brings), len(brings)

    def choice(self, group: tuple[str, ...], limit: int) -> str | None:
        """The documented rule: a known alternative, else lowest max depth, fewest minutes, fewest concepts (then id)."""
        present = [a for a in group if a in self.graph]
        known = [a for a in present if a in self.assumed]
        if known:
            return known[0]
        return min(present, key=lambda a: (self.cost(a, limit), a), default=None)

    def needs(self, cid: str, limit: int) -> set[str]:
        """A concept's prerequisites that exist: hard ones and the chosen alternative of each group."""
        concept = self.graph.concepts[cid]
        chosen = {self.choice(group, limit) for group in concept.requires_any}
        return {p for p in (*concept.requires, *chosen) if p is not None and p in self.graph}

    def plan(self, case: Case) -> Expected:
        """Steps: reachable from the target through concepts neither known nor too deep nor too far."""
        limit, concepts = case.limit, self.graph.concepts
        if case.target in self.assumed:
            return Expected({}, {}, {}, {case.target})
        hops: dict[str, int] = {case.target: 0}
        changed = True
        while changed:  # shortest distances, Bellman-Ford style
            changed = False
            for cid, distance in list(hops.items()):
                for pre in self.needs(cid, limit):
                    too_far = case.max_hops is not None and distance + 1 > case.max_hops
                    if pre in self.assumed or concepts[pre].depth > limit or too_far:
                        continue
                    if distance + 1 < hops.get(pre, math.inf):
                        hops[pre] = distance + 1
                        changed = True
        edges = {(cid, pre) for cid in hops for pre in self.needs(cid, limit)}
        needed_for = {cid: {user for user, pre in edges if pre == cid} for cid in hops}
        cut = {pre for _, pre in edges if pre not in hops and pre not in self.assumed}
        holes = {
            pre: ("depth" if concepts[pre].depth > limit else "hops", {user for user, p in edges if p == pre}) for pre in cut
        }
        return Expected(hops, needed_for, holes, {pre for _, pre in edges if pre in self.assumed})


# -- properties ------------------------------------------------------------------------------
@PLANNER
@given(cases())
def test_steps_come_after_their_prerequisites_on_the_path(case: Case):
    plan = case.plan()
    position = {cid: i for i, cid in enumerate(plan.ids)}
    assert len(position) == len(plan.ids), "a step appears twice"
    for step in plan.steps:
        here = position[step.concept.id]
        for pre in step.concept.requires:
            assert position.get(pre, -1) < here, f"{step.concept.id} before its prerequisite {pre}"
        for user in step.needed_for:  # chosen requires_any alternatives included
            assert here < position[user], f"{step.concept.id} after {user}, which needs it"
    if plan.steps:
        assert plan.ids[-1] == case.target


@PLANNER
@given(cases())
def test_known_concepts_and_what_only_they_need_are_left_out(case: Case):
    plan = case.plan()
    assumed = Reference(case.graph, case.known).assumed
    assert not set(plan.ids) & assumed
    if case.target in assumed:
        assert plan.steps == [] and plan.rabbit_holes == []
    else:
        assert case.target in plan.ids
    # Everything on the path is there for the target: each step leads to it through needed_for.
    leads = fixed_point({case.target}, lambda s: {step.concept.id for step in plan.steps if set(step.needed_for) & s})
    assert leads == set(plan.ids) or not plan.steps


@PLANNER
@given(cases())
def test_no_step_is_deeper_than_the_limit_but_the_target(case: Case):
    plan = case.plan()
    assert plan.depth_limit == case.limit
    for step in plan.steps:
        assert step.concept.id == case.target or step.concept.depth <= case.limit


@PLANNER
@given(cases())
def test_hops_are_shortest_and_within_max_hops(case: Case):
    plan = case.plan()
    expected = Reference(case.graph, case.known).plan(case)
    for step in plan.steps:
        assert case.max_hops is None or step.hops <= case.max_hops
        assert step.hops == expected.hops[step.concept.id]
        if step.needed_for:
            nearest = min(plan.steps[plan.ids.index(u)].hops for u in step.needed_for)
            assert step.hops == nearest + 1


@PLANNER
@given(cases())
def test_every_cut_prerequisite_is_a_rabbit_hole(case: Case):
    plan = case.plan()
    ref = Reference(case.graph, case.known)
    holes = {h.concept.id: h for h in plan.rabbit_holes}
    included = set(plan.ids)
    for step in plan.steps:
        concept = step.concept
        for pre in concept.requires:
            if pre in case.graph and pre not in included and pre not in ref.assumed:
                assert pre in holes and concept.id in holes[pre].needed_for
        for group in concept.requires_any:
            present = [a for a in group if a in case.graph]
            if present and not any(a in included or a in ref.assumed for a in present):
                assert any(a in holes for a in present), f"no alternative of {group} on the path or reported"
    for hole in plan.rabbit_holes:
        assert hole.concept.id not in included and hole.concept.id not in ref.assumed
        assert hole.reason in ("depth", "hops") and set(hole.needed_for) <= included
        assert hole.adds_concepts >= 1 and hole.adds_minutes >= hole.concept.minutes


@PLANNER
@given(cases())
def test_plan_equals_the_brute_force_reference(case: Case):
    plan = case.plan()
    expected = Reference(case.graph, case.known).plan(case)
    assert {s.concept.id: s.hops for s in plan.steps} == expected.hops
    assert {s.concept.id: set(s.needed_for) for s in plan.steps} == expected.needed_for
    assert {h.concept.id: (h.reason, set(h.needed_for)) for h in plan.rabbit_holes} == expected.holes
    assert set(plan.known_skipped) == expected.skipped


@PLANNER
@given(cases(any_groups=False))
def test_a_deeper_limit_never_drops_a_step(case: Case):
    planner = Planner(case.graph, case.known)
    previous: set[str] = set()
    for depth in Depth:
        ids = set(planner.plan(case.target, depth, max_hops=case.max_hops).ids)
        assert previous <= ids
        previous = ids


# -- text: never a crash --------------------------------------------------------------------
@cache
def bundled() -> tuple[SearchIndex, GoalParser]:
    """Search index and goal parser over the bundled graph, built once."""
    graph = load((), bundled=True).graph
    index = SearchIndex(graph)
    return index, GoalParser(graph, index)


ANY_TEXT = st.text(st.characters(codec=None), max_size=300)  # every code point but surrogates
AWKWARD = st.lists(  # control, format, separator and combining characters among goal-like fragments
    st.characters(categories=["Cc", "Cf", "Zl", "Zp", "Zs", "Mn", "Me", "So", "Co", "Cn"])
    | st.sampled_from(["lda", "LDA", "use", " for ", "the", "\u202e", "ا", "ש", "ﷺ", "ß", "İ", "ﬁ", "😀", "👩\u200d👩\u200d👧"])
    | st.sampled_from(["what is", " how does ", "id:", "derive ", "topic modelling", "k-means", "\ufeff", "\u200d"]),
    max_size=60,
).map("".join)
EXPLICIT = [
    "",
    " ",
    "\x00",
    "\t\r\n\x0b\x0c",
    "\u202eLDA\u202c use",  # right-to-left override
    "استخدام LDA لنمذجة المواضيع",  # Arabic around a Latin acronym
    "עברית word2vec",
    "😀" * 1000,
    "👩‍👩‍👧‍👦 transformers",
    "\u0301" * 5000,  # combining marks with nothing to combine with
    "ﷺ" * 3000,  # the longest NFKD expansion
    "a" * 100_000,
    "lda " * 25_000,
    "use LDA for topic modelling " * 4000,
    "id:",
    "id:" + "x" * 100_000,
    "\uffff\U0010ffff\ue000",
]


def explicit(test: Callable[[str], None]) -> Callable[[str], None]:
    """Add every EXPLICIT example to a one-argument hypothesis test."""
    for text in EXPLICIT:
        test = example(text)(test)
    return test


@TEXT
@given(ANY_TEXT | AWKWARD)
@explicit
def test_search_never_raises(query: str):
    index, _ = bundled()
    hits = index.search(query)
    assert len(hits) <= 20
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    assert index.search(query, limit=0) == []


@TEXT
@given(ANY_TEXT | AWKWARD)
@explicit
def test_goal_parsing_raises_only_goal_error(goal: str):
    _, parser = bundled()
    try:
        understood = parser.parse(goal)
    except GoalError as exc:
        assert str(exc) and "\n" not in str(exc).strip()
        return
    if understood.track is None:  # a goal for a whole track names the track, not one concept
        assert understood.target is not None and understood.target.id in parser.graph
    assert understood.as_dict()["goal"] == goal[:1000]
