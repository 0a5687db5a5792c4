"""One user's view of the graph: loaded packs, search, goals, plans and progress together.

The CLI and the TUI both work through a Session, so they always agree.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from .loader import LoadResult, load
from .model import Concept, Depth, Graph, Track
from .problems import ConceptmapError
from .progress import ProgressStore
from .text import shorten

if TYPE_CHECKING:  # imported lazily: rapidfuzz is not needed to start
    from collections.abc import Mapping

    from .goal import Goal, GoalParser
    from .placement import Placement
    from .planner import Plan, Planner
    from .progress import Batch
    from .report import PathReport
    from .schedule import Pace
    from .search import SearchIndex


@dataclass
class TrackGoal:
    """One goal of a track, as understood, with the user's progress on its path."""

    text: str
    target: Concept | None
    depth: Depth | None
    steps: int  # concepts on its path, counting known ones
    known: int  # of those, how many are known
    done: bool  # the target itself is known


@dataclass
class TrackProgress:
    """A track's goals with the user's progress, and the distinct concepts of the whole track."""

    goals: list[TrackGoal]
    concepts: int  # distinct concepts on the track's paths (a prerequisite shared by goals counts once)
    known: int  # of those, how many are known

    @property
    def done(self) -> int:
        """Goals whose target is known."""
        return sum(g.done for g in self.goals)


