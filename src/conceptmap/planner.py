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
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

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

    __slots__ = ("ids", "users", "parent", "roots")

    def __init__(self, ids: list[str], users: dict[int, list[int]], parent: dict[int, int], roots: dict[int, int]) -> None:
        self.ids = ids
        self.users = users
        self.parent = parent
        self.roots = roots  # the target each step's chain of first users ends at (targets map to themselves)

    def needed_for(self, place: int) -> tuple[str, ...]:
        ids = self.ids
        return tuple(sorted([ids[user] for user in self.users[place]]))

    def why(self, place: int) -> tuple[str, ...]:
        chain = [place]
        while chain[-1] in self.parent and len(chain) < WHY_LIMIT - 1:
            chain.append(self.parent[chain[-1]])
        if chain[-1] in self.parent:
            chain.append(self._root(chain[-1]))  # a very long chain: its middle is left out
        return tuple(self.ids[p] for p in chain)

    def _root(self, place: int) -> int:
        """The target a step's chain ends at, remembered along the way (linear over a whole plan)."""
        roots, parent = self.roots, self.parent
        trail = []
        while place not in roots:
            trail.append(place)
            place = parent[place]
        for p in trail:
            roots[p] = roots[place]
        return roots[place]


@dataclass(slots=True)
class _Walk:
    """What one target's breadth-first walk found (see ``Planner._walk``)."""

    hops: dict[int, int]  # step -> links from its target
    needed_for: dict[int, list[int]]  # step -> steps (or targets) that directly need it
    parent: dict[int, int]  # step -> its first (so closest) user
    waiting: dict[int, int]  # step -> its prerequisites inside the path
    cut: dict[int, tuple[HoleReason, set[int]]]  # cut prerequisite -> (reason, who needs it)
    skipped: set[int]  # known prerequisites met
    roots: dict[int, int]  # target -> itself; filled for steps as chains are read


def _merge(walks: list[_Walk]) -> _Walk:
    """Several walks as one: each step once, at its fewest hops, needed by every user any walk saw."""
    merged = _Walk({}, {}, {}, {}, {}, set(), {})
    users: dict[int, dict[int, None]] = {}
    for walk in walks:
        merged.roots.update(walk.roots)
        merged.skipped |= walk.skipped
        for place, distance in walk.hops.items():
            if place not in merged.hops or distance < merged.hops[place]:
                merged.hops[place] = distance
                if place in walk.parent:
                    merged.parent[place] = walk.parent[place]
            users.setdefault(place, {}).update(dict.fromkeys(walk.needed_for[place]))
        for place, (reason, who) in walk.cut.items():
            merged.cut.setdefault(place, (reason, set()))[1].update(who)
    for place in merged.hops:
        merged.waiting[place] = 0
    for place, needers in users.items():
        merged.needed_for[place] = list(needers)
        for user in needers:
            merged.waiting[user] += 1
    for place in merged.roots:
        merged.parent.pop(place, None)  # every target starts its own chain, whoever else needs it
    return merged


class HoleReason(StrEnum):
    """Why a prerequisite was cut from the path."""

    DEPTH = "depth"  # deeper than the depth limit
    HOPS = "hops"  # more links from the target than max_hops allows


@dataclass(frozen=True, slots=True)
class RabbitHole:
    """A prerequisite the plan cut, and what following it would cost."""

    concept: Concept
    needed_for: tuple[str, ...]
    reason: HoleReason
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
        target = self.graph.concepts[target_id]
        return self.plan_many([(target_id, target.depth if depth_limit is None else depth_limit)], max_hops=max_hops)

    @gc_paused
    def plan_many(self, targets: Sequence[tuple[str, int]], *, max_hops: int | None = None) -> Plan:
        """One path to several targets, each at its own depth limit: the first is the main one.

        Each target is walked as a plan of its own; the walks are merged (a step needed
        by several targets appears once, at its fewest hops) and ordered once, so a goal
        such as "an image classifier with fastai" or a whole track is one path.
        """
        index = self.index
        ids, concepts = index.ids, index.concepts
        main_id, main_limit = targets[0]
        target = self.graph.concepts[main_id]
        limit = Depth(main_limit)
        walks = [self._walk(index.rank[tid], Depth(lim), max_hops) for tid, lim in targets if tid not in self.assumed]
        if not walks:
            return Plan(target, limit, [], [], max_hops, [main_id], self.implied_by(main_id))
        merged = walks[0] if len(walks) == 1 else _merge(walks)
        order = self._order(merged.waiting, merged.needed_for)
        links = _Links(ids, merged.needed_for, merged.parent, merged.roots)
        steps = [Step(concepts[p], merged.hops[p], p, links) for p in order]
        holes = [
            RabbitHole(concepts[p], tuple(sorted(ids[u] for u in users)), reason, *self._adds(p, merged.hops))
            for p, (reason, users) in merged.cut.items()
            if p not in merged.hops
        ]
        holes.sort(key=lambda h: (h.concept.depth, h.concept.title.lower()))
        skipped = set(merged.skipped) | {index.rank[tid] for tid, _ in targets if tid in self.assumed}
        return Plan(target, limit, steps, holes, max_hops, sorted(ids[p] for p in skipped))

    def _walk(self, start: int, limit: Depth, max_hops: int | None) -> _Walk:
        """Breadth first from one target through the prerequisites the path needs."""
        depth = self.index.depth
        assumed = self._assumed
        choices: dict[tuple[int, ...], int] = {}
        walk = _Walk({start: 0}, {start: []}, {}, {start: 0}, {}, set(), {start: start})
        hops, needed_for, parent, waiting, cut = walk.hops, walk.needed_for, walk.parent, walk.waiting, walk.cut
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
                    walk.skipped.add(pre)
                    continue
                if depth[pre] > limit:
                    cut.setdefault(pre, (HoleReason.DEPTH, set()))[1].add(current)
                    continue
                if max_hops is not None and distance > max_hops:
                    cut.setdefault(pre, (HoleReason.HOPS, set()))[1].add(current)
                    continue
                hops[pre] = distance
                needed_for[pre] = [current]
                parent[pre] = current
                waiting[pre] = 0
                waiting[current] += 1
                queue.append(pre)
        return walk

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

