"""The shallowest learning path from what a user knows to a target concept.

The rules (docs/planning.md explains them with examples):

* The path holds every prerequisite of the target not yet known, reachable
  through prerequisite links without passing through a concept deeper than the
  depth limit. The target itself is always on the path unless it is known
  (or assumed known, as the hard prerequisite of a known concept).
* Known concepts, and their own hard prerequisites (assumed known), are left out.
* Prerequisites deeper than the limit are cut and reported as rabbit holes,
  with what they need and what including them would add.
* ``max_hops`` also cuts prerequisites more than that many links from the target.
* In a ``requires_any`` group the alternative that keeps the path shallowest is
  chosen: lowest maximum depth, then fewest minutes, then fewest concepts.
* Steps come in a valid learning order: each after its prerequisites; among free
  choices shallow and short first, and a step's direct follow-ups right after it.

Pure Python on purpose: this runs on every keypress in the TUI and must not pay
for importing networkx.
"""

from __future__ import annotations

import heapq
from collections import deque
from dataclasses import dataclass, field
from typing import Iterable, Mapping, Sequence

from .gcpause import gc_paused
from .model import Concept, Depth, Graph


@dataclass(slots=True)  # not frozen: a path can have tens of thousands of steps, and frozen init is slow
class Step:
    """One concept to learn, and why it is on the path."""

    concept: Concept
    hops: int  # links from the target
    _place: int = field(repr=False, compare=False)  # the concept's place in the graph's plan index
    _links: _Links = field(repr=False, compare=False)  # shared by a plan's steps

    @property
    def needed_for(self) -> tuple[str, ...]:
        """Ids of the steps (or the target) that directly need this one, sorted."""
        return self._links.needed_for(self._place)

    @property
    def why(self) -> tuple[str, ...]:
        """The chain from this step up to the target along shortest links, at most WHY_LIMIT ids."""
        return self._links.why(self._place)


WHY_LIMIT = 12  # links shown in a step's "why"; long chains keep their start and the target


class _Links:
    """What a plan's steps share: who needs each step, and each step's first (so closest) user.

    Steps read their ``needed_for`` and ``why`` through it when asked: a plan of tens
    of thousands of steps is built without making a tuple of ids for each.
    """

    __slots__ = ("ids", "users", "parent", "target")

    def __init__(self, ids: list[str], users: dict[int, list[int]], parent: dict[int, int], target: int) -> None:
        self.ids = ids
        self.users = users
        self.parent = parent
        self.target = target

    def needed_for(self, place: int) -> tuple[str, ...]:
        ids = self.ids
        return tuple(sorted([ids[user] for user in self.users[place]]))

    def why(self, place: int) -> tuple[str, ...]:
        chain = [place]
        while chain[-1] != self.target and len(chain) < WHY_LIMIT - 1:
            chain.append(self.parent[chain[-1]])
        if chain[-1] != self.target:
            chain.append(self.target)  # a very long chain: its middle is left out
        return tuple(self.ids[p] for p in chain)


@dataclass(frozen=True, slots=True)
class RabbitHole:
    """A prerequisite the plan cut, and what following it would cost."""

    concept: Concept
    needed_for: tuple[str, ...]
    reason: str  # "depth" (deeper than the limit) or "hops" (too far from the target)
    adds_concepts: int  # concepts it would add, with its own unknown prerequisites
    adds_minutes: int


@dataclass
class Plan:
    """A learning path to one target at one depth limit."""

    target: Concept
    depth_limit: Depth
    steps: list[Step]
    rabbit_holes: list[RabbitHole]
    max_hops: int | None = None
    known_skipped: list[str] = field(default_factory=list)  # known prerequisites left out
    #: For a target assumed known: the known concept that builds on it.
    assumed_by: str | None = None

    @property
    def total_minutes(self) -> int:
        """Minutes for every step together."""
        return sum(step.concept.minutes for step in self.steps)

    @property
    def ids(self) -> list[str]:
        """Step ids in learning order."""
        return [step.concept.id for step in self.steps]


@dataclass(frozen=True, slots=True)
class Rung:
    """One level of the ladder: what the path costs at that depth limit."""

    depth: Depth
    concepts: int
    minutes: int
    rabbit_holes: int


