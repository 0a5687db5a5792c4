"""Regenerate the docs' screenshots of the path page for "use LDA for topic modelling".

    python scripts/screenshot.py      # docs/screenshots/path.svg (README); path-weeks.svg, placement.svg (docs/planning.md)
"""

from __future__ import annotations

import asyncio
import os
import tempfile
from datetime import date

from conceptmap.schedule import Pace
from conceptmap.session import Session
from conceptmap.tui.app import ConceptmapApp


async def shoot(path: str, keys: list[str], pace: Pace | None = None) -> None:
    """The path page on the bundled graph at 120x36 after ``keys``, in weeks when a pace is given."""
    session = Session()
    session.pace = pace
    app = ConceptmapApp(session)
    async with app.run_test(size=(120, 36)) as pilot:
        app.open_path("use LDA for topic modelling")
        await pilot.pause(0.3)
        for key in keys:
            await pilot.press(key)
            await pilot.pause(0.2)
        await pilot.pause(0.3)
        app.save_screenshot(path)


async def main() -> None:
    """Both pictures; the weekly one from a fixed Monday, so it does not change with the date."""
    await shoot("docs/screenshots/path.svg", ["down"] * 4)  # Topic coherence: how the result is judged
    await shoot("docs/screenshots/path-weeks.svg", ["down"] * 6, Pace(2.5, date(2026, 12, 7)))  # Bag of words, week 2
    await shoot("docs/screenshots/placement.svg", ["t", "y", "d"])  # a second question, its definition shown


if __name__ == "__main__":
    os.environ.setdefault("CONCEPTMAP_DATA_DIR", tempfile.mkdtemp())  # nobody's real progress
    asyncio.run(main())
