"""Placement: a short adaptive self-check that marks what a learner already knows.

A learner who knows the basics should not have to tick hundreds of concepts one by
one. Placement asks about a few concepts (ten by default) and infers the rest from
the prerequisite graph, the way ALEKS or Math Academy place a student:

* **yes** on a concept: it is known, and so is every hard prerequisite of it,
  transitively (the planner assumes the same of a known concept);
* **no**: it is not known, and neither is anything built on it through hard
  prerequisites (you cannot know what needs something you do not know);
* **unsure**: settles nothing (and it is not asked again).

``requires_any`` groups take no part: they do not say which alternative a learner
took, so a yes implies none of them and a no rules out nothing through them.
Because only hard links are followed, answers can never contradict each other:
a concept still unsettled has no known concept built on it and no unknown
prerequisite, so whatever its answer, the known set stays closed under
prerequisites.

**Which concept is asked next** (docs/planning.md, "Placement"): among the
concepts in scope that are neither settled nor asked, the one whose *worse*
answer settles the most concepts in scope: for each candidate, count what a yes
would settle (it and its unsettled prerequisites) and what a no would settle (it
and the unsettled concepts built on it), and take the larger of the two smaller
counts. On a chain this is binary search; on a path it halves what is left
whichever way the learner answers. Ties: the larger total of both counts, then
shallow first, short first, then by title and id, so the same graph and answers
always ask the same questions.

Concepts are bits of Python integers: a concept's prerequisites and the concepts
built on it are one integer each, and a count is one ``&`` and ``bit_count``, so
choosing a question over the whole bundled graph takes milliseconds.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum

from .model import Concept, Graph

QUESTIONS = 10  # questions asked at most, unless the caller says otherwise


class Answer(StrEnum):
    """What a learner says to "do you know this?"."""

    YES = "yes"
    NO = "no"
    UNSURE = "unsure"

    @classmethod
    def parse(cls, text: str) -> Answer:
        """An answer from "y", "yes", "n", "no", "u", "unsure" (any case); ValueError otherwise."""
        key = text.strip().lower()
        for answer in cls:
            if key in (answer.value, answer.value[0]):
                return answer
        raise ValueError(f"not an answer: {text!r} (expected y, n or u)")


@dataclass(frozen=True, slots=True)
class Question:
    """One concept to ask about, and how much each answer would settle."""

    number: int  # 1 for the first question
    concept: Concept
    settles_if_yes: int  # concepts in scope a yes settles, this one included
    settles_if_no: int  # concepts in scope a no settles, this one included


@dataclass(frozen=True, slots=True)
class Asked:
    """A question and its answer."""

    question: Question
    answer: Answer


@dataclass(frozen=True, slots=True)
class PlacementResult:
    """What the answers settled: the marks to write, and what is left open."""

    asked: tuple[Asked, ...]
    new_known: tuple[str, ...]  # inferred known and not known before: the marks to write
    unknown: tuple[str, ...]  # in scope, inferred not known
    unsettled: tuple[str, ...]  # in scope, still open
    scope: int  # concepts in scope

    @property
    def settled(self) -> int:
        """Concepts in scope that are settled now: known or ruled out."""
        return self.scope - len(self.unsettled)

    def groups(self) -> list[tuple[str, tuple[str, ...]]]:
        """The summary every view shows: (heading, ids) for what is known, ruled out and still open."""
        rows = [("You know", self.new_known), ("Not yet", self.unknown), ("Still open", self.unsettled)]
        return [(heading, ids) for heading, ids in rows if ids]


def listed(graph: Graph, ids: Sequence[str], limit: int = 12) -> str:
    """Titles for a summary line: the first ``limit``, then how many more (an id no pack has stays an id)."""
    names = [graph.concepts[i].title if i in graph.concepts else i for i in ids[:limit]]
    return ", ".join(names) + (f" and {len(ids) - limit} more" if len(ids) > limit else "")


def _bits(mask: int) -> Iterator[int]:
    """The positions of the set bits of a mask, lowest first."""
    while mask:
        low = mask & -mask
        yield low.bit_length() - 1
        mask ^= low


class Placement:
    """An adaptive self-check over some concepts (a goal's path, or the whole graph).

    Ask ``next_question()``, give its ``answer()``, repeat until it returns None;
    then ``result()`` holds the marks to save. Concepts already known (marked, or
    the hard prerequisite of a mark) are settled from the start and never asked.
    """

    def __init__(self, graph: Graph, scope: Iterable[str] | None, known: Iterable[str], *, questions: int = QUESTIONS) -> None:
        self.graph = graph
        self.questions = questions
        concepts = graph.concepts
        wanted = list(dict.fromkeys(i for i in (concepts if scope is None else scope) if i in concepts))
        # Everything a scope concept's answer can reach: the scope and its hard prerequisites.
        self._ids = _ordered_closure(graph, wanted)
        self._place = {cid: n for n, cid in enumerate(self._ids)}
        self._below, self._above = _closures(graph, self._ids, self._place)
        self._scope = sum(1 << self._place[i] for i in wanted)
        self._known = 0
        self._unknown = 0
        self._asked = 0  # concepts asked, whatever the answer
        for n in _reached(graph, known, self._place):
            self._known |= self._below[n] | 1 << n
        self._before = self._known
        self._history: list[Asked] = []
        self._pending: Question | None = None

    # -- state -------------------------------------------------------------------------
    @property
    def scope_size(self) -> int:
        """Concepts in scope."""
        return self._scope.bit_count()

    @property
    def asked(self) -> tuple[Asked, ...]:
        """The questions answered so far, in order."""
        return tuple(self._history)

    def _open(self) -> int:
        """Concepts in scope not yet settled."""
        return self._scope & ~(self._known | self._unknown)

    def is_settled(self, concept_id: str) -> bool:
        """Whether a concept is known or ruled out (before placement, or by the answers)."""
        n = self._place.get(concept_id)
        return n is not None and bool((self._known | self._unknown) >> n & 1)

    # -- asking ------------------------------------------------------------------------
    def next_question(self) -> Question | None:
        """The concept whose answer settles the most (see the module's docstring), or None when done."""
        if self._pending is not None:
            return self._pending
        if len(self._history) >= self.questions:
            return None
        open_ = self._open()
        candidates = open_ & ~self._asked
        best: tuple[int, int, int, int, str, str] | None = None
        best_at = -1
        for n in _bits(candidates):
            bit = 1 << n
            yes = ((self._below[n] | bit) & open_).bit_count()
            no = ((self._above[n] | bit) & open_).bit_count()
            c = self.graph.concepts[self._ids[n]]
            key = (-min(yes, no), -(yes + no), int(c.depth), c.minutes, c.title.lower(), c.id)  # smallest wins
            if best is None or key < best:
                best, best_at = key, n
        if best is None:
            return None
        n = best_at
        bit = 1 << n
        self._pending = Question(
            len(self._history) + 1,
            self.graph.concepts[self._ids[n]],
            ((self._below[n] | bit) & open_).bit_count(),
            ((self._above[n] | bit) & open_).bit_count(),
        )
        return self._pending

    def answer(self, answer: Answer) -> None:
        """Answer the pending question; ValueError when there is none."""
        question = self.next_question()
        if question is None:
            raise ValueError("no question to answer: the placement is done")
        n = self._place[question.concept.id]
        bit = 1 << n
        self._asked |= bit
        if answer is Answer.YES:
            self._known |= self._below[n] | bit
        elif answer is Answer.NO:
            self._unknown |= self._above[n] | bit
        self._history.append(Asked(question, answer))
        self._pending = None

    def result(self) -> PlacementResult:
        """What the answers so far settled."""
        ids = self._ids
        return PlacementResult(
            asked=tuple(self._history),
            new_known=tuple(ids[n] for n in _bits(self._known & ~self._before)),
            unknown=tuple(ids[n] for n in _bits(self._unknown & self._scope)),
            unsettled=tuple(ids[n] for n in _bits(self._open())),
            scope=self.scope_size,
        )


def _ordered_closure(graph: Graph, ids: list[str]) -> list[str]:
    """The ids and their hard prerequisites, each after its prerequisites (a cycle is broken anywhere)."""
    concepts = graph.concepts
    order: list[str] = []
    state: dict[str, bool] = {}  # False while on the stack, True once placed
    for root in ids:
        if root in state:
            continue
        stack: list[tuple[str, Iterator[str]]] = [(root, iter(concepts[root].requires))]
        state[root] = False
        while stack:
            cid, pending = stack[-1]
            for pre in pending:
                if pre in concepts and pre not in state:
                    state[pre] = False
                    stack.append((pre, iter(concepts[pre].requires)))
                    break
            else:
                stack.pop()
                state[cid] = True
                order.append(cid)
    return order


def _reached(graph: Graph, known: Iterable[str], place: dict[str, int]) -> set[int]:
    """The places of the known concepts, and of the first placed concepts under known ones outside (one walk)."""
    reached: set[int] = set()
    seen: set[str] = set()
    stack = list(known)
    while stack:
        cid = stack.pop()
        if cid in seen:
            continue
        seen.add(cid)
        if cid in place:
            reached.add(place[cid])  # its own prerequisites are in its mask
        elif cid in graph.concepts:
            stack.extend(graph.concepts[cid].requires)
    return reached


def _closures(graph: Graph, ids: list[str], place: dict[str, int]) -> tuple[list[int], list[int]]:
    """Per concept, the masks of its hard prerequisites and of what is built on it, transitively.

    ``ids`` comes prerequisites first, so one pass builds the first; on a cycle
    (which `conceptmap check` rejects) a second pass until nothing changes.
    """
    below = [0] * len(ids)
    direct = [[place[p] for p in graph.concepts[cid].requires if p in place] for cid in ids]
    changed = True
    while changed:
        changed = False
        for n, pres in enumerate(direct):
            mask = below[n]
            for p in pres:
                mask |= below[p] | 1 << p
            mask &= ~(1 << n)
            if mask != below[n]:
                below[n], changed = mask, True
    above = [0] * len(ids)
    for n, mask in enumerate(below):
        for p in _bits(mask):
            above[p] |= 1 << n
    return below, above
