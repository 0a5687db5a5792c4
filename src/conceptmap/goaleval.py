"""Measuring goal understanding on a set of learner goals (`conceptmap eval goals FILE`).

A goal file is a YAML list; each item has ``goal`` (text), optional ``persona``,
``targets`` (acceptable concept ids or ``track:ID``, best first), optional ``level``
and ``cannot_tell: true`` for goals no plan should be invented for. Each goal
belongs to the ``fit`` or the ``held-out`` split by a hash of its words, so nobody
chooses which goals the ranker is fitted on: a third are held out.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from . import text
from .goal import Goal, GoalError, GoalParser
from .model import Depth, parse_level
from .problems import ConceptmapError

SPLITS = ("fit", "held-out")


class GoalFileError(ConceptmapError):
    """A goal file that cannot be read: the message names the file and line."""


@dataclass(frozen=True)
class GoalCase:
    """One learner goal and what counts as understanding it."""

    goal: str
    targets: tuple[str, ...] = ()
    level: Depth | None = None
    cannot_tell: bool = False
    persona: str = ""
    line: int = 0

    @property
    def split(self) -> str:
        """"held-out" for one goal in three, by a hash of its folded words; else "fit"."""
        digest = hashlib.blake2b(text.key(self.goal).encode(), digest_size=8).digest()
        return SPLITS[1] if digest[0] % 3 == 0 else SPLITS[0]


@dataclass
class Outcome:
    """How one goal was understood."""

    case: GoalCase
    answer: str | None  # the ref planned (concept id or track:ID); None: "can't tell"
    top3: tuple[str, ...]
    level: Depth | None
    base: str | None = None  # the best candidate, when the answer is its deeper side ("derive X")
    offered: tuple[str, ...] = ()  # the runners-up offered ("Did you mean"), when the goal was ambiguous

    @property
    def right(self) -> bool:
        """Understood as one of its targets, or rightly not understood."""
        if self.case.cannot_tell:
            return self.answer is None
        return self.answer is not None and (self.answer in self.case.targets or self.base in self.case.targets)

    @property
    def put_right(self) -> bool:
        """A wrong answer whose "Did you mean" offers one of its targets: one click from right."""
        return not self.right and not self.case.cannot_tell and any(ref in self.case.targets for ref in self.offered)

    @property
    def in_top3(self) -> bool:
        """One of its targets among the first three candidates."""
        return self.case.cannot_tell or any(ref in self.case.targets for ref in self.top3)


@dataclass
class Report:
    """Accuracy figures over a set of goals (one split or all)."""

    outcomes: list[Outcome] = field(default_factory=list)

    @property
    def top1(self) -> float:
        """Share of goals understood right (a "can't tell" on an ML goal is a miss)."""
        return _share(o.right for o in self.outcomes)

    @property
    def top3(self) -> float:
        """Share of ML goals with an accepted target among the first three candidates."""
        return _share(o.in_top3 for o in self.outcomes if not o.case.cannot_tell)

    @property
    def level(self) -> float:
        """Share of goals with a stated level planned at that level."""
        return _share(o.level == o.case.level for o in self.outcomes if o.case.level is not None)

    @property
    def offered_when_wrong(self) -> float:
        """Of the ML goals planned for something else, the share whose "Did you mean" offers a target."""
        return _share(o.put_right for o in self.outcomes if not o.case.cannot_tell and o.answer is not None and not o.right)

    @property
    def cannot_tell_precision(self) -> float:
        """Of the goals answered "can't tell", the share that truly are out of field."""
        return _share(o.case.cannot_tell for o in self.outcomes if o.answer is None)

    @property
    def cannot_tell_recall(self) -> float:
        """Of the out-of-field goals, the share answered "can't tell"."""
        return _share(o.answer is None for o in self.outcomes if o.case.cannot_tell)

    @property
    def misses(self) -> list[Outcome]:
        """The goals not understood right."""
        return [o for o in self.outcomes if not o.right]

    def as_dict(self) -> dict[str, object]:
        """The JSON shape of `conceptmap eval goals --json` (per split)."""
        return {
            "goals": len(self.outcomes),
            "top1": round(self.top1, 4),
            "top3": round(self.top3, 4),
            "level": round(self.level, 4),
            "cannot_tell_precision": round(self.cannot_tell_precision, 4),
            "cannot_tell_recall": round(self.cannot_tell_recall, 4),
            "offered_when_wrong": round(self.offered_when_wrong, 4),
            "misses": [
                {"goal": o.case.goal, "line": o.case.line, "expected": list(o.case.targets) or None, "got": o.answer}
                for o in self.misses
            ],
        }


def _share(flags: Iterable[bool]) -> float:
    values = list(flags)
    return sum(1 for v in values if v) / len(values) if values else 1.0


def load_cases(path: Path) -> list[GoalCase]:
    """The goals of a file; a malformed file raises GoalFileError naming file and line."""
    from . import yamlsafe

    try:
        data = yamlsafe.parse(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise GoalFileError(f"{path}: cannot read file ({exc.strerror or exc})") from None
    except UnicodeDecodeError:
        raise GoalFileError(f"{path}: not UTF-8 text") from None
    except yamlsafe.YamlError as exc:
        raise GoalFileError(f"{path}:{exc.line}: {exc.message}") from None
    if not isinstance(data, yamlsafe.Seq):
        raise GoalFileError(f"{path}:1: a goal file is a YAML list of goals")
    cases = []
    for i, item in enumerate(data):
        line = data.line_at(i)
        if not isinstance(item, yamlsafe.Map) or not isinstance(item.get("goal"), str) or not item["goal"].strip():
            raise GoalFileError(f"{path}:{line}: each item needs a 'goal' (text)")
        targets = item.get("targets", [])
        if not isinstance(targets, list) or not all(isinstance(t, str) for t in targets):
            raise GoalFileError(f"{path}:{item.line_of('targets')}: 'targets' must be a list of ids")
        cannot_tell = item.get("cannot_tell", False) is True
        if not targets and not cannot_tell:
            raise GoalFileError(f"{path}:{line}: a goal needs 'targets', or 'cannot_tell: true'")
        level = None
        if item.get("level") is not None:
            try:
                level = parse_level(str(item["level"]))
            except ValueError as exc:
                raise GoalFileError(f"{path}:{item.line_of('level')}: {exc}") from None
        persona = item.get("persona", "")
        cases.append(GoalCase(item["goal"].strip(), tuple(targets), level, cannot_tell, str(persona or ""), line))
    return cases


def understand(parser: GoalParser, case: GoalCase) -> Outcome:
    """Parse one goal as `conceptmap path` would, and record what came out."""
    try:
        goal = parser.parse(case.goal)
    except GoalError:
        return Outcome(case, None, (), None)
    return outcome_of(case, goal)


def outcome_of(case: GoalCase, goal: Goal) -> Outcome:
    """What a parsed goal would be planned for: a track, a concept, or "can't tell"."""
    top3 = tuple(c.ref for c in goal.candidates[:3])
    if not goal.confident:
        return Outcome(case, None, top3, goal.level)
    if goal.track is not None:
        offered = tuple(c.ref for c in goal.others[:3]) if goal.ambiguous else ()
        return Outcome(case, f"track:{goal.track.id}", top3, goal.level, None, offered)
    answer = goal.target.id if goal.target is not None else None
    offered = tuple(c.ref for c in goal.others[:3]) if goal.ambiguous else ()
    return Outcome(case, answer, top3, goal.depth, top3[0] if top3 else None, offered)


def evaluate(parser: GoalParser, cases: list[GoalCase]) -> dict[str, Report]:
    """Reports for each split and for all goals together."""
    reports = {name: Report() for name in (*SPLITS, "all")}
    for case in cases:
        outcome = understand(parser, case)
        reports[case.split].outcomes.append(outcome)
        reports["all"].outcomes.append(outcome)
    return reports
