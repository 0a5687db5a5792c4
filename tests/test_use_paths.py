"""A use path lets you use the thing: over the whole bundled pack, not for a few examples.

"Use" means what goes in, what comes out, and how to measure how well it did. So the
use-level path of every model or method someone reaches for (a use-level concept with
task phrases in a modelling area, other than the parts models are made of, tagged
`building-block`, libraries, tagged `tool`, and the judging concepts themselves) must hold a way to judge its result: a concept tagged
`metric` and, for learning from labels, one tagged `validation` (a split or validation
scheme). Unsupervised methods are judged by a `metric` of their own kind (silhouette,
topic coherence...), so they need no split.
"""

from __future__ import annotations

import pytest

from conceptmap.loader import load
from conceptmap.model import Depth
from conceptmap.planner import Planner

MODELLING_AREAS = {"supervised", "unsupervised", "time-series", "recommenders", "vision", "nlp", "deep-learning"}


@pytest.fixture(scope="module")
def graph():  # type: ignore[no-untyped-def]
    return load().graph


def models_and_methods(graph):  # type: ignore[no-untyped-def]
    return [
        c
        for c in graph
        if c.depth == Depth.USE and c.tasks and c.area in MODELLING_AREAS and not {"building-block", "tool", "metric", "validation"} & set(c.tags)
    ]


def test_the_rule_covers_the_pack_not_a_few_examples(graph):
    # The rule is only as strong as what it covers: most modelling concepts have tasks.
    assert len(models_and_methods(graph)) >= 150
    assert sum(1 for c in graph if "validation" in c.tags) >= 3
    assert sum(1 for c in graph if "metric" in c.tags) >= 15


def test_every_use_path_of_a_model_or_method_judges_its_result(graph):
    planner = Planner(graph)
    missing = []
    for concept in models_and_methods(graph):
        plan = planner.plan(concept.id, Depth.USE)
        on_path = [graph.concepts[i] for i in plan.ids]
        has_metric = any("metric" in c.tags for c in on_path)
        unsupervised = concept.area == "unsupervised" or "unsupervised" in concept.tags
        has_validation = unsupervised or any("validation" in c.tags for c in on_path)
        if not (has_metric and has_validation):
            missing.append(f"{concept.id} ({'no metric' if not has_metric else 'no validation'})")
    assert not missing, f"{len(missing)} use paths cannot judge their result: " + ", ".join(missing)
