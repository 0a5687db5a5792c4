"""Snapshots of every main screen at 100x32 (pytest-textual-snapshot); update with --snapshot-update."""

from __future__ import annotations

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


def test_help(snap_compare):
    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await pilot.press("f1")
        await _wait(pilot)

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=run_before)
