"""TUI fixtures: the app on a small fixed pack, with an isolated progress file."""

from __future__ import annotations

from pathlib import Path

import pytest

from conceptmap.session import Session
from conceptmap.tui.app import ConceptmapApp

TUI_PACK = Path(__file__).resolve().parent.parent / "data" / "tui-pack"


def make_app(*packs: Path, bundled: bool = False) -> ConceptmapApp:
    """The app over the given packs (the small TUI pack by default)."""
    return ConceptmapApp(Session(packs or (TUI_PACK,), bundled=bundled))


@pytest.fixture
def app() -> ConceptmapApp:
    """A fresh app on the TUI test pack."""
    return make_app()


async def settle(pilot, seconds: float = 0.0) -> None:  # type: ignore[no-untyped-def]
    """Let the home body mount, workers (search) finish and the screen repaint."""
    await pilot.pause(max(seconds, 0.05))
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
