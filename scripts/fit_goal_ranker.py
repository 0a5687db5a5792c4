"""Fit the goal ranker's weights on the public goal set, and write them to goal_weights.py.

What is fitted (src/conceptmap/goal_weights.py): the BM25F weight of each indexed
field, the weight of each ranking feature, how much a level word counts, the
confidence floor under which a goal is answered "can't tell", and the ambiguity margin
within which the runners-up are offered ("Did you mean"). Only the goals of the
"fit" split are used; the "held-out" third is reported, never fitted on.

The search is coordinate ascent: each weight in turn is scaled by a few factors and
a change is kept when it raises top-1 accuracy on the fit split (with the best floor
for those weights), or keeps it and raises the mean reciprocal rank of the first
accepted candidate; passes repeat until none helps. It is deterministic.

    python scripts/fit_goal_ranker.py            # fit and print the figures
    python scripts/fit_goal_ranker.py --write    # ... and write goal_weights.py
    python scripts/fit_goal_ranker.py --floor-only --write   # refit only the "can't tell" floor and the ambiguity margin

Refit whenever the content (task phrases, names, definitions) or the features change.
"""

from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path

from conceptmap import goal_weights
from conceptmap.goal import FEATURES, GoalError, GoalParser
from conceptmap.goaleval import GoalCase, Report, evaluate, load_cases, outcome_of
from conceptmap.goalindex import FIELDS
from conceptmap.session import Session

ROOT = Path(__file__).resolve().parent.parent
GOALS = ROOT / "tests" / "data" / "goals.yaml"
# The margin is fitted on the fit splits of all three public sets: wrong plans are few in one.
MARGIN_SETS = [ROOT / "tests" / "data" / name for name in ("goals.yaml", "goals-2.yaml", "goals-3.yaml")]
WEIGHTS = ROOT / "src" / "conceptmap" / "goal_weights.py"
FACTORS = (0.0, 0.5, 0.8, 1.25, 2.0)
# How many needless "Did you mean" rows beside right plans one row that puts a wrong plan right
# is worth: the only set number in fitting the margin (a row costs a glance; a wrong plan, the
# learner's time on the wrong path).
NEEDLESS_OFFERS = 5


def best_floor(parser: GoalParser, cases: list[GoalCase]) -> tuple[float, float, float]:
    """The confidence floor that gets the most fit goals right, that share, and the mean
    reciprocal rank of the first accepted candidate (the tie-break: of two weightings that
    get as many goals right, the one that ranks the right answer higher elsewhere)."""
    saved = parser.floor
    parser.floor = float("-inf")  # everything confident: then decide where to cut
    scored = []
    reciprocal = []
    for case in cases:
        try:
            goal = parser.parse(case.goal)
        except GoalError:
            scored.append((float("-inf"), case.cannot_tell, False))
            continue
        outcome = outcome_of(case, goal)
        if not case.cannot_tell:
            ranks = [i for i, c in enumerate(goal.candidates, 1) if c.ref in case.targets]
            reciprocal.append(1 / ranks[0] if ranks else 0.0)
        top = goal.candidates[0].confidence if goal.candidates else float("-inf")
        scored.append((top, case.cannot_tell, outcome.right and not case.cannot_tell))
    parser.floor = saved
    scored.sort(key=lambda item: item[0])
    # Every goal above the floor is answered; below it, "can't tell".
    right_above = sum(1 for _, out, ok in scored if ok and not out)
    right_below = 0
    best = (right_above, scored[0][0] - 1.0 if scored else 0.0)
    for i, (score, out, ok) in enumerate(scored):
        right_below += 1 if out else 0
        right_above -= 1 if ok and not out else 0
        nxt = scored[i + 1][0] if i + 1 < len(scored) else score + 1.0
        if right_below + right_above > best[0] and nxt > score:
            best = (right_below + right_above, (score + nxt) / 2)
    return best[1], best[0] / max(len(cases), 1), sum(reciprocal) / max(len(reciprocal), 1)


