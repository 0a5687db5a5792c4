"""Regenerate the README's screenshot: the path view for "use LDA for topic modelling".

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
    """Open the path view on the bundled graph at 100x32 and save it as SVG."""
    app = ConceptmapApp(Session())
    async with app.run_test(size=(100, 32)) as pilot:
        app.open_path("use LDA for topic modelling")
        await pilot.pause(0.2)
        await pilot.press("r")  # show the rabbit holes
        await pilot.pause(0.2)
        app.save_screenshot(path)


if __name__ == "__main__":
    os.environ.setdefault("CONCEPTMAP_DATA_DIR", tempfile.mkdtemp())  # nobody's real progress
    asyncio.run(shoot(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots/path.svg"))
