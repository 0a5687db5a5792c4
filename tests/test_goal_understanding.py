"""Goals as problems: the bundled content and the fitted ranker, end to end.

The examples of the goal-understanding issue must come out right from the graph
and the ranker (no phrase is special-cased anywhere); the public goal set measures
the rest, with its held-out third never used for fitting.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from conceptmap import goalindex
from conceptmap.goal import GoalError, GoalParser, UnclearGoal, detect_level
from conceptmap.goaleval import evaluate, load_cases
from conceptmap.model import Depth
from conceptmap.session import Session

from conftest import REPO, concept, run_cli, write_pack

GOALS = REPO / "tests" / "data" / "goals.yaml"
GOALS_2 = REPO / "tests" / "data" / "goals-2.yaml"
GOALS_3 = REPO / "tests" / "data" / "goals-3.yaml"


@pytest.fixture(scope="module")
def session(tmp_path_factory: pytest.TempPathFactory) -> Session:
    return Session(progress_path=tmp_path_factory.mktemp("progress") / "progress.yaml")


# -- the table ------------------------------------------------------------------
@pytest.mark.parametrize(
    ("goal", "accepted"),
    [
        ("predict which customers will churn", {"churn-prediction", "binary-classification"}),
        ("spot damaged items on a production line", {"visual-defect-inspection", "anomaly-detection", "image-classification"}),
        ("detect fraud in transactions", {"fraud-detection", "anomaly-detection"}),
        ("predict which sales leads convert", {"lead-scoring", "binary-classification"}),
        ("write better prompts for GPT-4", {"prompt-engineering"}),
        ("monitor my deployed model for data drift", {"data-drift", "model-monitoring", "drift-detection"}),
        ("find out whether the new checkout page really increased sales", {"ab-testing", "ab-testing-models"}),
    ],
)
def test_a_problem_in_words_plans_what_answers_it(session: Session, goal: str, accepted: set[str]) -> None:
    understood, plan = session.plan(goal, ignore_known=True)
    assert understood.target is not None and understood.target.id in accepted, understood.as_dict()
    assert plan.depth_limit >= Depth.USE  # a problem to solve asks to be able to do it


def test_words_that_are_english_are_not_corrected_into_names(session: Session) -> None:
    parser = session.goals
    words = {w.surface for w in parser.words(["transactions", "shapes", "convert", "winning"])}
    assert words == {"transactions", "shapes", "convert", "winning"}
    # ...while a real typo is corrected to the pack's word
    assert [w.surface for w in parser.words(["regresion"])] == ["regression"]


def test_a_goal_naming_two_things_plans_both(session: Session) -> None:
    understood, plan = session.plan("build an image classifier with fastai", ignore_known=True)
    assert {c.id for c in understood.targets} >= {"image-classification", "fastai"}
    assert {"image-classification", "fastai"} <= set(plan.ids)
    data = understood.as_dict()
    assert data["target"] == "image-classification" and "fastai" in data["targets"]


def test_a_goal_that_asks_for_a_track_plans_the_whole_track(session: Session) -> None:
    understood, plan = session.plan("get the AWS machine learning specialty certification", ignore_known=True)
    assert understood.track is not None and understood.track.id == "managed-ml-on-aws"
    goals = session.track_targets(understood.track)
    assert {c.id for c, _ in goals} <= set(plan.ids)


def test_nonsense_and_out_of_field_goals_get_no_invented_plan(session: Session) -> None:
    for goal in ("bake sourdough bread", "learn barre chords on guitar", "asdkjh qwe zxcv"):
        with pytest.raises(UnclearGoal):
            session.plan(goal)


def test_the_cli_says_it_cannot_tell_lists_candidates_and_exits_2() -> None:
    run = run_cli("path", "bake sourdough bread at home")
    assert run.code == 2 and "can't tell" in run.err and "Traceback" not in run.err
    run = run_cli("path", "--json", "bake sourdough bread at home")
    assert run.code == 2 and json.loads(run.out)["understood"] is False


def test_understood_says_why_the_target_was_chosen() -> None:
    run = run_cli("path", "--json", "use LDA for topic modelling")
    understood = json.loads(run.out)["understood"]
    assert understood["target"] == "latent-dirichlet-allocation" and understood["targets"] == ["latent-dirichlet-allocation"]
    assert understood["why"]["lda"] == "names" and understood["confident"] is True


@pytest.mark.parametrize(
    ("goal", "level"),
    [
        ("classify images in a few lines of code", Depth.USE),
        ("how many units will we sell next week", Depth.USE),
        ("how do I read the loss curve", Depth.USE),
        ("how does attention work", Depth.HOW),
        ("what is a transformer", Depth.OVERVIEW),
        ("derive the normal equation", Depth.THEORY),
        ("quickly train a model", Depth.USE),
        ("how does chatgpt work, explain like I'm 5", Depth.OVERVIEW),  # asking simply caps the question's form
        ("confidence intervals explained simply", Depth.OVERVIEW),
        ("transformers for beginners", Depth.OVERVIEW),
        ("AI vs ML vs deep learning, what's the difference", Depth.OVERVIEW),
        ("why do we even need a validation set", Depth.OVERVIEW),
        ("derive backpropagation, explained simply", Depth.THEORY),  # an explicit theory word still wins
        # Comparisons ask what things are and when each fits (every such goal in the fit splits).
        ("bagging versus boosting", Depth.OVERVIEW),
        ("random forest or gradient boosting, which one should I pick", Depth.OVERVIEW),
        ("batch or streaming inference: when to use which", Depth.OVERVIEW),
        ("what do embeddings capture", Depth.OVERVIEW),
        ("where do I start with reinforcement learning", Depth.OVERVIEW),
        ("explain embeddings simply", Depth.OVERVIEW),
        # Questions of likelihood, speed or outcome are about using a model, like "how many".
        ("how likely is this customer to churn", Depth.USE),
        ("how fast will my model answer on a phone", Depth.USE),
        ("how will sales change if we cut the price", Depth.USE),
        # "Basics" of a tool is learning to use it: no level word, so the concept's own depth and at least use.
        ("numpy basics", None),
    ],
)
def test_level_phrases(goal: str, level: Depth | None) -> None:
    from conceptmap.text import words

    assert detect_level(words(goal)) == level


def test_words_of_the_targets_own_name_are_not_level_words(session: Session) -> None:
    understood = session.understand("what is entropy in information theory")
    assert understood.level == Depth.OVERVIEW


# -- the goal set -----------------------------------------------------------------------
def test_goal_set_is_public_large_and_split() -> None:
    cases = load_cases(GOALS)
    assert len(cases) >= 300
    held = [c for c in cases if c.split == "held-out"]
    assert len(cases) / 4 < len(held) < len(cases) / 2.5
    assert sum(c.cannot_tell for c in cases) >= 20
    assert len({c.persona for c in cases}) >= 8


def test_held_out_understanding_does_not_regress(session: Session) -> None:
    # The issue asks for 90% top-1 and 95% level accuracy on the held-out third; these
    # floors are what the content and the fitted ranker reach today (docs/planning.md),
    # kept so a change that makes understanding worse fails here.
    reports = evaluate(session.goals, load_cases(GOALS))
    held = reports["held-out"]
    assert held.top1 >= 0.77, [o.case.goal for o in held.misses]
    assert held.top3 >= 0.91
    assert held.level >= 0.88
    assert held.cannot_tell_recall >= 0.75
    # When it plans the wrong thing, "Did you mean" offers a right one this often (13% with the
    # fitted ambiguity margin, 9% with the old hand-set 0.05).
    assert held.offered_when_wrong >= 0.1


def test_a_second_goal_set_by_another_author_is_understood_as_well(session: Session) -> None:
    # tests/data/goals-2.yaml was written on 2026-12-03 by someone who had seen neither the
    # first set nor the tool's answers; its first measurement (top-1 76.7% over 180 goals) was
    # the independent figure. Its misses have been read since, so it is a floor, not a measure.
    cases = load_cases(GOALS_2)
    assert len(cases) >= 150 and sum(c.cannot_tell for c in cases) >= 15
    reports = evaluate(session.goals, cases)
    assert reports["all"].top1 >= 0.83, [o.case.goal for o in reports["all"].misses]


def test_a_third_goal_set_by_another_author_is_understood_as_well(session: Session) -> None:
    # tests/data/goals-3.yaml: 200 goals written on 2026-12-03 by a third author who had seen
    # neither earlier set nor the tool's answers. The misses of its held-out third have not been
    # read (its fit split's level misses were, for the level rules); the floors are a little
    # under today's figures (docs/planning.md), so a change that makes understanding worse on
    # goals nobody fitted to fails here.
    cases = load_cases(GOALS_3)
    assert len(cases) >= 200 and sum(c.cannot_tell for c in cases) >= 20
    reports = evaluate(session.goals, cases)
    assert reports["all"].top1 >= 0.85
    assert reports["all"].level >= 0.90
    assert reports["all"].cannot_tell_recall >= 0.65


# -- the index --------------------------------------------------------------------------
def test_the_goal_index_is_built_once_per_pack_and_reused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pack = write_pack(tmp_path / "pack", [concept("churn-prediction", 1, title="Churn prediction", tasks=["who will cancel"])])
    builds: list[int] = []
    real = goalindex.build
    monkeypatch.setattr(goalindex, "build", lambda *a, **k: (builds.append(1), real(*a, **k))[1])
    first = Session([pack], bundled=False, progress_path=tmp_path / "p.yaml")
    assert first.understand("who will cancel").target.id == "churn-prediction"
    second = Session([pack], bundled=False, progress_path=tmp_path / "p.yaml")
    assert second.understand("who will cancel next month").target.id == "churn-prediction"
    assert len(builds) == 1
    # An edit to the pack is a new stamp: the index is rebuilt, never read stale.
    (pack / "graph" / "concepts.yaml").write_text(
        (pack / "graph" / "concepts.yaml").read_text().replace("who will cancel", "who will leave us"), encoding="utf-8"
    )
    third = Session([pack], bundled=False, progress_path=tmp_path / "p.yaml")
    assert third.understand("who will leave us").target.id == "churn-prediction"
    assert len(builds) == 2


def test_a_corrupt_goal_index_is_rebuilt(tmp_path: Path) -> None:
    pack = write_pack(tmp_path / "pack", [concept("lead-scoring", 1, title="Lead scoring", tasks=["score sales leads"])])
    Session([pack], bundled=False, progress_path=tmp_path / "p.yaml").understand("score sales leads")
    from conceptmap.cache import index_folder
    from conceptmap.loader import pack_sources

    index = index_folder(pack_sources([pack], bundled=False)) / "goals.sqlite"
    index.write_bytes(b"not a database")
    again = Session([pack], bundled=False, progress_path=tmp_path / "p.yaml")
    assert again.understand("score sales leads").target.id == "lead-scoring"
    sqlite3.connect(index).execute("SELECT count(*) FROM fts").fetchone()


# -- check compiles the task phrases ----------------------------------------------------
def test_check_reports_a_task_phrase_that_goes_elsewhere(tmp_path: Path) -> None:
    pack = write_pack(
        tmp_path / "pack",
        [
            concept("fraud-detection", 1, title="Fraud detection", tasks=["flag fraudulent payments"]),
            concept("anomaly-detection", 1, title="Anomaly detection", tasks=["fraud detection for card payments"]),
        ],
    )
    run = run_cli("--no-bundled", "--pack", str(pack), "check")
    assert run.code == 1
    lines = [line for line in run.err.splitlines() if "task-misrouted" in line]
    assert len(lines) == 1 and "anomaly-detection" in lines[0] and "understood as fraud-detection" in lines[0]
    text = (pack / "graph" / "concepts.yaml").read_text().splitlines()
    line_no = int(lines[0].split(":")[1])
    assert "fraud detection for card payments" in text[line_no - 1]


def test_goal_parser_on_a_tiny_pack_without_a_cache(tmp_path: Path) -> None:
    from helpers import graph_of

    graph = graph_of(("churn-prediction", 1, [], {"title": "Churn prediction", "tasks": ("who will cancel",)}))
    assert GoalParser(graph).parse("who will cancel").target.id == "churn-prediction"


def test_plural_names_meet_their_singular_through_the_stemmer(session: Session) -> None:
    # The hand-rolled stemmer kept "nets" whole (too short to strip), so "neural nets" never
    # reached the "neural net" alias; Porter2 stems both to "net".
    assert session.understand("neural nets").target.id == "neural-network"
    assert session.understand("teach me decision trees").target.id == "decision-tree"


def test_an_exam_goal_plans_the_bundled_certification_track(session: Session) -> None:
    understood, plan = session.plan("get the AWS machine learning specialty certification", ignore_known=True)
    assert understood.track is not None and understood.track.id == "managed-ml-on-aws"
    assert len(understood.targets) > 10 and {c.id for c in understood.targets} <= set(plan.ids)  # the whole track


@pytest.mark.parametrize(
    ("goal", "target"),
    [
        ("confusion matrix questions in my AI-900 practice test", "confusion-matrix"),
        ("dp-100 hyperparameter tuning", "hyperparameter-tuning"),
        ("revise data drift for the google ml engineer exam", "data-drift"),
    ],
)
def test_a_concept_named_beside_an_exam_is_what_the_goal_asks_about(session: Session, goal: str, target: str) -> None:
    # The exam's track is the container; the concept named outright is the question.
    understood = session.understand(goal)
    assert understood.track is None and understood.target is not None and understood.target.id == target
    assert any(c.ref.startswith("track:") for c in understood.candidates)  # the track stays a candidate


def test_an_exam_alone_still_plans_its_track(session: Session) -> None:
    for goal, track in (("pass the aws machine learning exam", "managed-ml-on-aws"), ("study for the dp-100", "azure-data-scientist-dp-100")):
        understood = session.understand(goal)
        assert understood.track is not None and understood.track.id == track, goal


def test_a_name_said_inside_a_longer_name_is_part_of_it(session: Session) -> None:
    # "distributed" meets "Distribution" by stem, but the goal says "distributed training".
    assert session.understand("distributed training of a big model").target.id == "distributed-training"
    found = {c.ref: c for c in session.goals.rank(["distributed", "training", "of", "a", "big", "model"])}
    assert "probability-distribution" not in found or not found["probability-distribution"].named


def test_a_problem_asks_for_use_and_a_name_for_the_concept_as_it_is() -> None:
    # With no level words, a problem ("put the best matches first") is something to be able to
    # do: planned at use, the mechanism cut as a rabbit hole. A bare name asks for the concept
    # at its own depth.
    from helpers import graph_of

    graph = graph_of(
        ("ranking-metric", 1, [], {"title": "Ranking metric"}),
        ("learning-to-rank", 2, ["ranking-metric"], {"title": "Learning to rank", "tasks": ("put the best matches first in shop search",)}),
    )
    parser = GoalParser(graph)
    problem = parser.parse("put the best matches first in shop search")
    assert problem.target.id == "learning-to-rank" and problem.level is None and problem.depth == Depth.USE
    named = parser.parse("learning to rank")
    assert named.target.id == "learning-to-rank" and named.depth == Depth.HOW


def test_the_words_of_a_level_phrase_say_how_deep_not_what(session: Session) -> None:
    # "under the hood" asks for how it works; "hood" must not rank concepts as a topic word.
    parser = session.goals
    words = {w.surface: w for w in parser.words(["how", "do", "transformers", "work", "under", "the", "hood"])}
    assert words["hood"].weight == pytest.approx(words["hood"].full * parser.level_word_weight)
    assert words["transformers"].weight == words["transformers"].full
    assert session.understand("how do transformers work under the hood").target.id == "transformer"


def test_confidence_counts_only_words_the_pack_names_things_with() -> None:
    # A word met only in a definition's example ("guitar") is known but says nothing about
    # which concept a goal is about: a goal made of such words is not understood.
    from helpers import graph_of

    graph = graph_of(
        ("learning-rate", 1, [], {"title": "Learning rate", "tasks": ("training loss jumps around",),
                                  "definition": "How big each step is.\n\nLike tuning a guitar string: too far and you overshoot."}),
        ("churn-prediction", 1, [], {"title": "Churn prediction", "tasks": ("who will cancel",)}),
    )
    parser = GoalParser(graph)
    words = {w.surface: w for w in parser.words(["tune", "my", "guitar"])}
    assert words["guitar"].known and not words["guitar"].domain
    assert not parser.parse("tune my guitar").confident
    assert parser.parse("who will cancel").confident


def test_a_level_word_inside_a_longer_name_counts_as_part_of_the_name(session: Session) -> None:
    # "training" alone asks for use and weighs little; in "distributed training" it is half a
    # name, so the span that says the whole name counts it at its full weight.
    parser = session.goals
    goal = ["distributed", "training", "for", "the", "google", "exam"]
    words = [w for w in parser.words(goal) if w.known]
    by_surface = {w.surface: w for w in words}
    training = by_surface["training"]
    assert training.weight < training.full  # a level word, discounted on its own
    expected = (by_surface["distributed"].full + training.full) / sum(w.weight for w in words)
    found = {c.ref: c for c in parser.rank(goal)}
    assert found["distributed-training"].features[1] == pytest.approx(min(1.0, expected))


def test_asking_how_a_theory_concept_works_plans_its_theory(session: Session) -> None:
    # The mechanism of a derivation is the derivation: planning it at "how" would cut its own
    # prerequisites as rabbit holes. Asking what it is stays an overview.
    how = session.goals.parse("how does the bias variance decomposition work")
    assert how.target is not None and how.target.depth == Depth.THEORY
    assert how.level == Depth.HOW and how.depth == Depth.THEORY
    what = session.goals.parse("what is the bias variance decomposition")
    assert what.target == how.target and what.depth == Depth.OVERVIEW


def test_a_track_ref_given_back_plans_that_track(session: Session) -> None:
    # `path --json` and the can't-tell list print candidates as track:ID; given back, that is
    # the track itself (its words were ranked before, and "track:building-with-llms" went elsewhere).
    track = session.graph.tracks[0]
    goal = session.goals.parse(f"track:{track.id}")
    assert goal.track == track and goal.confident
    with pytest.raises(GoalError, match="no track 'no-such-track'"):
        session.goals.parse("track:no-such-track")


def test_a_track_ref_on_the_command_line() -> None:
    run = run_cli("path", "--json", "track:building-with-llms")
    assert run.code == 0 and json.loads(run.out)["understood"]["track"] == "building-with-llms"
    assert run_cli("path", "track:no-such-track").code == 2


def test_a_wrong_plan_that_offers_the_right_concept_is_counted_one_click_from_right() -> None:
    from conceptmap.goal import Candidate, Goal
    from conceptmap.goaleval import GoalCase, Report, outcome_of

    from conceptmap.model import Concept

    # Scoring an outcome needs only what was planned and offered: goals built by hand.
    broad, narrow = (Concept(id=i, title=i.title(), depth=Depth.USE, area="a") for i in ("broad", "narrow"))
    case = GoalCase("a goal", targets=("narrow",))
    candidates = [Candidate(broad, 1.0, "Broad"), Candidate(narrow, 0.9, "Narrow")]
    offered = outcome_of(case, Goal("a goal", broad, None, candidates, ambiguous=True, rivals=candidates[1:]))
    silent = outcome_of(case, Goal("a goal", broad, None, candidates, ambiguous=False))
    assert not offered.right and offered.put_right and not silent.put_right
    assert Report([offered, silent]).offered_when_wrong == 0.5
    right = outcome_of(GoalCase("a goal", targets=("broad",)), Goal("a goal", broad, None, candidates, ambiguous=True, rivals=candidates[1:]))
    assert right.right and not right.put_right and Report([right]).offered_when_wrong == 1.0  # no wrong plans: nothing to miss


def test_a_runner_up_already_on_the_path_is_not_offered_as_another_reading() -> None:
    # "Did you mean" offers other readings of the goal; a prerequisite the path teaches anyway
    # ("Topic modeling" on the way to LDA) is not one. A wide margin makes every runner-up close.
    session = Session((REPO / "tests" / "data" / "tui-pack",), bundled=False)
    session.goals.margin = 10.0
    report = session.path_report("use LDA for topic modelling")
    on_path = set(report.plan.ids)
    assert report.understood.ambiguous and any(c.ref in on_path for c in report.understood.others)
    assert report.alternatives and len(report.alternatives) <= 3
    assert not any(c.ref in on_path for c in report.alternatives)


def test_the_main_target_is_the_best_reading_of_the_whole_goal(session: Session) -> None:
    # The joined part often says what the goal is about: ranking only the words before "with"
    # planned LIME for this one, with SHAP beside it.
    goal = session.goals.parse("explain each prediction with shap values")
    assert goal.target is not None and goal.target.id == "shap"
    both = session.goals.parse("build an image classifier with fastai")  # a tool beside the thing built
    assert both.target is not None and both.target.id == "image-classification"
    assert [c.id for c in both.also] == ["fastai"]
