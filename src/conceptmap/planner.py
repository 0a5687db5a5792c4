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

from .model import Concept, Depth, Graph


@dataclass(slots=True)  # not frozen: a path can have tens of thousands of steps, and frozen init is slow
class Step:
    """One concept to learn, and why it is on the path."""

    concept: Concept
    needed_for: tuple[str, ...]  # steps (or the target) that directly need it
    hops: int  # links from the target
    _parents: Mapping[str, str] = field(repr=False, compare=False)  # shared by a plan's steps
    _target: str = field(repr=False, compare=False)

    @property
    def why(self) -> tuple[str, ...]:
        """The chain from this step up to the target (computed when asked: most callers never do)."""
        return _why(self.concept.id, self._parents, self._target)


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
    """Plans paths over one graph for one set of known concepts."""

    def __init__(self, graph: Graph, known: Iterable[str] = ()) -> None:
        self.graph = graph
        self.known = frozenset(k for k in known if k in graph.concepts)
        self.assumed = self._known_closure(self.known)

    def _known_closure(self, known: frozenset[str]) -> frozenset[str]:
        """Known concepts plus every hard prerequisite they imply."""
        seen = set(known)
        stack = list(known)
        concepts = self.graph.concepts
        while stack:
            concept = concepts.get(stack.pop())
            if concept is None:
                continue
            for pre in concept.requires:
                if pre not in seen:
                    seen.add(pre)
                    stack.append(pre)
        return frozenset(seen)

    # -- requires_any ------------------------------------------------------------------
    def _prerequisites(self, concept: Concept, limit: int, choices: dict[tuple[str, ...], str]) -> Sequence[str]:
        if not concept.requires_any:
            return concept.requires  # the common case: no copy
        out = list(concept.requires)
        for group in concept.requires_any:
            choice = choices.get(group)
            if choice is None:
                choice = self._choose(group, limit, choices)
                choices[group] = choice
            if choice not in out:
                out.append(choice)
        return out

    def _choose(self, group: tuple[str, ...], limit: int, choices: dict[tuple[str, ...], str]) -> str:
        """The alternative of an any-of group that keeps the path shallowest."""
        present = [alt for alt in group if alt in self.graph.concepts]
        if not present:
            return group[0]
        for alt in present:
            if alt in self.assumed:
                return alt
        return min(present, key=lambda alt: self._cost(alt, limit, choices))

    def _cost(self, start: str, limit: int, choices: dict[tuple[str, ...], str]) -> tuple[int, int, int, str]:
        concepts = self.graph.concepts
        seen = {start}
        queue = [start]
        max_depth = minutes = 0
        while queue:
            concept = concepts[queue.pop()]
            max_depth = max(max_depth, concept.depth)
            minutes += concept.minutes
            if concept.depth > limit:
                continue  # cut anyway; its depth already counts against it
            for pre in concept.requires:  # nested groups are rare: count hard links only
                if pre in concepts and pre not in seen and pre not in self.assumed:
                    seen.add(pre)
                    queue.append(pre)
        return (max_depth, minutes, len(seen), start)

    # -- the plan ----------------------------------------------------------------------
    def plan(self, target_id: str, depth_limit: int | None = None, *, max_hops: int | None = None) -> Plan:
        """The path to a target. ``depth_limit`` defaults to the target's own depth."""
        concepts = self.graph.concepts
        target = concepts[target_id]
        limit = Depth(target.depth if depth_limit is None else depth_limit)
        if target_id in self.assumed:
            return Plan(target, limit, [], [], max_hops, [target_id])
        choices: dict[tuple[str, ...], str] = {}
        hops: dict[str, int] = {target_id: 0}
        needed_for: dict[str, set[str]] = {target_id: set()}
        parent: dict[str, str] = {}  # first (so shortest, breadth first) user of each step
        waiting: dict[str, int] = {target_id: 0}  # prerequisites of each step inside the path
        cut: dict[str, tuple[str, set[str]]] = {}
        skipped: set[str] = set()
        queue = deque([target_id])
        while queue:
            current = queue.popleft()
            distance = hops[current] + 1
            for pre in self._prerequisites(concepts[current], limit, choices):
                if pre in hops:  # most edges lead to a step already found: test that first
                    users = needed_for[pre]
                    if current not in users:
                        users.add(current)
                        waiting[current] += 1
                    continue
                concept = concepts.get(pre)
                if concept is None:
                    continue  # an unknown id; `conceptmap check` reports it
                if pre in self.assumed:
                    skipped.add(pre)
                    continue
                if concept.depth > limit:
                    cut.setdefault(pre, ("depth", set()))[1].add(current)
                    continue
                if max_hops is not None and distance > max_hops:
                    cut.setdefault(pre, ("hops", set()))[1].add(current)
                    continue
                hops[pre] = distance
                needed_for[pre] = {current}
                parent[pre] = current
                waiting[pre] = 0
                waiting[current] += 1
                queue.append(pre)
        order = self._order(waiting, needed_for)
        steps = [Step(concepts[cid], tuple(sorted(needed_for[cid])), hops[cid], parent, target_id) for cid in order]
        holes = [
            RabbitHole(concepts[cid], tuple(sorted(users)), reason, *self._adds(cid, hops))
            for cid, (reason, users) in cut.items()
            if cid not in hops
        ]
        holes.sort(key=lambda h: (h.concept.depth, h.concept.title.lower()))
        return Plan(target, limit, steps, holes, max_hops, sorted(skipped))

    def _order(self, waiting: dict[str, int], needed_for: dict[str, set[str]]) -> list[str]:
        """A learning order: prerequisites first; shallow and short first; follow-ups together.

        ``waiting`` counts each step's prerequisites inside the path; it is used up here.
        """
        members = list(waiting)
        rank, by_rank, depth = self.graph.learning_rank()
        heap = [rank[cid] for cid, n in waiting.items() if n == 0]
        heapq.heapify(heap)
        fresh: list[int] = []
        order: list[str] = []
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
            cid = by_rank[item]
            order.append(cid)
            for user in needed_for.get(cid, ()):
                if user in waiting:
                    waiting[user] -= 1
                    if waiting[user] == 0:
                        fresh.append(rank[user])
        if len(order) < len(members):  # a cycle: `check` rejects these, but never loop or drop steps
            placed = set(order)
            order.extend(sorted((cid for cid in members if cid not in placed), key=rank.__getitem__))
        return order

    def _adds(self, start: str, included: dict[str, int]) -> tuple[int, int]:
        """Concepts and minutes a cut prerequisite would add at its own depth."""
        concepts = self.graph.concepts
        limit = concepts[start].depth
        seen = {start}
        stack = [start]
        while stack:
            for pre in concepts[stack.pop()].prerequisite_ids():
                c = concepts.get(pre)
                if c is None or pre in seen or pre in included or pre in self.assumed or c.depth > limit:
                    continue
                seen.add(pre)
                stack.append(pre)
        return len(seen), sum(concepts[c].minutes for c in seen)

    def ladder(self, target_id: str, *, max_hops: int | None = None) -> list[Rung]:
        """The path's cost at each depth limit, overview to theory."""
        rungs = []
        for depth in Depth:
            plan = self.plan(target_id, depth, max_hops=max_hops)
            rungs.append(Rung(depth, len(plan.steps), plan.total_minutes, len(plan.rabbit_holes)))
        return rungs


WHY_LIMIT = 12  # links shown in a step's "why"; long chains keep their start and the target


def _why(cid: str, parent: dict[str, str], target: str) -> tuple[str, ...]:
    """The chain from a step up to the target along shortest links, at most WHY_LIMIT ids."""
    chain = [cid]
    while chain[-1] != target and len(chain) < WHY_LIMIT - 1:
        chain.append(parent[chain[-1]])
    if chain[-1] != target:
        chain.append(target)  # a very long chain: its middle is left out
    return tuple(chain)


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
