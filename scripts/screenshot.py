"""Regenerate the docs' screenshots of the path page for "use LDA for topic modelling".

    python scripts/screenshot.py      # docs/screenshots/path.svg (README) and path-weeks.svg (docs/planning.md)
"""

from __future__ import annotations

import asyncio
import os
import tempfile
from datetime import date

from conceptmap.schedule import Pace
from conceptmap.session import Session
from conceptmap.tui.app import ConceptmapApp


async def shoot(path: str, downs: int, pace: Pace | None = None) -> None:
    """The path page on the bundled graph at 120x36, ``downs`` steps down, in weeks when a pace is given."""
    session = Session()
    session.pace = pace
    app = ConceptmapApp(session)
    async with app.run_test(size=(120, 36)) as pilot:
        app.open_path("use LDA for topic modelling")
        await pilot.pause(0.3)
        await pilot.press(*["down"] * downs)
        await pilot.pause(0.3)
        app.save_screenshot(path)


async def main() -> None:
    """Both pictures; the weekly one from a fixed Monday, so it does not change with the date."""
    await shoot("docs/screenshots/path.svg", 4)  # Topic coherence: how the result is judged
    await shoot("docs/screenshots/path-weeks.svg", 6, Pace(2.5, date(2026, 12, 7)))  # Bag of words, the first step of week 2


if __name__ == "__main__":
    os.environ.setdefault("CONCEPTMAP_DATA_DIR", tempfile.mkdtemp())  # nobody's real progress
    asyncio.run(main())
