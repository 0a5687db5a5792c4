"""Weekly plans: the packing rule's properties on random paths, and dates that move when steps drop."""

from __future__ import annotations

import math
from datetime import date, timedelta

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from conceptmap.model import Depth
from conceptmap.planner import Planner
from conceptmap.report import StepView
from conceptmap.schedule import Schedule, ScheduleError, day_text, pack_weeks, parse_hours, parse_start
from conceptmap.session import Session
from conftest import concept
from helpers import graph_of

MONDAY = date(2026, 12, 7)


def chain(minutes: list[int]) -> tuple[StepView, ...]:
    """A path of one step per entry, in that order (each step needs the one before), as the report shows it."""
    graph = graph_of(*((f"c{i}", 1, [f"c{i - 1}"] if i else [], {"minutes": m}) for i, m in enumerate(minutes)))
    plan = Planner(graph).plan(f"c{len(minutes) - 1}", Depth.USE)
    assert [s.concept.minutes for s in plan.steps] == minutes
    return tuple(StepView(n, step, 0, ()) for n, step in enumerate(plan.steps, 1))


MINUTES = st.lists(st.sampled_from([5, 10, 15, 20, 30, 45, 60, 90, 120, 300, 600, 1500]), min_size=1, max_size=30)
HOURS = st.one_of(st.sampled_from([0.25, 0.5, 1.0, 1.5, 2.5, 5.0, 10.0, 168.0]), st.floats(0.05, 168.0))
STARTS = st.dates(date(2000, 1, 1), date(2100, 12, 31))


@settings(max_examples=300, deadline=None)
@given(MINUTES, HOURS, STARTS)
@example([30, 20, 20, 20, 60], 1.0, MONDAY)
@example([600, 10, 10], 2.0, MONDAY)  # a step longer than a week first
def test_packing_keeps_order_and_budget(minutes: list[int], hours: float, start: date) -> None:
    steps = chain(minutes)
    schedule = pack_weeks(steps, hours, start)
    budget = schedule.budget_minutes
    # Every step once, in path order (prerequisites first), and each week's steps are consecutive.
    assert [v.number for week in schedule.weeks for v in week.steps] == list(range(1, len(steps) + 1))
    for week in schedule.weeks:
        assert week.minutes == sum(v.concept.minutes for v in week.steps)
        if week.minutes > budget:  # only a single step longer than the budget, over the weeks it needs
            assert len(week.steps) == 1 and week.span == math.ceil(week.minutes / budget) >= 2
        else:
            assert week.span == 1
    # Weeks follow each other from the start date, seven days each, with no gap.
    assert schedule.weeks[0].number == 1 and schedule.weeks[0].start == start
    for before, after in zip(schedule.weeks, schedule.weeks[1:]):
        assert after.number == before.last + 1 and after.start == before.end + timedelta(days=1)
    for week in schedule.weeks:
        assert week.start == start + timedelta(weeks=week.number - 1)
        assert (week.end - week.start).days + 1 == 7 * week.span
    assert schedule.finish == schedule.weeks[-1].end and schedule.week_count == schedule.weeks[-1].last
    # Fewest weeks for the order: a week is closed only when the next step does not fit in it.
    for before, after in zip(schedule.weeks, schedule.weeks[1:]):
        assert before.minutes + after.steps[0].concept.minutes > budget


def test_the_example_in_the_docs() -> None:
    """30, 20, 20, 20 and 60 minutes at one hour a week: three weeks from Monday 7 December."""
    schedule = pack_weeks(chain([30, 20, 20, 20, 60]), 1, MONDAY)
    assert [[v.number for v in w.steps] for w in schedule.weeks] == [[1, 2], [3, 4], [5]]
    assert [w.minutes for w in schedule.weeks] == [50, 40, 60]
    assert schedule.finish == date(2026, 12, 27)
    first = schedule.weeks[0]
    assert (first.label, first.dates(2026), first.summary, first.step_numbers) == (
        "Week 1",
        "Mon 7 Dec - Sun 13 Dec",
        "2 steps, 50 min",
        "steps 1-2",
    )
    assert schedule.finish_text == "Goal reached by Sun 27 Dec 2026 (3 weeks)"
    assert schedule.pace_text == "1 h a week from Mon 7 Dec 2026"


