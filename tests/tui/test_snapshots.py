"""Snapshots of every main screen at 100x32 (pytest-textual-snapshot); update with --snapshot-update."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import make_app

SIZE = (100, 32)


async def _wait(pilot) -> None:  # type: ignore[no-untyped-def]
    await pilot.pause(0.1)
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def test_home(snap_compare):
    assert snap_compare(make_app(), terminal_size=SIZE, run_before=_wait)


def test_search_results(snap_compare):
    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await pilot.press(*"lda")
        await _wait(pilot)

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=run_before)


def test_concept_page(snap_compare):
    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        pilot.app.open_concept("latent-dirichlet-allocation")
        await _wait(pilot)

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=run_before)


def test_path_view(snap_compare):
    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        pilot.app.open_path("use LDA for topic modelling")
        await _wait(pilot)
        await pilot.press("r")  # open the rabbit holes
        await _wait(pilot)

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=run_before)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_path_page_to_learn_from(snap_compare, size):
    """The checklist beside the highlighted step's page: definition, why, unlocks, where to learn it."""

    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        pilot.app.open_path("use LDA for topic modelling")
        await _wait(pilot)
        await pilot.press("end")  # the goal itself: a step with a resource
        await _wait(pilot)

    assert snap_compare(make_app(), terminal_size=size, run_before=run_before)


def test_help(snap_compare):
    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await pilot.press("f1")
        await _wait(pilot)

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=run_before)


SIZES = pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])


@SIZES
def test_path_page_when_the_goal_is_unclear(snap_compare, size):
    """The error state: can't tell, with the nearest concepts as buttons and no plan."""

    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        pilot.app.open_path("topic words sourdough qwertyuiop zxcvbnm asdfghjkl")
        await _wait(pilot)

    assert snap_compare(make_app(), terminal_size=size, run_before=run_before)


@SIZES
def test_path_page_when_everything_is_known(snap_compare, size):
    """The empty state: the goal is known, so the page says so and offers nothing to tick."""
    app = make_app()  # progress goes to the isolated data folder every test gets
    app.session.set_known(["bag-of-words"])

    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        pilot.app.open_path("bag-of-words")
        await _wait(pilot)

    assert snap_compare(app, terminal_size=size, run_before=run_before)


@SIZES
def test_goal_dialog(snap_compare, size):
    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await _wait(pilot)
        await pilot.press("ctrl+g")
        await _wait(pilot)

    assert snap_compare(make_app(), terminal_size=size, run_before=run_before)


@SIZES
def test_export_dialog(snap_compare, size):
    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await _wait(pilot)
        await pilot.press("escape", "tab", "e")
        await _wait(pilot)

    assert snap_compare(make_app(), terminal_size=size, run_before=run_before)


@SIZES
def test_placement_dialog(snap_compare, size):
    """A placement question over the LDA path, its definition shown."""

    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        pilot.app.open_path("use LDA for topic modelling")
        await _wait(pilot)
        await pilot.press("t")
        await _wait(pilot)
        await pilot.press("d")
        await _wait(pilot)

    assert snap_compare(make_app(), terminal_size=size, run_before=run_before)


# -- the other main screens at the smallest size we promise (80x24) ----------------------
SMALL = (80, 24)
BAD_PACK = Path(__file__).resolve().parent.parent / "bad_packs" / "alias-bomb"


def test_home_at_80x24(snap_compare):
    assert snap_compare(make_app(), terminal_size=SMALL, run_before=_wait)


def test_concept_page_at_80x24(snap_compare):
    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        pilot.app.open_concept("latent-dirichlet-allocation")
        await _wait(pilot)

    assert snap_compare(make_app(), terminal_size=SMALL, run_before=run_before)


def test_help_at_80x24(snap_compare):
    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await pilot.press("f1")
        await _wait(pilot)

    assert snap_compare(make_app(), terminal_size=SMALL, run_before=run_before)


@SIZES
def test_problems_screen(snap_compare, size):
    """A pack with an error opens on the problems screen: file, line, what is wrong."""
    assert snap_compare(make_app(BAD_PACK), terminal_size=size, run_before=_wait)


@SIZES
def test_search_with_no_match(snap_compare, size):
    """The empty state of search: what to try instead."""

    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await pilot.press(*"qwxzv")
        await _wait(pilot)

    assert snap_compare(make_app(), terminal_size=size, run_before=run_before)


def test_search_results_at_80x24(snap_compare):
    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await pilot.press(*"lda")
        await _wait(pilot)

    assert snap_compare(make_app(), terminal_size=SMALL, run_before=run_before)


@SIZES
def test_week_dialog(snap_compare, size):
    """Hours a week and a start day, asked from a path page."""

    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        pilot.app.open_path("use LDA for topic modelling")
        await _wait(pilot)
        await pilot.press("w")
        await _wait(pilot)

    assert snap_compare(make_app(), terminal_size=size, run_before=run_before)
