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
from textual import events

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
#: The character a terminal sends with a named key (letters and digits send themselves).
CHARACTERS = {"space": " ", "plus": "+", "minus": "-", "slash": "/", "question_mark": "?", "tab": "\t", "enter": "\r"}
CLICK_EVERY = 8  # a click for about every eight keys
BURST = 1  # events posted at once, at most (more: a paste; races in Textual itself)
PAUSE_EVERY = 5  # let the app catch up (workers, timers, repaints) every few bursts
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


def key_events(key: str) -> list[events.Event]:
    """What a terminal's driver posts for a key."""
    return [events.Key(key, key if len(key) == 1 else CHARACTERS.get(key))]


def click_events(x: int, y: int) -> list[events.Event]:
    """What a terminal's driver posts for a left click: move, down, up (the app makes the Click)."""
    where = {"widget": None, "x": x, "y": y, "delta_x": 0, "delta_y": 0, "shift": False, "meta": False, "ctrl": False}
    return [
        events.MouseMove(**where, button=0, screen_x=x, screen_y=y),
        events.MouseDown(**where, button=1, screen_x=x, screen_y=y),
        events.MouseUp(**where, button=1, screen_x=x, screen_y=y),
    ]


async def monkey(app: MonkeyApp, actions: int, seed: int = SEED) -> dict[str, int]:
    """Run the app under random keys and clicks; how many actions each screen saw.

    Events go in as a terminal's driver posts them, a burst at a time with no idle
    wait in between (Pilot.press and Pilot.click wait ~40-100 ms each): only until
    the screen has taken them, so several are often in flight, as when someone
    types fast. The terminal is resized now and then, down to 40x12.
    """
    rng = random.Random(seed)
    keys, weights = list(KEYS), list(KEYS.values())
    seen: dict[str, int] = {}
    resizes = [(actions * (i + 1) // (len(RESIZES) + 1), size) for i, size in enumerate(RESIZES)]
    async with app.run_test(size=SIZE) as pilot:
        width, height = SIZE
        done = bursts = 0
        while done < actions:
            if resizes and done >= resizes[0][0]:
                width, height = resizes.pop(0)[1]
                await pilot.resize_terminal(width, height)
            burst = min(rng.randint(1, BURST), actions - done)
            for _ in range(burst):
                if rng.randrange(CLICK_EVERY) == 0:
                    posted = click_events(rng.randrange(width), rng.randrange(height))
                else:
                    posted = key_events(rng.choices(keys, weights)[0])
                for event in posted:
                    app.post_message(event)
            await pilot.pause(0)
            done += burst
            bursts += 1
            if bursts % PAUSE_EVERY == 0:
                await pilot.pause()
            name = type(app.screen).__name__
            seen[name] = seen.get(name, 0) + burst
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
