"""The path page in weeks (w): the dialog, the week of each step, dates that move as steps are known."""

from __future__ import annotations

from datetime import date

import pytest
from textual.widgets import Footer, Static

from conceptmap.planner import Planner
from conceptmap.schedule import Pace
from conceptmap.tui.dialogs.week import WeekDialog
from conceptmap.tui.screens.path import PathScreen
from conceptmap.tui.widgets.concept_list import ConceptList

from .conftest import TUI_PACK, make_app, settle

GOAL = "use LDA for topic modelling"  # on the TUI pack: 30, 20, 20, 20 and 60 minutes


def text_of(app, selector: str) -> str:  # type: ignore[no-untyped-def]
    return str(app.screen.query_one(selector, Static).render())


async def set_weeks(pilot, hours: str, start: str = "2026-12-07") -> None:  # type: ignore[no-untyped-def]
    """Press w, type the hours and the first day, press enter."""
    await pilot.press("w")
    await settle(pilot)
    assert isinstance(pilot.app.screen, WeekDialog)
    await pilot.press(*hours, "tab", *start, "enter")
    await settle(pilot)


async def test_hours_a_week_show_each_steps_week_and_the_dates_move_when_a_step_is_known(app):
    async with app.run_test(size=(120, 40)) as pilot:
        app.open_path(GOAL)
        await settle(pilot)
        assert not app.screen.query_one("#weeks").display  # no weeks until asked
        await set_weeks(pilot, "1")
        assert isinstance(app.screen, PathScreen)
        assert app.session.pace == Pace(1.0, date(2026, 12, 7))
        assert text_of(app, "#weeks") == "1 h a week from Mon 7 Dec 2026  ·  Goal reached by Sun 27 Dec 2026 (3 weeks)"
        # The highlighted step's week on the right; moving down to week 2's steps changes it.
        assert text_of(app, "#step-week").startswith("Week 1 of 3 · Mon 7 Dec - Sun 13 Dec\nthis week: 2 steps, 50 min")
        await pilot.press("down", "down")
        await settle(pilot)
        assert text_of(app, "#step-week").startswith("Week 2 of 3 · Mon 14 Dec - Sun 20 Dec\nthis week: 2 steps, 40 min")
        # Knowing the first step drops it: the rest packs into two weeks and the goal comes a week earlier.
        await pilot.press("up", "up", "k")
        await settle(pilot)
        assert "machine-learning" in app.session.known
        steps = app.screen.query_one("#steps", ConceptList)
        assert "machine-learning" not in [steps.get_option_at_index(i).id for i in range(steps.option_count)]
        assert text_of(app, "#weeks").endswith("Goal reached by Sun 20 Dec 2026 (2 weeks)")
        assert text_of(app, "#step-week").startswith("Week 1 of 2 · Mon 7 Dec - Sun 13 Dec\nthis week: 3 steps, 1 h")


async def test_the_tui_and_the_cli_show_the_same_weeks(app, cli):
    """Both render one report's schedule: the CLI's JSON is the page's weeks, date for date."""
    run = cli("--no-bundled", "--pack", str(TUI_PACK), "path", GOAL, "--hours-per-week", "1", "--start", "2026-12-07", "--json")
    async with app.run_test(size=(120, 40)) as pilot:
        app.open_path(GOAL)
        await settle(pilot)
        await set_weeks(pilot, "1")
        schedule = app.screen.report.schedule
        assert schedule is not None and schedule.to_json() == run.json()["schedule"]
        assert text_of(app, "#weeks").endswith(schedule.finish_text)


async def test_the_hours_persist_for_the_session_and_no_weeks_turns_them_off(app):
    async with app.run_test(size=(120, 40)) as pilot:
        app.open_path(GOAL)
        await settle(pilot)
        await set_weeks(pilot, "2.5")
        app.open_path("bag-of-words")  # another path page of the same run shows weeks too
        await settle(pilot)
        assert text_of(app, "#weeks").startswith("2.5 h a week from Mon 7 Dec 2026")
        await pilot.press("w")
        await settle(pilot)
        assert app.screen.query_one("#week-hours").value == "2.5"  # the dialog starts from the choice
        await pilot.click("#week-off")
        await settle(pilot)
        assert app.session.pace is None and not app.screen.query_one("#weeks").display
        await pilot.press("escape")  # back to the first page: its weeks go too
        await settle(pilot)
        assert app.screen.goal == GOAL and not app.screen.query_one("#weeks").display


async def test_a_bad_value_is_one_line_in_the_dialog_and_cancel_keeps_the_page(app):
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_path(GOAL)
        await settle(pilot)
        await pilot.press("w")
        await settle(pilot)
        await pilot.press(*"lots", "enter")
        await settle(pilot)
        assert isinstance(app.screen, WeekDialog)
        assert "hours per week must be a number above 0 and at most 168" in text_of(app, "#week-error")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, PathScreen) and app.session.pace is None


async def test_the_ladder_is_planned_only_when_the_plan_changes(app, monkeypatch):
    """Setting the hours, coming back from a concept page, or choosing the same level plans no ladder."""
    calls = []
    ladder = Planner.ladder
    monkeypatch.setattr(Planner, "ladder", lambda self, *a, **k: calls.append(1) or ladder(self, *a, **k))
    async with app.run_test(size=(120, 40)) as pilot:
        app.open_path(GOAL)
        await settle(pilot)
        assert len(calls) == 1
        await set_weeks(pilot, "1")
        await pilot.press("enter")  # open the step's page, then come back
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, PathScreen)
        await pilot.press("h", "enter")  # the same (no) hops limit again
        await settle(pilot)
        assert len(calls) == 1
        await pilot.press("k")  # the plan changes: the ladder follows
        await settle(pilot)
        assert len(calls) == 2


async def test_the_footer_shows_w_and_still_fits_80_columns(app):
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_path(GOAL)
        await settle(pilot)
        footer = app.screen.query_one(Footer)
        keys = {str(child.render()) for child in footer.query("FooterKey")}
        assert "w Weeks" in keys
        assert all(child.region.right <= 80 and child.region.width > 0 for child in footer.query("FooterKey"))


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_path_page_in_weeks(snap_compare, size):
    """One hour a week from a fixed Monday (never today): the weeks line, and week 2 of 3 on the right."""

    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        pilot.app.open_path(GOAL)
        await settle(pilot)
        await set_weeks(pilot, "1")
        await pilot.press("down", "down")  # Bag of words, the first step of week 2
        await settle(pilot)

    assert snap_compare(make_app(), terminal_size=size, run_before=run_before)