def best_margin(parser: GoalParser, cases: list[GoalCase]) -> tuple[float, float, float]:
    """The ambiguity margin: runners-up scoring within it of the best are offered ("Did you
    mean"). Chosen on the fit split: the margin where the wrong plans whose row would offer a
    right concept, less the rows shown beside right plans weighed at 1/NEEDLESS_OFFERS, is
    largest (the smaller margin on a tie). Returns it and the two shares."""
    wrong: list[float] = []  # per wrong answer with a target among the next candidates: its gap to the best
    right: list[float] = []  # per right answer: the runner-up's gap to the best
    for case in cases:
        if case.cannot_tell:
            continue
        try:
            goal = parser.parse(case.goal)
        except GoalError:
            continue
        if not goal.confident or len(goal.candidates) < 2:
            continue
        top = goal.candidates[0].score
        if outcome_of(case, goal).right:
            right.append(top - goal.candidates[1].score)
            continue
        planned = goal.target.id if goal.target else None
        runners = [c for c in goal.candidates[1:] if c.ref != planned][:3]
        gaps = [top - c.score for c in runners if c.ref in case.targets]
        if gaps:
            wrong.append(gaps[0])
    best = (float("-inf"), 0.0, 0.0, 0.0)
    for step in range(51):
        margin = step / 100
        put_right = sum(g <= margin for g in wrong)
        needless = sum(g <= margin for g in right)
        # A wrong plan the row puts right is worth NEEDLESS_OFFERS rows shown beside right plans.
        gain = put_right - needless / NEEDLESS_OFFERS
        if gain > best[0] + 1e-9:
            best = (gain, margin, put_right / max(len(wrong), 1), needless / max(len(right), 1))
    return best[1], best[2], best[3]


def fit(parser: GoalParser, cases: list[GoalCase]) -> float:
    """Coordinate ascent over every weight; leaves the best weights and floor on the parser."""
    params = [("field", i) for i in range(len(FIELDS))] + [("feature", i) for i in range(len(FEATURES))] + [("level", 0)]

    def get(kind: str, i: int) -> float:
        if kind == "field":
            return parser.field_weights[i]
        if kind == "feature":
            return parser.feature_weights[i]
        return parser.level_word_weight

    def put(kind: str, i: int, value: float) -> None:
        if kind == "field":
            weights = list(parser.field_weights)
            weights[i] = value
            parser.field_weights = tuple(weights)
            parser.memo = {}  # the features depend on these
        elif kind == "feature":
            weights = list(parser.feature_weights)
            weights[i] = value
            parser.feature_weights = tuple(weights)
        else:
            parser.level_word_weight = value
            parser.memo = {}

    parser.memo = {}
    floor, best, best_mrr = best_floor(parser, cases)
    improved = True
    rounds = 0
    while improved and rounds < 6:
        improved = False
        rounds += 1
        for kind, i in params:
            start = get(kind, i)
            tries = [round(start * f, 4) for f in FACTORS] if start else [0.25, 0.5, 1.0]
            for value in tries:
                if value == start:
                    continue
                put(kind, i, value)
                this_floor, share, mrr = best_floor(parser, cases)
                if share > best + 1e-9 or (share > best - 1e-9 and mrr > best_mrr + 1e-9):
                    best, best_mrr, floor, start, improved = share, mrr, this_floor, value, True
                    print(f"  {kind} {FIELDS[i] if kind == 'field' else FEATURES[i] if kind == 'feature' else 'level'} = {value}: {best:.3f}")
            put(kind, i, start)
    parser.floor = floor
    return best