class Planner:
    """Plans paths over one graph for one set of known concepts.

    Internally every concept is its integer place in ``Graph.plan_index()``; ids
    and Concept objects come back only in the Plan it returns.
    """

    def __init__(self, graph: Graph, known: Iterable[str] = ()) -> None:
        self.graph = graph
        self.index = graph.plan_index()
        self.known = frozenset(k for k in known if k in graph.concepts)
        rank = self.index.rank
        self._assumed = self._known_closure({rank[k] for k in self.known})
        ids = self.index.ids
        #: Known concepts plus every hard prerequisite they imply, as ids.
        self.assumed = frozenset(ids[i] for i in self._assumed)

    def _known_closure(self, known: set[int]) -> set[int]:
        """Known concepts plus every hard prerequisite they imply."""
        requires = self.index.requires
        seen = set(known)
        stack = list(known)
        while stack:
            for pre in requires[stack.pop()]:
                if pre not in seen:
                    seen.add(pre)
                    stack.append(pre)
        return seen

    def implied_by(self, concept_id: str) -> str | None:
        """A known concept that builds on this one (so it is assumed known), or None.

        None for a concept marked known itself, or one nothing known builds on.
        """
        if concept_id in self.known or concept_id not in self.assumed:
            return None
        rank = self.index.rank
        for known in sorted(self.known):
            if rank[concept_id] in self._known_closure({rank[known]}):
                return known
        return None  # unreachable while assumed is the closure of known

    # -- requires_any ------------------------------------------------------------------
    def _prerequisites(self, place: int, limit: int, choices: dict[tuple[int, ...], int]) -> Sequence[int]:
        hard = self.index.requires[place]
        groups = self.index.any_of[place]
        if not groups:
            return hard  # the common case: no copy
        out = list(hard)
        for group in groups:
            choice = self._choice(group, limit, choices)
            if choice not in out:
                out.append(choice)
        return out

    def _choice(self, group: tuple[int, ...], limit: int, choices: dict[tuple[int, ...], int]) -> int:
        """The alternative chosen for a group, chosen once per plan."""
        choice = choices.get(group)
        if choice is None:
            choice = choices[group] = self._choose(group, limit)
        return choice

    def _choose(self, group: tuple[int, ...], limit: int) -> int:
        """The alternative of an any-of group that keeps the path shallowest."""
        for alt in group:
            if alt in self._assumed:
                return alt
        return min(group, key=lambda alt: self._cost(alt, limit))

    def _cost(self, start: int, limit: int) -> tuple[int, int, int, str]:
        index = self.index
        depth, requires = index.depth, index.requires
        seen = {start}
        queue = [start]
        max_depth = minutes = 0
        while queue:
            place = queue.pop()
            max_depth = max(max_depth, depth[place])
            minutes += index.minutes[place]
            if depth[place] > limit:
                continue  # cut anyway; its depth already counts against it
            for pre in requires[place]:  # nested groups are rare: count hard links only
                if pre not in seen and pre not in self._assumed:
                    seen.add(pre)
                    queue.append(pre)
        return (max_depth, minutes, len(seen), index.ids[start])

    # -- the plan ----------------------------------------------------------------------
    @gc_paused
    def plan(self, target_id: str, depth_limit: int | None = None, *, max_hops: int | None = None) -> Plan:
        """The path to a target. ``depth_limit`` defaults to the target's own depth."""
        index = self.index
        ids, depth, concepts = index.ids, index.depth, index.concepts
        target = self.graph.concepts[target_id]
        limit = Depth(target.depth if depth_limit is None else depth_limit)
        if target_id in self.assumed:
            return Plan(target, limit, [], [], max_hops, [target_id], self.implied_by(target_id))
        assumed = self._assumed
        start = index.rank[target_id]
        choices: dict[tuple[int, ...], int] = {}
        hops: dict[int, int] = {start: 0}
        # Steps (or the target) that directly need each step. Each step is expanded once
        # and its prerequisites hold no repeats, so a user is never added twice.
        needed_for: dict[int, list[int]] = {start: []}
        parent: dict[int, int] = {}  # first (so shortest, breadth first) user of each step
        waiting: dict[int, int] = {start: 0}  # prerequisites of each step inside the path
        cut: dict[int, tuple[str, set[int]]] = {}
        skipped: set[int] = set()
        queue = deque([start])
        while queue:
            current = queue.popleft()
            distance = hops[current] + 1
            for pre in self._prerequisites(current, limit, choices):
                if pre in hops:  # most edges lead to a step already found: test that first
                    needed_for[pre].append(current)
                    waiting[current] += 1
                    continue
                if pre in assumed:
                    skipped.add(pre)
                    continue
                if depth[pre] > limit:
                    cut.setdefault(pre, ("depth", set()))[1].add(current)
                    continue
                if max_hops is not None and distance > max_hops:
                    cut.setdefault(pre, ("hops", set()))[1].add(current)
                    continue
                hops[pre] = distance
                needed_for[pre] = [current]
                parent[pre] = current
                waiting[pre] = 0
                waiting[current] += 1
                queue.append(pre)
        order = self._order(waiting, needed_for)
        links = _Links(ids, needed_for, parent, start)
        steps = [Step(concepts[p], hops[p], p, links) for p in order]
        holes = [
            RabbitHole(concepts[p], tuple(sorted(ids[u] for u in users)), reason, *self._adds(p, hops))
            for p, (reason, users) in cut.items()
            if p not in hops
        ]
        holes.sort(key=lambda h: (h.concept.depth, h.concept.title.lower()))
        return Plan(target, limit, steps, holes, max_hops, sorted(ids[p] for p in skipped))

    def _order(self, waiting: dict[int, int], needed_for: dict[int, list[int]]) -> list[int]:
        """A learning order: prerequisites first; shallow and short first; follow-ups together.

        Places are ranks, so the heap orders "shallow, short, by title" by comparing
        integers. ``waiting`` counts each step's prerequisites inside the path; it is
        used up here.
        """
        depth = self.index.depth
        heap = [place for place, n in waiting.items() if n == 0]
        heapq.heapify(heap)
        fresh: list[int] = []
        order: list[int] = []
        while heap or fresh:
            if fresh:
                fresh.sort()
                # Continue with something the last step just unlocked, unless a
                # shallower step is waiting: related steps stay together.
                if not heap or depth[fresh[0]] <= depth[heap[0]]:
                    item = fresh.pop(0)
                else:
                    item = heapq.heappop(heap)
                for other in fresh:
                    heapq.heappush(heap, other)
                fresh = []
            else:
                item = heapq.heappop(heap)
            order.append(item)
            for user in needed_for[item]:
                waiting[user] -= 1
                if waiting[user] == 0:
                    fresh.append(user)
        if len(order) < len(waiting):  # a cycle: `check` rejects these, but never loop or drop steps
            placed = set(order)
            order.extend(sorted(place for place in waiting if place not in placed))
        return order

    def _adds(self, start: int, included: Mapping[int, int]) -> tuple[int, int]:
        """Concepts and minutes a cut prerequisite would add at its own depth.

        Counted as the planner would plan it: its hard prerequisites, and from each
        any-of group nothing if the path (or what is known) already holds one
        alternative, else the one alternative the planner would choose.
        """
        index = self.index
        depth, requires, any_of = index.depth, index.requires, index.any_of
        assumed = self._assumed
        limit = depth[start]
        choices: dict[tuple[int, ...], int] = {}
        seen = {start}
        stack = [start]

        def held(place: int) -> bool:
            return place in seen or place in included or place in assumed

        while stack:
            place = stack.pop()
            wanted = list(requires[place])
            for group in any_of[place]:
                if not any(held(alt) for alt in group):
                    wanted.append(self._choice(group, limit, choices))
            for pre in wanted:
                if held(pre) or depth[pre] > limit:
                    continue
                seen.add(pre)
                stack.append(pre)
        return len(seen), sum(index.minutes[p] for p in seen)

    def ladder(self, target_id: str, *, max_hops: int | None = None) -> list[Rung]:
        """The path's cost at each depth limit, overview to theory."""
        rungs = []
        for depth in Depth:
            plan = self.plan(target_id, depth, max_hops=max_hops)
            rungs.append(Rung(depth, len(plan.steps), plan.total_minutes, len(plan.rabbit_holes)))
        return rungs


