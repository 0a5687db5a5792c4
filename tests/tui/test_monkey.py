"""A monkey in the TUI: thousands of random keys and clicks, on every screen, and nothing breaks.

The keys are weighted towards what moves between screens (enter, escape, the
letter keys of each page); clicks land anywhere. The seed is fixed, so a crash
found here replays exactly. Ways out that are not crashes (quit from the palette,
a problems screen or the footer; screenshots; opening a browser) are counted, not
obeyed: the monkey must still be in the app at the end.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest

from conceptmap.progress import parse_progress
from conceptmap.session import Session
from conceptmap.synth import write_pack
from conceptmap.tui.app import ConceptmapApp

pytestmark = pytest.mark.slow

SEED = 8
SIZE = (100, 32)
#: key -> weight. Never ctrl+q or ctrl+c: quitting is not what the monkey is for.
KEYS: dict[str, float] = {
    **{letter: 1.0 for letter in "abcdefghijlmnoqtuvwxyz"},
    **{digit: 0.5 for digit in "0123456789"},
    **{key: 4.0 for key in ("k", "p", "g", "d", "s", "h", "r")},
    "e": 1.5,
    "space": 5.0,
    "enter": 10.0,
    "escape": 8.0,
    "tab": 5.0,
    "shift+tab": 2.0,
    "up": 4.0,
    "down": 8.0,
    "left": 2.0,
    "right": 2.0,
    "plus": 3.0,
    "minus": 3.0,
    "slash": 2.0,
    "question_mark": 1.0,
    "f1": 1.0,
    "ctrl+p": 1.5,
    "alt+left": 2.0,
    "alt+right": 2.0,
    "backspace": 2.0,
    "pagedown": 1.0,
    "home": 1.0,
    "end": 1.0,
}
CLICK_EVERY = 8  # a click for about every eight keys
PAUSE_EVERY = 5  # let the app catch up (workers, repaints) every few actions
RESIZES = [(100, 32), (60, 20), (140, 45), (40, 12), (100, 32)]


class MonkeyApp(ConceptmapApp):
    """The app with its ways out (quit, screenshot, browser) counted instead of taken."""

    def __init__(self, session: Session) -> None:
        super().__init__(session)
        self.exits = 0
        self.urls: list[str] = []

    def exit(self, *args: Any, **kwargs: Any) -> None:
        """Count a quit; a crash does not come through here, it fails run_test."""
        self.exits += 1

    def deliver_screenshot(self, *args: Any, **kwargs: Any) -> None:
        """No SVG files in the user's downloads."""

    def open_url(self, url: str, *, new_tab: bool = True) -> None:
        """No browser."""
        self.urls.append(url)


async def monkey(app: MonkeyApp, actions: int, seed: int = SEED) -> dict[str, int]:
    """Run the app under `actions` random keys and clicks; what the monkey saw, by screen."""
    rng = random.Random(seed)
    keys, weights = list(KEYS), list(KEYS.values())
    seen: dict[str, int] = {}
    resize_at = {actions * (i + 1) // (len(RESIZES) + 1): size for i, size in enumerate(RESIZES)}
    async with app.run_test(size=SIZE) as pilot:
        width, height = SIZE
        for n in range(actions):
            if n in resize_at:
                width, height = resize_at[n]
                await pilot.resize_terminal(width, height)
            if rng.randrange(CLICK_EVERY) == 0:
                await pilot.click(offset=(rng.randrange(width), rng.randrange(height)))
            else:
                await pilot.press(rng.choices(keys, weights)[0])
            if n % PAUSE_EVERY == 0:
                await pilot.pause()
            name = type(app.screen).__name__
            seen[name] = seen.get(name, 0) + 1
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.is_running
        assert app.return_code in (None, 0)
    return seen


def assert_progress_valid(folder: Path) -> None:
    """The progress file, if the monkey made one, parses; no temp file is left."""
    path = folder / "progress.yaml"
    if path.exists():
        parse_progress(path.read_text(encoding="utf-8"))
    assert not list(folder.glob(".*.tmp"))


async def test_monkey_on_the_bundled_graph(isolated_data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)  # exports land here
    seen = await monkey(MonkeyApp(Session()), 3000)
    assert {"HomeScreen", "ConceptScreen", "PathScreen"} <= set(seen), seen
    assert_progress_valid(isolated_data)


async def test_monkey_on_a_10k_concept_pack(isolated_data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    pack = write_pack(tmp_path / "synth", 10_000)
    monkeypatch.chdir(tmp_path)
    seen = await monkey(MonkeyApp(Session([pack], bundled=False)), 1500, seed=SEED + 1)
    assert {"HomeScreen", "ConceptScreen", "PathScreen"} <= set(seen), seen
    assert_progress_valid(isolated_data)
