"""The planner: order, known concepts, depth limits, hops, any-of groups, rabbit holes, ladder."""

from __future__ import annotations

import pytest

from conceptmap.model import Depth
from conceptmap.planner import Planner

from helpers import graph_of


@pytest.fixture
def lda_like():
    """A small LDA-shaped graph: use-level steps plus deeper background."""
    return graph_of(
        ("ml", 0),
        ("nlp", 0, ["ml"]),
        ("topics", 0, ["ml", "nlp"]),
        ("tokens", 1, ["nlp"]),
        ("bow", 1, ["tokens"]),
        ("dtm", 1, ["bow"]),
        ("prob", 0),
        ("dist", 1, ["prob"]),
        ("dirichlet", 2, ["dist"]),
        ("bayes", 2, ["prob"]),
        ("vi", 2, ["bayes"]),
        ("elbo", 3, ["vi"]),
        ("lda", 1, ["topics", "dtm", "dirichlet", "vi"]),
        ("lda-math", 3, ["lda", "elbo"]),
    )


def assert_valid_order(plan) -> None:
    seen: set[str] = set()
    for step in plan.steps:
        for pre in step.concept.requires:
            if any(s.concept.id == pre for s in plan.steps):
                assert pre in seen, f"{step.concept.id} comes before its prerequisite {pre}"
        seen.add(step.concept.id)


def test_use_level_path_cuts_deeper_background(lda_like):
    plan = Planner(lda_like).plan("lda", Depth.USE)
    assert set(plan.ids) == {"ml", "nlp", "topics", "tokens", "bow", "dtm", "lda"}
    assert plan.ids[-1] == "lda"
    assert {h.concept.id for h in plan.rabbit_holes} == {"dirichlet", "vi"}
    assert all(h.reason == "depth" and h.needed_for == ("lda",) for h in plan.rabbit_holes)
    assert_valid_order(plan)


def test_theory_level_path_includes_everything(lda_like):
    plan = Planner(lda_like).plan("lda", Depth.THEORY)
    assert {"dirichlet", "vi", "bayes", "dist", "prob"} <= set(plan.ids)
    assert plan.rabbit_holes == []
    assert_valid_order(plan)


def test_default_limit_is_the_target_depth(lda_like):
    assert Planner(lda_like).plan("lda").depth_limit == Depth.USE
    assert Planner(lda_like).plan("lda-math").depth_limit == Depth.THEORY


def test_known_concepts_and_their_prerequisites_are_left_out(lda_like):
    plan = Planner(lda_like, known={"bow"}).plan("lda", Depth.USE)
    assert "bow" not in plan.ids
    # Knowing bag of words implies knowing what it requires, all the way down.
    assert not {"tokens", "nlp", "ml"} & set(plan.ids)
    assert plan.ids == ["topics", "dtm", "lda"]
    assert "bow" in plan.known_skipped


def test_knowing_a_concept_implies_only_its_own_prerequisites(lda_like):
    plan = Planner(lda_like, known={"tokens"}).plan("lda", Depth.USE)
    assert "ml" not in plan.ids and "nlp" not in plan.ids
    assert {"topics", "bow", "dtm", "lda"} == set(plan.ids)
    plan = Planner(lda_like, known={"dist"}).plan("lda", Depth.THEORY)
    assert "prob" not in plan.ids  # implied by dist
    assert "bayes" in plan.ids  # needed by vi, not implied by anything known


def test_known_target_gives_empty_path(lda_like):
    plan = Planner(lda_like, known={"lda"}).plan("lda")
    assert plan.steps == [] and plan.rabbit_holes == []


def test_target_implied_by_a_known_concept_gives_empty_path(lda_like):
    # Regression (found by tests/test_properties.py): knowing bag of words implies
    # tokens, so tokens is left out of every path; its own path still held it.
    planner = Planner(lda_like, known={"bow"})
    plan = planner.plan("tokens")
    assert plan.steps == [] and plan.rabbit_holes == [] and plan.known_skipped == ["tokens"]
    assert [r.concepts for r in planner.ladder("tokens")] == [0, 0, 0, 0]


def test_rabbit_hole_reports_what_it_would_add(lda_like):
    plan = Planner(lda_like).plan("lda", Depth.USE)
    vi = next(h for h in plan.rabbit_holes if h.concept.id == "vi")
    # vi itself plus bayes; prob is background of both but not on the use path either
    assert vi.adds_concepts == 3
    assert vi.adds_minutes == 30