def nothing_to_learn(graph: Graph, plan: Plan) -> str:
    """Why a plan has no steps, in words (a plan is empty only when its target is known)."""
    if plan.assumed_by is not None:
        by = graph.concepts[plan.assumed_by].title
        return f"Nothing to learn: you know {by}, which builds on {plan.target.title}."
    return "You already know this one."


def plan_as_dict(plan: Plan, goal: str, deeper: Plan | None = None) -> dict[str, object]:
    """The JSON shape of `conceptmap path --json` (a stable contract, see docs/cli.md)."""
    out: dict[str, object] = {
        "goal": goal,
        "target": {"id": plan.target.id, "title": plan.target.title, "depth": plan.target.depth.label},
        "depth_limit": plan.depth_limit.label,
        "max_hops": plan.max_hops,
        "steps": [
            {
                "id": s.concept.id,
                "title": s.concept.title,
                "depth": s.concept.depth.label,
                "minutes": s.concept.minutes,
                "needed_for": list(s.needed_for),
                "why": list(s.why),
            }
            for s in plan.steps
        ],
        "rabbit_holes": [
            {
                "id": h.concept.id,
                "title": h.concept.title,
                "depth": h.concept.depth.label,
                "needed_for": list(h.needed_for),
                "reason": h.reason,
                "adds": {"concepts": h.adds_concepts, "minutes": h.adds_minutes},
            }
            for h in plan.rabbit_holes
        ],
        "known_skipped": list(plan.known_skipped),
        "total_minutes": plan.total_minutes,
    }
    if deeper is not None:
        extra = [s for s in deeper.steps if s.concept.id not in set(plan.ids)]
        out["deeper"] = {
            "depth_limit": deeper.depth_limit.label,
            "adds": len(extra),
            "minutes": sum(s.concept.minutes for s in extra),
        }
    return out