def write(parser: GoalParser, figures: dict[str, float], floor_only: bool) -> None:
    """Rewrite goal_weights.py atomically with the fitted values."""
    figure_lines = "\n".join(f"    {name!r}: {value!r}," for name, value in figures.items())
    body = f'''"""Weights of the goal ranker, fitted by scripts/fit_goal_ranker.py: do not edit by hand.

Refit after changing the content or the ranker's features:
    python scripts/fit_goal_ranker.py --write
"""

# BM25F weight of each indexed field, in goalindex.FIELDS order {FIELDS}.
FIELD_WEIGHTS: tuple[float, ...] = {tuple(parser.field_weights)!r}
# Weight of each ranking feature, in goal.FEATURES order {FEATURES}.
FEATURE_WEIGHTS: tuple[float, ...] = {tuple(parser.feature_weights)!r}
# How much a level word ("use", "train", "explain") counts when finding the target.
LEVEL_WORD_WEIGHT: float = {parser.level_word_weight!r}
# Below this score of the best candidate, a goal is not understood ("I can't tell").
CONFIDENCE_FLOOR: float = {round(parser.floor, 4)!r}
# A runner-up within this score of the best makes the goal ambiguous: the other candidates are offered.
AMBIGUITY_MARGIN: float = {parser.margin!r}
# What the fit reached on tests/data/goals.yaml (fit split; held-out reported, not fitted on).
# {"Last run refitted only the floor and the ambiguity margin; the other weights are from the last full fit." if floor_only else "Last run fitted every weight."}
FIT_FIGURES: dict[str, float] = {{
{figure_lines}
}}
'''
    fd, tmp = tempfile.mkstemp(dir=WEIGHTS.parent, suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(body)
    os.replace(tmp, WEIGHTS)


def show(name: str, report: Report) -> None:
    print(
        f"{name:>9}: {len(report.outcomes)} goals, top-1 {report.top1:.1%}, top-3 {report.top3:.1%}, "
        f"level {report.level:.1%}, can't-tell precision {report.cannot_tell_precision:.1%} recall {report.cannot_tell_recall:.1%}"
    )


def main() -> None:
    """Fit, report both splits, and write the weights when asked."""
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument("--write", action="store_true", help="write src/conceptmap/goal_weights.py")
    args.add_argument("--goals", type=Path, default=GOALS)
    args.add_argument(
        "--floor-only", action="store_true", help="keep the field and feature weights, refit only the confidence floor and the ambiguity margin"
    )
    opts = args.parse_args()
    session = Session(progress_path=Path(tempfile.mkdtemp()) / "progress.yaml")
    parser = session.goals
    cases = load_cases(opts.goals)
    fit_cases = [c for c in cases if c.split == "fit"]
    print(f"fitting on {len(fit_cases)} of {len(cases)} goals (weights now: {goal_weights.FEATURE_WEIGHTS})")
    if opts.floor_only:
        parser.floor, share, _ = best_floor(parser, fit_cases)
    else:
        share = fit(parser, fit_cases)
    parser.memo = None
    margin_cases = [c for path in MARGIN_SETS for c in load_cases(path) if c.split == "fit"]
    parser.margin, offered_wrong, offered_right = best_margin(parser, margin_cases)
    print(
        f"ambiguity margin {parser.margin}: a right runner-up offered on {offered_wrong:.0%} of the fit splits' wrong "
        f"plans that have one, and runners-up shown beside {offered_right:.0%} of their right plans"
    )
    reports = evaluate(parser, cases)
    for name in ("fit", "held-out", "all"):
        show(name, reports[name])
    figures = {
        "fit_top1": round(share, 4),
        "held_out_top1": round(reports["held-out"].top1, 4),
        "held_out_top3": round(reports["held-out"].top3, 4),
        "held_out_level": round(reports["held-out"].level, 4),
        "goals": float(len(cases)),
        "fit_offered_when_wrong": round(offered_wrong, 4),
        "fit_offered_when_right": round(offered_right, 4),
    }
    if opts.write:
        write(parser, figures, opts.floor_only)
        print(f"wrote {WEIGHTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