class Session:
    """Loaded packs plus the user's progress; caches indexes until progress changes."""

    def __init__(
        self,
        packs: Iterable[str | os.PathLike[str]] = (),
        *,
        bundled: bool = True,
        progress_path: Path | None = None,
        result: LoadResult | None = None,
    ) -> None:
        self.result = result or load(packs, bundled=bundled)
        self.store = ProgressStore(progress_path)
        self._known: set[str] | None = None
        # The TUI reads marks from worker threads while the UI thread changes them.
        self._lock = threading.RLock()
        #: The weekly budget chosen in this run (the TUI's `w`), for every path page; not saved.
        self.pace: Pace | None = None

    @property
    def graph(self) -> Graph:
        """The merged graph of every loaded pack."""
        return self.result.graph

    @cached_property
    def index(self) -> SearchIndex:
        """The search index, kept beside the parsed-pack cache (opened on first use)."""
        from .cache import index_folder
        from .search import SearchIndex

        stamp = self.result.stamp
        return SearchIndex(self.graph, stamp, index_folder(self.result.packs) if stamp else None)

    @cached_property
    def goals(self) -> GoalParser:
        """The goal parser, over the goal index kept beside the parsed-pack cache."""
        from .cache import index_folder
        from .goal import GoalParser

        stamp = self.result.stamp
        folder = index_folder(self.result.packs) if stamp else None
        return GoalParser(self.graph, stamp, folder)

    # -- progress ----------------------------------------------------------------------
    @property
    def known(self) -> set[str]:
        """Ids the user marked known (read once, refreshed after each change)."""
        with self._lock:
            if self._known is None:
                self._known = self.store.known()
            return set(self._known)

    def refresh(self) -> None:
        """Forget cached progress so the next read sees the file again."""
        with self._lock:
            self._known = None

    def set_known(self, ids: list[str], known: bool = True) -> None:
        """Mark or unmark concepts, saved at once."""
        with self._lock:
            progress = self.store.add(ids) if known else self.store.remove(ids)
            self._known = set(progress.known)

    def toggle_known(self, concept_id: str) -> bool:
        """Flip one mark, saved at once; returns the new state."""
        with self._lock:
            state = self.store.toggle(concept_id)
            self._known = None
            return state

    def planner(self, *, ignore_known: bool = False) -> Planner:
        """A planner for the current marks (or none, with ignore_known)."""
        from .planner import Planner  # not needed for the TUI's first frame

        return Planner(self.graph, () if ignore_known else self.known)

    # -- lookups -----------------------------------------------------------------------
    def concept(self, id_or_title: str) -> Concept:
        """A concept by id, title or alias; raises a one-line error listing near misses."""
        found = self.index.resolve(id_or_title)
        if found is not None:
            return found
        same = self.index.named(id_or_title)
        if len(same) > 1:
            names = ", ".join(f"{c.id} ({c.title})" for c in same[:6])
            raise ConceptmapError(f"{shorten(id_or_title)} names {len(same)} concepts: {names}; give an id")
        hits = self.index.search(id_or_title, limit=5, definitions=False)
        if not hits:
            raise ConceptmapError(f"unknown concept {shorten(id_or_title)}")
        names = ", ".join(f"{h.concept.id} ({h.concept.title})" for h in hits[:4])
        raise ConceptmapError(f"no concept named exactly {shorten(id_or_title)}; did you mean: {names}")

    def understand(self, goal: str) -> Goal:
        """What a goal in words means: target and level."""
        return self.goals.parse(goal)

    def plan(
        self,
        goal: str,
        depth: Depth | None = None,
        *,
        max_hops: int | None = None,
        ignore_known: bool = False,
        allow_ambiguous: bool = True,
    ) -> tuple[Goal, Plan]:
        """Understand a goal and plan one path for everything it asks for.

        A goal for a track plans every goal of the track; a goal naming several
        concepts ("an image classifier with fastai") plans them together. A goal
        below the confidence floor raises UnclearGoal with its candidates. An
        ambiguous goal is planned for its best candidate and says so
        (``goal.ambiguous`` and ``goal.candidates``); with ``allow_ambiguous=False``
        it raises instead.
        """
        understood, targets = self._targets(goal, depth, allow_ambiguous)
        return understood, self.planner(ignore_known=ignore_known).plan_many(targets, max_hops=max_hops)

    def path_report(
        self,
        goal: str,
        depth: Depth | None = None,
        *,
        max_hops: int | None = None,
        ignore_known: bool = False,
        hours_per_week: float | None = None,
        start: date | None = None,
    ) -> PathReport:
        """Everything shown about the path to a goal, built once for the CLI, the exports and the TUI.

        Plans the goal as ``plan`` does, then one level deeper (what going deeper
        would add) and, when something is known, as if nothing were (what the
        learner's marks took off the path). With ``hours_per_week`` the report also
        holds the steps in weeks from ``start`` (default today): ``report.schedule``.
        """
        from .report import build_report

        understood, targets = self._targets(goal, depth, True)
        planner = self.planner(ignore_known=ignore_known)
        plan = planner.plan_many(targets, max_hops=max_hops)
        deeper = None
        if plan.depth_limit < Depth.THEORY:
            raised = [(tid, min(int(Depth.THEORY), limit + 1)) for tid, limit in targets]
            deeper = planner.plan_many(raised, max_hops=max_hops)
        unknowing = self.planner(ignore_known=True).plan_many(targets, max_hops=max_hops) if planner.known else None
        return build_report(self.graph, understood, goal[:1000], plan, deeper, unknowing, planner, hours_per_week, start)

    def _targets(self, goal: str, depth: Depth | None, allow_ambiguous: bool) -> tuple[Goal, list[tuple[str, int]]]:
        """The goal as understood, and each concept to plan with its depth limit, the main one first."""
        from .goal import GoalError, UnclearGoal

        understood = self.understand(goal)
        if not understood.confident:
            raise UnclearGoal(f"can't tell what {shorten(goal)} asks for", understood.candidates[:5])
        if understood.ambiguous and not allow_ambiguous:
            names = "; ".join(f"{c.ref} ({c.title})" for c in understood.candidates[:4])
            raise GoalError(f"goal {shorten(goal)} is ambiguous: could be {names}. Add a few words or give an id")
        if understood.track is not None:
            goals = self.track_targets(understood.track)
            if not goals:
                raise GoalError(f"track {understood.track.id} has no goal this pack can plan")
            # The main target is the track's last goal, where the journey ends.
            *before, (last, _) = goals
            understood.target = last
            understood.also = [c for c, _ in before if c.id != last.id]
            return understood, [(c.id, d if depth is None else depth) for c, d in (goals[-1], *before)]
        if understood.target is None:
            raise GoalError(f"no concept matches the goal {shorten(goal)}")
        limit = depth if depth is not None else understood.depth
        return understood, [(c.id, limit) for c in understood.targets]

    def track_targets(self, track: Track) -> list[tuple[Concept, Depth]]:
        """Each goal of a track as a concept and depth (goals this pack cannot plan are left out)."""
        return [found for found in map(self.track_goal, track.goals) if found is not None]

    def track_goal(self, text: str) -> tuple[Concept, Depth] | None:
        """One goal of a track (words, or ``id:ID``) as a concept and depth; None if it cannot be planned."""
        try:
            if text.startswith("id:"):
                target = self.concept(text[3:].strip())
                return target, target.depth
            understood = self.understand(text)
        except ConceptmapError:
            return None
        if understood.target is None or not understood.confident:
            return None
        return understood.target, understood.depth

    def next_up(self) -> list[Concept]:
        """Concepts not known whose prerequisites are all known: what can be learned now."""
        planner = self.planner()
        assumed = planner.assumed
        ready = []
        for concept in self.graph.concepts.values():
            if concept.id in assumed:
                continue
            if not all(p in assumed for p in concept.requires if p in self.graph.concepts):
                continue
            if not all(any(a in assumed for a in g) for g in concept.requires_any):
                continue
            ready.append(concept)
        ready.sort(key=lambda c: (c.depth, c.minutes, c.title.lower()))
        return ready

    def track_progress(self, track: Track) -> TrackProgress:
        """Each goal of a track with the user's progress on its path, and the track's distinct totals."""
        goals = []
        planner_all = self.planner(ignore_known=True)
        known = self.planner().assumed
        targets: list[tuple[str, int]] = []
        for text in track.goals:
            found = self.track_goal(text)
            if found is None:
                goals.append(TrackGoal(text, None, None, 0, 0, False))
                continue
            target, depth = found
            targets.append((target.id, depth))
            ids = planner_all.plan(target.id, depth).ids
            goals.append(TrackGoal(text, target, depth, len(ids), sum(1 for i in ids if i in known), target.id in known))
        # The goals' paths share prerequisites: the track's totals come from one plan of all of them.
        everything = set(planner_all.plan_many(targets).ids) if targets else set()
        return TrackProgress(goals, len(everything), len(everything & known))

    # -- batches of marks: placement, import, undo -----------------------------------------
    def change_marks(self, add: Mapping[str, str] | Iterable[str], *, command: str) -> Batch | None:
        """Add marks (ids, or id -> time marked) as one undoable batch, saved at once; None when nothing changed."""
        with self._lock:
            progress, batch = self.store.change_marks(add, command=command)
            self._known = set(progress.known)
            return batch

    def undo_marks(self) -> Batch | None:
        """Take back the last batch of marks, whichever command made it; None when there is none."""
        with self._lock:
            progress, batch = self.store.undo()
            self._known = set(progress.known)
            return batch

    def placement(self, scope: Iterable[str] | None = None, *, questions: int = 10) -> Placement:
        """A placement self-check over some concepts (a path's step ids; None: the whole graph), from the current marks."""
        from .placement import Placement

        return Placement(self.graph, scope, self.planner().assumed, questions=questions)
