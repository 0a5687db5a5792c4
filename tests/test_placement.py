"""Placement: the questions it chooses, what it infers from the answers, and `conceptmap place`."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
import yaml
from conftest import concept
from helpers import graph_of
from hypothesis import given, settings
from hypothesis import strategies as st

from conceptmap.model import Depth, Graph
from conceptmap.placement import Answer, Placement
from conceptmap.progress import ProgressStore
from conceptmap.session import Session
from conceptmap.synth import write_pack


def hard_closure(graph: Graph, ids: set[str]) -> set[str]:
    """The ids and all their hard prerequisites."""
    out = set(ids)
    for cid in ids:
        out |= graph.ancestors(cid, hard_only=True)
    return out


def builds_on(graph: Graph, cid: str) -> set[str]:
    """Every concept that needs ``cid`` through hard prerequisites, transitively."""
    return {other for other in graph.concepts if cid in graph.ancestors(other, hard_only=True)}


def run(placement: Placement, answer) -> list[str]:  # type: ignore[no-untyped-def]
    """Answer every question with ``answer(concept_id)``; the ids asked, in order."""
    asked = []
    while (question := placement.next_question()) is not None:
        asked.append(question.concept.id)
        placement.answer(answer(question.concept.id))
    return asked


# -- the rule, on shapes where the best question is plain ---------------------------------
def test_on_a_chain_it_is_binary_search():
    chain = [(f"c{i:02d}", 1, [f"c{i - 1:02d}"] if i else []) for i in range(15)]
    graph = graph_of(*chain)
    truth = {f"c{i:02d}" for i in range(9)}  # knows the first nine
    placement = Placement(graph, None, ())
    asked = run(placement, lambda cid: Answer.YES if cid in truth else Answer.NO)
    assert asked[0] == "c07"  # the middle: a yes settles 8, a no 8
    assert len(asked) <= 4  # log2(15) rounded up
    result = placement.result()
    assert set(result.new_known) == truth and result.unsettled == () and result.settled == 15


def test_yes_marks_the_prerequisites_and_no_rules_out_what_builds_on_it():
    graph = graph_of(("a", 0), ("b", 1, ["a"]), ("c", 1, ["b"]), ("d", 2, ["c"]), ("x", 1, ["a"]))
    placement = Placement(graph, None, (), questions=1)
    question = placement.next_question()
    assert question is not None and question.concept.id == "b"  # yes settles a, b; no settles b, c, d
    assert (question.settles_if_yes, question.settles_if_no) == (2, 3)
    placement.answer(Answer.YES)
    assert placement.result().new_known == ("a", "b") and placement.next_question() is None
    placement = Placement(graph, None, (), questions=1)
    placement.answer(Answer.NO)
    assert set(placement.result().unknown) == {"b", "c", "d"} and placement.result().new_known == ()


def test_unsure_settles_nothing_and_is_not_asked_again():
    graph = graph_of(("a", 0), ("b", 1, ["a"]), ("c", 2, ["b"]))
    placement = Placement(graph, None, ())
    first = placement.next_question()
    assert first is not None
    placement.answer(Answer.UNSURE)
    assert placement.result().settled == 0 and not placement.is_settled(first.concept.id)
    asked = run(placement, lambda cid: Answer.UNSURE)
    assert first.concept.id not in asked and sorted(asked + [first.concept.id]) == ["a", "b", "c"]
    assert placement.next_question() is None and placement.result().unsettled == ("a", "b", "c")


def test_what_is_known_already_is_settled_and_never_asked():
    graph = graph_of(("a", 0), ("b", 1, ["a"]), ("c", 1, ["b"]), ("d", 2, ["c"]))
    placement = Placement(graph, None, {"b"})  # b marked: a is assumed known too
    asked = run(placement, lambda cid: Answer.NO)
    assert not {"a", "b"} & set(asked)
    assert placement.result().new_known == () and placement.result().settled == 4


def test_requires_any_groups_imply_nothing():
    graph = graph_of(("a", 0), ("b", 0), ("c", 1, [], {"requires_any": [["a", "b"]]}))
    placement = Placement(graph, ["c"], ())
    placement.answer(Answer.YES)
    assert placement.result().new_known == ("c",)  # not a or b: which one the learner took is unknown


def test_at_most_the_questions_asked_for():
    graph = graph_of(*[(f"c{i}", 1) for i in range(30)])  # thirty separate concepts: each answer settles one
    placement = Placement(graph, None, (), questions=7)
    assert len(run(placement, lambda cid: Answer.YES)) == 7
    assert placement.result().settled == 7


# -- properties on random graphs and random answers ----------------------------------------
@st.composite
def graphs_and_answers(draw: st.DrawFn) -> tuple[Graph, list[str] | None, set[str], list[Answer]]:
    """A random DAG (requires point earlier), a scope, some marks, and answers of any kind."""
    n = draw(st.integers(1, 25))
    specs = []
    for i in range(n):
        requires = sorted(draw(st.sets(st.integers(0, i - 1), max_size=3))) if i else []
        specs.append((f"n{i:02d}", draw(st.integers(0, 3)), [f"n{r:02d}" for r in requires]))
    graph = graph_of(*specs)
    ids = list(graph.concepts)
    scope = draw(st.none() | st.lists(st.sampled_from(ids), min_size=1, unique=True))
    known = set(draw(st.lists(st.sampled_from(ids), max_size=3)))
    answers = draw(st.lists(st.sampled_from(list(Answer)), max_size=12))
    return graph, scope, known, answers


@settings(max_examples=300, deadline=None)
@given(graphs_and_answers())
def test_never_asks_what_is_settled_and_infers_only_what_fits_the_prerequisite_order(case):  # type: ignore[no-untyped-def]
    graph, scope, known, answers = case
    placement = Placement(graph, scope, known, questions=10)
    asked: list[str] = []
    for answer in answers:
        question = placement.next_question()
        if question is None:
            break
        cid = question.concept.id
        assert not placement.is_settled(cid), "asked about something already settled"
        assert cid not in asked and (scope is None or cid in scope)
        placement.answer(answer)
        asked.append(cid)
    assert len(asked) <= 10
    result = placement.result()
    before = hard_closure(graph, known)
    now_known = before | set(result.new_known)
    unknown = set(result.unknown)
    assert not set(result.new_known) & before and not now_known & unknown
    for cid in now_known:  # no known concept with an unknown (or unsettled) prerequisite
        assert set(graph.concepts[cid].requires) <= now_known
    for cid in unknown:  # nothing built on an unknown concept is known
        assert not builds_on(graph, cid) & now_known
    in_scope = set(scope) if scope is not None else set(graph.concepts)
    assert set(result.unsettled) == in_scope - now_known - unknown and unknown <= in_scope


# -- synthetic learners on 100-concept paths ---------------------------------------------------
def _learners(graph: Graph, scope: list[str], rng: random.Random) -> list[set[str]]:
    """Random down-closed known sets: a few concepts and everything under them, or prerequisites first by chance."""
    learners = []
    for _ in range(20):
        seeds = rng.sample(scope, rng.randint(0, 8))
        learners.append(hard_closure(graph, set(seeds)))
    for _ in range(20):
        chance, known = rng.random(), set()
        for cid in graph.concepts:  # synth writes prerequisites first
            if set(graph.concepts[cid].requires) <= known and rng.random() < chance:
                known.add(cid)
        learners.append(known)
    return learners


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Session:
    """A 1,000-concept synthetic pack, loaded as a user would."""
    return Session([write_pack(tmp_path_factory.mktemp("synth"), 1000, seed=2)], bundled=False)


def test_ten_answers_settle_at_least_half_of_a_100_concept_path(synthetic: Session):
    graph = synthetic.graph
    paths = []
    for cid in reversed(list(graph.concepts)):
        steps = [view.concept.id for view in synthetic.path_report(cid, Depth.THEORY).steps]
        if 95 <= len(steps) <= 105:
            paths.append(steps)
        if len(paths) == 3:
            break
    assert len(paths) == 3
    rng = random.Random(14)
    worst = 1.0
    for scope in paths:
        for truth in _learners(graph, scope, rng):
            placement = Placement(graph, scope, (), questions=10)
            asked = run(placement, lambda cid, truth=truth: Answer.YES if cid in truth else Answer.NO)
            result = placement.result()
            assert len(asked) <= 10
            assert set(result.new_known) <= truth and not set(result.unknown) & truth  # a truthful learner: never wrong
            worst = min(worst, result.settled / result.scope)
    assert worst >= 0.5, f"the worst learner had only {worst:.0%} settled"


# -- the command line --------------------------------------------------------------------------
@pytest.fixture
def lda_pack(make_pack):  # type: ignore[no-untyped-def]
    """A path of seven to LDA, and one concept off it."""
    return make_pack(
        [
            concept("machine-learning", 0, title="Machine learning"),
            concept("tokenization", 1, ["machine-learning"], title="Tokenization"),
            concept("bag-of-words", 1, ["tokenization"], title="Bag of words"),
            concept("document-term-matrix", 1, ["bag-of-words"], title="Document-term matrix"),
            concept("topic-modeling", 0, ["machine-learning"], title="Topic modeling"),
            concept("topic-coherence", 1, ["topic-modeling"], title="Topic coherence"),
            concept("latent-dirichlet-allocation", 1, ["document-term-matrix", "topic-coherence"], title="Latent Dirichlet Allocation"),
            concept("reinforcement-learning", 1, ["machine-learning"], title="Reinforcement learning"),
        ],
        definitions={"bag-of-words": "Counting each word of a text, **ignoring their order**.\n"},
    )


def test_place_with_answers_marks_in_one_batch_the_path_drops_it_and_undo_restores(cli, lda_pack: Path, isolated_data: Path):
    base = ("--no-bundled", "--pack", str(lda_pack))
    assert cli(*base, "known", "add", "reinforcement-learning").code == 0
    progress = isolated_data / "progress.yaml"
    before = yaml.safe_load(progress.read_text())["known"]
    steps = len(cli(*base, "path", "latent-dirichlet-allocation", "--json").json()["steps"])
    assert steps == 6  # machine learning is assumed known
    run_ = cli(*base, "place", "latent-dirichlet-allocation", "--answers", "yn")
    assert run_.code == 0, run_.err
    lines = run_.out.splitlines()
    assert lines[0] == "1. Bag of words: yes" and lines[1].endswith(": no")
    assert "Saved 2 marks; `conceptmap known undo` takes them back." in run_.out
    assert "The path now has" in run_.out and f"(was {steps})" in run_.out
    marks = yaml.safe_load(progress.read_text())["known"]
    assert set(marks) == {"reinforcement-learning", "tokenization", "bag-of-words"}
    after = cli(*base, "path", "latent-dirichlet-allocation", "--json").json()
    assert {"tokenization", "bag-of-words"} <= set(after["known_skipped"]) and len(after["steps"]) == steps - 2
    undo = cli(*base, "known", "undo")
    assert undo.code == 0 and "place" in undo.out
    assert yaml.safe_load(progress.read_text())["known"] == before


def test_place_json_is_a_stable_shape_and_dry_run_saves_nothing(cli, lda_pack: Path, isolated_data: Path):
    data = cli("--no-bundled", "--pack", str(lda_pack), "place", "latent-dirichlet-allocation", "--answers", "u", "--dry-run", "--json").json()
    assert set(data) == {"goal", "scope", "questions", "known", "unknown", "unsettled", "settled", "next", "saved", "path_steps"}
    assert data["goal"] == "latent-dirichlet-allocation" and data["scope"] == 7 and data["saved"] is False
    [question] = data["questions"]
    assert question["answer"] == "unsure" and {"id", "title", "settles_if_yes", "settles_if_no"} <= set(question)
    assert data["settled"] == 0 and len(data["unsettled"]) == 7 and data["known"] == []
    assert data["next"]["id"] != question["id"] and data["next"]["definition"]
    assert data["path_steps"] == {"before": 7, "after": 7}
    assert not (isolated_data / "progress.yaml").exists()


def test_place_asks_at_the_terminal_and_shows_the_definition_on_request(cli, lda_pack: Path, isolated_data: Path):
    run_ = cli("--no-bundled", "--pack", str(lda_pack), "place", "latent-dirichlet-allocation", input="?\nmaybe\ny\nq\ny\n")
    assert run_.code == 0, run_.err
    assert "1. [use]      Bag of words" in run_.out
    assert "Counting each word of a text, ignoring their order." in run_.out  # the definition, rendered
    assert "Answer y (yes), n (no), u (unsure)" in run_.out  # "maybe" is no answer
    assert "Save 3 marks? [Y/n]" in run_.out and "Saved 3 marks" in run_.out
    assert set(yaml.safe_load((isolated_data / "progress.yaml").read_text())["known"]) == {"machine-learning", "tokenization", "bag-of-words"}


def test_place_over_the_whole_graph_without_a_goal(cli, lda_pack: Path):
    data = cli("--no-bundled", "--pack", str(lda_pack), "place", "--answers", "nnnnnnnnnnnn", "--questions", "3", "--json").json()
    assert data["goal"] is None and data["scope"] == 8 and len(data["questions"]) <= 3 and data["path_steps"] is None


def test_place_stopped_at_the_prompt_saves_nothing(cli, lda_pack: Path, isolated_data: Path):
    run_ = cli("--no-bundled", "--pack", str(lda_pack), "place", "latent-dirichlet-allocation", input="y\n")  # then end of input
    assert run_.code == 130 and run_.err == "conceptmap: placement stopped; nothing saved\n"
    assert not (isolated_data / "progress.yaml").exists()


@pytest.mark.parametrize(
    "args, says",
    [
        (["--answers", "yx?"], "--answers takes y, n and u only"),
        (["--questions", "0"], "Invalid value for '--questions'"),
    ],
)
def test_place_bad_options_are_one_line_exit_2(cli, lda_pack: Path, args: list[str], says: str):
    run_ = cli("--no-bundled", "--pack", str(lda_pack), "place", *args)
    assert run_.code == 2 and says in run_.err and "Traceback" not in run_.err


def test_place_for_a_goal_it_cannot_understand_exits_2(cli, lda_pack: Path, isolated_data: Path):
    run_ = cli("--no-bundled", "--pack", str(lda_pack), "place", "bake", "sourdough", "bread", "--answers", "y")
    assert run_.code == 2 and run_.err.startswith("conceptmap: ") and "Traceback" not in run_.err
    assert not (isolated_data / "progress.yaml").exists()


def test_every_answer_left_over_is_said(cli, lda_pack: Path, isolated_data: Path):
    ProgressStore(isolated_data / "progress.yaml").add(["latent-dirichlet-allocation"])  # the whole path is known
    run_ = cli("--no-bundled", "--pack", str(lda_pack), "place", "--answers", "yyyyyyyyyy", "--questions", "2")
    assert run_.code == 0 and "answers left over" in run_.err


def test_a_newcomer_places_themselves_on_the_bundled_lda_path_and_undo_restores(cli, isolated_data: Path):
    """The issue's bar: under ten answers, the path drops what they know, undo puts the marks back."""
    goal = "use LDA for topic modelling"
    graph = Session().graph
    knows = hard_closure(graph, {c for c in ("machine-learning", "natural-language-processing", "tokenization", "bag-of-words") if c in graph.concepts})
    steps = [s["id"] for s in cli("path", goal, "--json").json()["steps"]]
    answers = ""
    while True:  # one question at a time, as a script would: --dry-run --json says what comes next
        data = cli("place", goal, "--answers", answers, "--dry-run", "--json").json()
        if data["next"] is None:
            break
        answers += "y" if data["next"]["id"] in knows else "n"
    assert 0 < len(answers) < 10
    saved = cli("place", goal, "--answers", answers, "--json").json()
    assert saved["saved"] and saved["unsettled"] == []
    assert knows & set(steps) <= set(saved["known"]) <= knows  # all they know on the path, nothing they do not
    after = cli("path", goal, "--json").json()
    assert set(steps) & knows <= set(after["known_skipped"]) and len(after["steps"]) == len(steps) - len(set(steps) & knows)
    assert cli("known", "undo").code == 0
    assert ProgressStore(isolated_data / "progress.yaml").known() == set()
    assert [s["id"] for s in cli("path", goal, "--json").json()["steps"]] == steps