def test_rabbit_hole_adds_one_alternative_of_an_any_of_group():
    graph = graph_of(
        ("cheap", 1, [], {"minutes": 5}),
        ("dear", 2, [], {"minutes": 120}),
        ("on-path", 1),
        ("deep", 2, [], {"requires_any": [["cheap", "dear"], ["on-path", "dear"]], "minutes": 20}),
        ("goal", 1, ["on-path", "deep"]),
    )
    hole = next(h for h in Planner(graph).plan("goal").rabbit_holes if h.concept.id == "deep")
    # deep and the cheaper alternative of its first group; its second group is met by the path
    assert (hole.adds_concepts, hole.adds_minutes) == (2, 25)


def test_max_hops_cuts_far_prerequisites(lda_like):
    plan = Planner(lda_like).plan("lda", Depth.USE, max_hops=1)
    assert set(plan.ids) == {"lda", "topics", "dtm"}
    hop_cut = {h.concept.id for h in plan.rabbit_holes if h.reason == "hops"}
    assert hop_cut == {"ml", "nlp", "bow"}
    assert all(step.hops <= 1 for step in plan.steps)


def test_requires_any_picks_the_shallowest_alternative():
    graph = graph_of(
        ("base", 0),
        ("deep-way", 3, ["base"], {"minutes": 5}),
        ("long-way", 1, ["base"], {"minutes": 200}),
        ("short-way", 1, ["base"], {"minutes": 20}),
        ("goal", 1, [], {"requires_any": [["deep-way", "long-way", "short-way"]]}),
    )
    plan = Planner(graph).plan("goal", Depth.THEORY)
    assert "short-way" in plan.ids
    assert "deep-way" not in plan.ids and "long-way" not in plan.ids


def test_requires_any_prefers_a_known_alternative():
    graph = graph_of(
        ("a", 1, [], {"minutes": 500}),
        ("b", 1, [], {"minutes": 5}),
        ("goal", 1, [], {"requires_any": [["a", "b"]]}),
    )
    plan = Planner(graph, known={"a"}).plan("goal")
    assert plan.ids == ["goal"]


def test_requires_any_counts_concepts_after_minutes():
    graph = graph_of(
        ("x", 1, [], {"minutes": 10}),
        ("y", 1, [], {"minutes": 10}),
        ("two-step", 1, ["x"], {"minutes": 10}),
        ("one-step", 1, [], {"minutes": 20}),
        ("goal", 1, [], {"requires_any": [["two-step", "one-step"]]}),
    )
    plan = Planner(graph).plan("goal")
    assert "one-step" in plan.ids and "two-step" not in plan.ids


def test_steps_say_why_they_are_there(lda_like):
    plan = Planner(lda_like).plan("lda", Depth.USE)
    tokens = next(s for s in plan.steps if s.concept.id == "tokens")
    assert tokens.why == ("tokens", "bow", "dtm", "lda")
    assert tokens.needed_for == ("bow",)


def test_order_is_shallow_first_among_free_choices():
    graph = graph_of(("deep", 2), ("shallow", 0), ("mid", 1), ("goal", 2, ["deep", "shallow", "mid"]))
    assert Planner(graph).plan("goal").ids == ["shallow", "mid", "deep", "goal"]


def test_order_keeps_a_step_next_to_what_it_unlocks():
    graph = graph_of(
        ("a", 0, [], {"minutes": 5}),
        ("a2", 0, ["a"], {"minutes": 50}),
        ("b", 0, [], {"minutes": 6}),
        ("goal", 1, ["a2", "b"]),
    )
    # a2 follows a directly even though b is shorter: related steps stay together.
    assert Planner(graph).plan("goal").ids == ["a", "a2", "b", "goal"]


def test_cycles_never_hang_or_drop_steps():
    graph = graph_of(("a", 1, ["b"]), ("b", 1, ["a"]), ("goal", 1, ["a"]))
    plan = Planner(graph).plan("goal")
    assert set(plan.ids) == {"a", "b", "goal"}


def test_ladder_grows_with_depth(lda_like):
    rungs = Planner(lda_like).ladder("lda")
    sizes = [r.concepts for r in rungs]
    assert [r.depth for r in rungs] == list(Depth)
    assert sizes == sorted(sizes)
    assert sizes[Depth.USE] == 7 and sizes[Depth.THEORY] > sizes[Depth.USE]


def test_long_chains_plan_in_linear_time_and_keep_why_short():
    graph = graph_of(*[(f"c{i}", 1, [f"c{i - 1}"] if i else []) for i in range(3000)])
    plan = Planner(graph).plan("c2999")
    assert len(plan.steps) == 3000 and plan.ids[0] == "c0"
    first = plan.steps[0]
    assert len(first.why) == 12 and first.why[0] == "c0" and first.why[-1] == "c2999"
    assert first.why[1] == "c1"  # the chain starts along real links
