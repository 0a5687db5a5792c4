"""Understanding goals in words, and search: typos, acronyms, spellings, ambiguity."""

from __future__ import annotations

import pytest

from conceptmap.goal import GoalError, GoalParser, detect_level
from conceptmap.model import Depth
from conceptmap.search import SearchIndex
from conceptmap.text import words

from helpers import graph_of


@pytest.fixture(scope="module")
def graph():
    return graph_of(
        ("topic-modeling", 0, [], {"title": "Topic modeling", "aliases": ("topic modelling", "topic models"),
                                   "definition": "Finding the themes that run through a collection of documents."}),
        ("latent-dirichlet-allocation", 1, ["topic-modeling"], {
            "title": "Latent Dirichlet Allocation", "aliases": ("LDA",),
            "definition": "A topic model: each document is a mix of topics, each topic a mix of words."}),
        ("classification", 0, [], {"title": "Classification", "definition": "Predicting a category."}),
        ("dimensionality-reduction", 0, [], {"title": "Dimensionality reduction",
                                             "definition": "Describing data with fewer numbers."}),
        ("linear-discriminant-analysis", 1, ["classification", "dimensionality-reduction"], {
            "title": "Linear discriminant analysis", "aliases": ("LDA",),
            "definition": "Projects labelled data onto the directions that best separate the classes; "
                          "reduces dimensions before a classifier."}),
        ("backpropagation", 2, [], {"title": "Backpropagation", "aliases": ("backprop",),
                                     "definition": "How a neural network finds the gradient of its loss."}),
        ("backpropagation-derivation", 3, ["backpropagation"], {"title": "Backpropagation derivation"}),
        ("learning-with-backpropagation", 3, ["backpropagation"], {"title": "Learning with backpropagation"}),
        ("variational-inference", 2, [], {"title": "Variational inference", "aliases": ("VI",),
                                          "definition": "Approximating a posterior by optimisation."}),
        ("k-nearest-neighbors", 1, ["classification"], {
            "title": "K-nearest neighbors", "aliases": ("KNN", "k-nearest neighbours"),
            "definition": "Classify a point by the labels of the closest training points."}),
        ("optimization", 1, [], {"title": "Optimization", "aliases": ("optimisation",),
                                  "definition": "Finding the inputs that minimise a function."}),
        ("support-vector-machine", 1, ["classification"], {"title": "Support vector machine", "aliases": ("SVM",),
                                                           "definition": "A classifier that finds a wide margin."}),
        ("time-series-forecasting", 1, [], {"title": "Time series forecasting", "aliases": ("forecasting",),
                                            "definition": "Predicting future values of a series such as sales."}),
    )


@pytest.fixture(scope="module")
def parser(graph):
    return GoalParser(graph)


@pytest.mark.parametrize(
    ("goal", "target", "level"),
    [
        ("use LDA for topic modelling", "latent-dirichlet-allocation", Depth.USE),
        ("LDA to reduce dimensions before classification", "linear-discriminant-analysis", None),
        ("understand how backpropagation works", "backpropagation", Depth.HOW),
        ("derive the math of variational inference", "variational-inference", Depth.THEORY),
        ("implement k-nearest neighbours from scratch", "k-nearest-neighbors", Depth.HOW),
        ("laten dirichlet alocation", "latent-dirichlet-allocation", None),
        ("apply optimisation", "optimization", Depth.USE),
        ("forecast next month's sales", "time-series-forecasting", None),
        ("what is an SVM", "support-vector-machine", Depth.OVERVIEW),
    ],
)
def test_goals_from_the_issue(parser, goal, target, level):
    understood = parser.parse(goal)
    assert understood.target is not None and understood.target.id == target
    assert understood.level == level
    assert not understood.ambiguous


@pytest.mark.parametrize(
    ("goal", "target"),
    [
        ("detect objects in photos", "object-detection"),
        ("classify some text", "text-classification"),
        ("detect anomalies in sensor data", "anomaly-detection"),
        ("segment images", "image-segmentation"),
        ("classify emails", "classification"),
        ("predict churn", "prediction"),  # not "predictor", a name of feature, by a typo-like match
    ],
)
def test_a_name_said_as_a_verb_or_in_another_order(goal, target):
    graph = graph_of(
        ("object-detection", 1, [], {"title": "Object detection"}),
        ("text-classification", 1, [], {"title": "Text classification"}),
        ("anomaly-detection", 0, [], {"title": "Anomaly detection"}),
        ("image-segmentation", 1, [], {"title": "Image segmentation"}),
        ("customer-segmentation", 1, [], {"title": "Customer segmentation"}),
        ("images", 0, [], {"title": "Digital image", "aliases": ("images",)}),
        ("classification", 0, [], {"title": "Classification"}),
        ("prediction", 0, [], {"title": "Prediction"}),
        ("feature", 0, [], {"title": "Feature", "aliases": ("predictor",)}),
    )
    understood = GoalParser(graph).parse(goal)
    assert understood.target is not None and understood.target.id == target


def test_roots_join_a_verb_and_its_noun():
    from conceptmap.text import root

    assert root("detect") == root("detection") == root("detecting")
    assert root("classify") == root("classification")
    assert root("anomaly") == root("anomalies")
    assert root("segment") == root("segmentation")
    assert root("interpret") == root("interpretability")
    assert root("summarize") == root("summarization") and root("translate") == root("translation")
    assert root("cluster") == root("clustering") and root("embed") == root("embedding")
    assert root("normalize") == root("normalization") and root("image") == root("images")


def test_a_deeper_goal_goes_to_the_deeper_side_of_a_split_topic(parser):
    understood = parser.parse("derive backpropagation")
    assert understood.target.id == "backpropagation-derivation"
    # only concepts whose name starts with the topic's name count as its deeper side
    assert parser.parse("understand backpropagation").target.id == "backpropagation"


