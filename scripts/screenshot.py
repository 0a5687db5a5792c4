"""Regenerate the README's screenshot: the path page for "use LDA for topic modelling".

    python scripts/screenshot.py docs/screenshots/path.svg
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile

from conceptmap.session import Session
from conceptmap.tui.app import ConceptmapApp


async def shoot(path: str) -> None:
    """Open the path page on the bundled graph at 120x36, on a step with a resource, and save it as SVG."""
    app = ConceptmapApp(Session())
    async with app.run_test(size=(120, 36)) as pilot:
        app.open_path("use LDA for topic modelling")
        await pilot.pause(0.3)
        await pilot.press("down", "down", "down", "down")  # Topic coherence: how the result is judged
        await pilot.pause(0.3)
        app.save_screenshot(path)


if __name__ == "__main__":
    os.environ.setdefault("CONCEPTMAP_DATA_DIR", tempfile.mkdtemp())  # nobody's real progress
    asyncio.run(shoot(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots/path.svg"))