def test_a_step_longer_than_a_week_spans_weeks_of_its_own() -> None:
    schedule = pack_weeks(chain([20, 150, 20]), 1, MONDAY)  # 150 minutes at 60 a week: three weeks
    assert [(w.number, w.span, w.label) for w in schedule.weeks] == [(1, 1, "Week 1"), (2, 3, "Weeks 2-4"), (5, 1, "Week 5")]
    long = schedule.weeks[1]
    assert long.summary == "1 step, 2 h 30 min, over 3 weeks" and long.step_numbers == "step 2"
    assert long.dates(2026) == "Mon 14 Dec - Sun 3 Jan 2027"  # a day in another year says its year
    assert schedule.finish == date(2027, 1, 10) and schedule.week_count == 5


def test_the_json_shape() -> None:
    data = pack_weeks(chain([30, 20, 600]), 2.5, MONDAY).to_json()
    assert data == {
        "hours_per_week": 2.5,
        "budget_minutes": 150,
        "start": "2026-12-07",
        "finish": "2027-01-10",
        "weeks": [
            {"number": 1, "span": 1, "start": "2026-12-07", "end": "2026-12-13", "minutes": 50, "steps": ["c0", "c1"]},
            {"number": 2, "span": 4, "start": "2026-12-14", "end": "2027-01-10", "minutes": 600, "steps": ["c2"]},
        ],
    }


def test_nothing_to_learn_has_no_weeks() -> None:
    schedule = pack_weeks((), 5, MONDAY)
    assert schedule == Schedule(5, MONDAY, (), None)
    assert schedule.finish_text == "Nothing to learn: no weeks needed." and schedule.to_json()["finish"] is None


@pytest.mark.parametrize("text", ["0", "-1", "abc", "", "nan", "inf", "168.5", "1e400"])
def test_bad_hours_are_one_line(text: str) -> None:
    with pytest.raises(ScheduleError) as caught:
        parse_hours(text)
    message = str(caught.value)
    assert "hours per week must be a number above 0 and at most 168" in message and "\n" not in message


@pytest.mark.parametrize("text", ["2026-13-01", "7 Dec", "2026-12-7", "20261207", "2026-02-30", "x" * 10_000])
def test_bad_start_dates_are_one_line(text: str) -> None:
    with pytest.raises(ScheduleError) as caught:
        parse_start(text)
    message = str(caught.value)
    assert "YYYY-MM-DD" in message and len(message) < 200


def test_good_values_parse() -> None:
    assert parse_hours(" 2.5 ") == 2.5 and parse_hours("168") == 168
    assert parse_start("2026-12-07") == MONDAY


def test_a_plan_past_the_year_9999_is_an_error_not_a_crash() -> None:
    with pytest.raises(ScheduleError, match="after the year 9999"):
        pack_weeks(chain([600]), 0.01, date(9999, 12, 1))


def test_day_names_are_english_whatever_the_locale() -> None:
    assert day_text(MONDAY) == "Mon 7 Dec 2026" and day_text(MONDAY, 2026) == "Mon 7 Dec"


# -- through the session: known steps drop out and the dates move ----------------------------
@pytest.fixture
def session(make_pack, tmp_path):
    pack = make_pack(
        [
            concept("basics", 0, title="Basics", minutes=40),
            concept("middle", 1, ["basics"], title="Middle ground", minutes=40),
            concept("side", 1, ["basics"], title="Side topic", minutes=30),
            concept("goal", 1, ["middle", "side"], title="Goal concept", minutes=50),
        ]
    )
    return Session([pack], bundled=False, progress_path=tmp_path / "progress.yaml")


def test_known_steps_drop_out_and_the_finish_moves_earlier(session: Session) -> None:
    before = session.path_report("goal", hours_per_week=1, start=MONDAY).schedule
    assert before is not None
    assert [[v.concept.id for v in w.steps] for w in before.weeks] == [["basics"], ["side"], ["middle"], ["goal"]]
    assert before.finish == date(2027, 1, 3)
    session.set_known(["middle"])
    after = session.path_report("goal", hours_per_week=1, start=MONDAY).schedule
    assert after is not None
    assert "middle" not in [v.concept.id for w in after.weeks for v in w.steps]
    assert [[v.concept.id for v in w.steps] for w in after.weeks] == [["side"], ["goal"]]  # basics went with middle
    assert after.finish == date(2026, 12, 20) < before.finish


def test_the_default_start_is_today(session: Session) -> None:
    schedule = session.path_report("goal", hours_per_week=5).schedule
    assert schedule is not None and schedule.start == date.today()