def test_a_longer_name_built_on_a_topic_is_not_its_deeper_side():
    graph = graph_of(
        ("prediction", 0, [], {"title": "Prediction"}),
        ("prediction-bias", 2, ["prediction"], {"title": "Prediction bias"}),
        ("batch-size", 1, [], {"title": "Batch size", "aliases": ("batch",)}),
        ("batch-normalization", 2, ["batch-size"], {"title": "Batch normalization"}),
    )
    parser = GoalParser(graph)
    assert parser.parse("understand how prediction works").target.id == "prediction"
    assert parser.parse("explain how batch size works").target.id == "batch-size"


def test_default_level_is_the_targets_own_depth(parser):
    understood = parser.parse("backpropagation")
    assert understood.level is None and understood.depth == Depth.HOW


def test_bare_shared_acronym_is_ambiguous_and_lists_candidates(parser):
    understood = parser.parse("LDA")
    assert understood.ambiguous
    ids = {c.concept.id for c in understood.candidates}
    assert {"latent-dirichlet-allocation", "linear-discriminant-analysis"} <= ids


def test_context_decides_between_two_meanings(parser):
    topic = parser.parse("use LDA for topic modelling")
    dims = parser.parse("use LDA to reduce dimensions for classification")
    assert topic.target.id == "latent-dirichlet-allocation"
    assert dims.target.id == "linear-discriminant-analysis"


@pytest.mark.parametrize("goal", ["", "   ", "the of and", "\x00\x01"])
def test_empty_goals_raise_one_clear_error(parser, goal):
    with pytest.raises(GoalError):
        parser.parse(goal)


def test_nonsense_goal_names_nothing(parser):
    with pytest.raises(GoalError):
        parser.parse("qwxzvbnm plorkish")


def test_level_words():
    assert detect_level(words("derive the maths")) == Depth.THEORY
    assert detect_level(words("understand the maths behind it")) == Depth.THEORY  # deeper wins
    assert detect_level(words("deploy a model")) == Depth.USE
    assert detect_level(words("what is a tensor")) == Depth.OVERVIEW
    assert detect_level(words("tensors")) is None


# -- search -------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def index(graph):
    return SearchIndex(graph)


def top(index, query):
    hits = index.search(query, limit=5)
    return hits[0].concept.id if hits else None


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("backpropagation", "backpropagation"),
        ("backprop", "backpropagation"),
        ("backpropogation", "backpropagation"),  # typo
        ("knn", "k-nearest-neighbors"),  # acronym alias
        ("k nearest neighbours", "k-nearest-neighbors"),  # British spelling, no hyphen
        ("optimisation", "optimization"),
        ("svm", "support-vector-machine"),
        ("topic modelling", "topic-modeling"),
        ("lda", "latent-dirichlet-allocation"),
        ("vi", "variational-inference"),
        ("tsf", "time-series-forecasting"),  # initials of the title
    ],
)
def test_search_finds_the_right_top_hit(index, query, expected):
    assert top(index, query) == expected


def test_exact_hits_come_first(index):
    hits = index.search("classification", limit=10)
    assert hits[0].concept.id == "classification"
    assert hits[0].score == 100.0
    assert all(h.score <= 100.0 for h in hits)


def test_shared_acronym_returns_both_meanings(index):
    ids = [h.concept.id for h in index.search("LDA", limit=5)]
    assert {"latent-dirichlet-allocation", "linear-discriminant-analysis"} <= set(ids[:2])


def test_definition_text_is_searched_after_names(index):
    hits = index.search("margin", limit=5)
    assert hits and hits[0].concept.id == "support-vector-machine"
    assert hits[0].matched == "definition"
    assert hits[0].score < 60


@pytest.mark.parametrize("query", ["", " ", "\u202e\u202d", "🙂" * 50, "a" * 100_000, "\x00\x1b[31m", "((("])
def test_search_never_raises(index, query):
    index.search(query)


def test_search_results_json_shape(index):
    data = index.search("knn")[0].as_dict()
    assert data == {
        "id": "k-nearest-neighbors",
        "title": "K-nearest neighbors",
        "aliases": ["KNN", "k-nearest neighbours"],
        "depth": "use",
        "score": 99.0,
    }


def test_glossary_style_queries_are_tried_in_parts(index):
    assert top(index, "K-nearest neighbors (KNN)") == "k-nearest-neighbors"
    assert top(index, "SVM or support vector machine") == "support-vector-machine"
    assert top(index, "Variational inference (VI)") == "variational-inference"


def test_runners_up_leave_out_the_concept_planned():
    graph = graph_of(
        ("latent-dirichlet-allocation", 1, [], {"title": "Latent Dirichlet Allocation", "aliases": ("LDA",)}),
        ("lda-inference", 3, ["latent-dirichlet-allocation"], {"title": "LDA inference derivation"}),
        ("linear-discriminant-analysis", 1, [], {"title": "Linear discriminant analysis", "aliases": ("LDA",)}),
    )
    understood = GoalParser(graph).parse("derive the math behind LDA")
    assert understood.target.id == "lda-inference"
    others = [c.concept.id for c in understood.others]
    assert "lda-inference" not in others and "linear-discriminant-analysis" in others


def test_a_quality_and_its_noun_share_a_root():
    # "our classifier is 95% accurate" says Accuracy; "keep user data private" says Privacy.
    from conceptmap.text import root

    for adjective, noun in [("accurate", "accuracy"), ("private", "privacy"), ("sparse", "sparsity"), ("explainable", "explainability")]:
        assert root(adjective) == root(noun), (adjective, noun)
    assert root("accurate") != root("acquire")
