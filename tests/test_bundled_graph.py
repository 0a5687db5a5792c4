"""Graph-wide invariants of the bundled pack, so a later edit cannot quietly break them."""

from __future__ import annotations

from pathlib import Path

import pytest

from conceptmap.checker import check
from conceptmap.loader import load
from conceptmap.model import Depth
from conceptmap.problems import Severity
from conceptmap.session import Session


@pytest.fixture(scope="module")
def result():
    return load(use_cache=False)


@pytest.fixture(scope="module")
def session(result):
    return Session(result=result)


def test_check_is_clean(result):
    problems = check(result)
    errors = [str(p) for p in problems if p.severity is not Severity.WARNING]
    assert errors == []
    warnings = [str(p) for p in problems if p.severity is Severity.WARNING]
    assert warnings == [], "fix warnings or explain them in docs/graph-format.md"


def test_size_and_definitions(result):
    graph = result.graph
    assert len(graph) >= 650
    assert all(c.definition for c in graph), "every concept has a glossary entry"


def test_definitions_are_plain_and_sized(result):
    for c in result.graph:
        words = len(c.definition.split())
        assert 40 <= words <= 260, f"{c.id}: {words} words"
        assert c.summary and len(c.summary) < 600, c.id


def test_every_area_is_populated_and_every_reference_resolves(result):
    graph = result.graph
    used = {c.area for c in graph}
    assert used == set(graph.areas)
    for c in graph:
        for ref in (*c.prerequisite_ids(), *c.related):
            assert ref in graph.concepts, f"{c.id} -> {ref}"


def test_every_depth_level_is_used(result):
    depths = {c.depth for c in result.graph}
    assert depths == set(Depth)


def test_no_cycles(result):
    assert not [p for p in check(result) if p.code == "cycle"]


def test_tracks(session):
    tracks = session.graph.tracks
    assert len(tracks) >= 5
    for track in tracks:
        for goal in session.track_progress(track).goals:
            assert goal.target is not None, f"{track.id}: {goal.text!r} names no concept"


LINK_RECORD = Path(__file__).resolve().parent.parent / "scripts" / "links.tsv"


def test_every_resource_link_was_confirmed_and_most_concepts_have_one(session):
    """Each URL has a row in scripts/links.tsv saying how it was confirmed; 70% of use/how/theory concepts are covered."""
    recorded = {line.split("\t", 1)[0] for line in LINK_RECORD.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")}
    used = {r.url: c.id for c in session.graph for r in c.resources}
    assert {url: cid for url, cid in used.items() if url not in recorded} == {}
    deep = [c for c in session.graph if c.depth > Depth.OVERVIEW]
    assert sum(1 for c in deep if c.resources) >= 0.7 * len(deep)


def test_lda_use_level_path_is_short_and_cuts_the_theory(session):
    understood, plan = session.plan("use LDA for topic modelling", ignore_known=True)
    assert plan.target.id == "latent-dirichlet-allocation"
    assert plan.depth_limit == Depth.USE
    ids = set(plan.ids)
    assert len(plan.steps) < 10
    assert plan.total_minutes <= 5 * 60
    assert {"bag-of-words", "topic-modeling", "document-term-matrix"} <= ids
    cut = {h.concept.id for h in plan.rabbit_holes}
    # Inference needs Gibbs sampling or variational inference (requires_any): one is cut, not both.
    assert "dirichlet-distribution" in cut and cut & {"variational-inference", "gibbs-sampling"}
    assert not cut & ids


def test_lda_theory_path_has_the_maths(session):
    understood, plan = session.plan("derive the math behind LDA", ignore_known=True)
    assert plan.depth_limit == Depth.THEORY
    ids = set(plan.ids)
    assert "dirichlet-distribution" in ids and ids & {"variational-inference", "gibbs-sampling"}
    assert len(plan.steps) > 20


def test_linear_discriminant_analysis_by_context(session):
    understood, plan = session.plan("LDA to reduce dimensions before classification", ignore_known=True)
    assert plan.target.id == "linear-discriminant-analysis"


@pytest.mark.parametrize(
    ("goal", "target", "level"),
    [
        ("fine-tune a pretrained model on my images", "fine-tuning", "use"),
        ("understand attention in transformers", "attention-mechanism", "how"),
        ("understand how backpropagation works", "backpropagation", "how"),
        ("derive the math of variational inference", "variational-inference", "theory"),
        ("implement k-nearest neighbours from scratch", "k-nearest-neighbors", "how"),
        ("use scikit-learn", "scikit-learn", "use"),
        ("what is machine learning", "machine-learning", "overview"),
    ],
)
def test_goals_learners_type(session, goal, target, level):
    understood, plan = session.plan(goal, ignore_known=True)
    assert understood.target.id == target
    assert plan.depth_limit.label == level
    assert len(plan.steps) <= 60


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("lda", {"latent-dirichlet-allocation", "linear-discriminant-analysis"}),
        ("knn", {"k-nearest-neighbors"}),
        ("backprop", {"backpropagation"}),
        ("optimisation", None),
        ("laten dirichlet alocation", {"latent-dirichlet-allocation"}),
        ("tf idf", {"tf-idf"}),
    ],
)
def test_search_on_the_bundled_graph(session, query, expected):
    hits = session.index.search(query, limit=5)
    assert hits
    if expected:
        assert hits[0].concept.id in expected
