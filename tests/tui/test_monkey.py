"""A monkey in the TUI: thousands of random keys and clicks, on every screen, and nothing breaks.

The keys are weighted towards what moves between screens (enter, escape, the
letter keys of each page); clicks land anywhere. The seed is fixed, so the input
is the same every run (how it interleaves with worker threads is not). Ways out
that are not crashes (quit from the palette, a problems screen or the footer;
screenshots; opening a browser) are counted, not obeyed: the monkey must still be
in the app at the end. Each crash it found is replayed exactly at the bottom.
"""

from __future__ import annotations

import random
import string
from pathlib import Path
from typing import Any

import pytest
from textual import events
from textual.pilot import Pilot

from conceptmap.progress import parse_progress
from conceptmap.session import Session
from conceptmap.synth import write_pack
from conceptmap.tui.app import ConceptmapApp
from conceptmap.tui.screens.concept import ConceptScreen
from conceptmap.tui.screens.help import HelpScreen
from conceptmap.tui.screens.home import HomeScreen
from conceptmap.tui.screens.path import PathScreen

from .conftest import make_app, settle

SEED = 8
SIZE = (100, 32)
#: key -> weight. Never ctrl+q or ctrl+c: quitting is not what the monkey is for.
KEYS: dict[str, float] = {
    **{letter: 1.0 for letter in string.ascii_lowercase},
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
PAUSE_EVERY = 10  # let the app catch up (workers, timers, repaints) every few actions
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

    Events go in as a terminal's driver posts them, waiting after each only until
    the screen has taken it (Pilot.press and Pilot.click also wait for the app to
    go idle, 40-100 ms), so keys are often in flight, as when someone types fast
    into a busy app. The terminal is resized now and then, down to 40x12.
    """
    rng = random.Random(seed)
    keys, weights = list(KEYS), list(KEYS.values())
    seen: dict[str, int] = {}
    resizes = {actions * (i + 1) // (len(RESIZES) + 1): size for i, size in enumerate(RESIZES)}
    async with app.run_test(size=SIZE) as pilot:
        width, height = SIZE
        for n in range(actions):
            if n in resizes:
                width, height = resizes[n]
                await pilot.resize_terminal(width, height)
            if rng.randrange(CLICK_EVERY) == 0:
                posted = click_events(rng.randrange(width), rng.randrange(height))
            else:
                posted = key_events(rng.choices(keys, weights)[0])
            for event in posted:
                app.post_message(event)
            await pilot.pause(0)
            if n % PAUSE_EVERY == PAUSE_EVERY - 1:
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


@pytest.mark.slow
async def test_monkey_on_the_bundled_graph(isolated_data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)  # exports land here
    seen = await monkey(MonkeyApp(Session()), 3000)
    assert {"HomeScreen", "ConceptScreen", "PathScreen"} <= set(seen), seen
    assert_progress_valid(isolated_data)


@pytest.mark.slow
async def test_monkey_on_a_10k_concept_pack(isolated_data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    pack = write_pack(tmp_path / "synth", 10_000)
    monkeypatch.chdir(tmp_path)
    seen = await monkey(MonkeyApp(Session([pack], bundled=False)), 1500, seed=SEED + 1)
    assert {"HomeScreen", "ConceptScreen", "PathScreen"} <= set(seen), seen
    assert_progress_valid(isolated_data)


# -- what the monkey found, replayed exactly ----------------------------------------------
async def post(pilot: Pilot[None], *keys: str) -> None:
    """Post keys as one burst, the way a busy app receives what was typed meanwhile."""
    for key in keys:
        for event in key_events(key):
            pilot.app.post_message(event)
    await pilot.pause(0)


async def test_keys_typed_before_home_is_built():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        for key in "phdxtd":  # typed ahead while conceptmap starts
            await post(pilot, key)
        await post(pilot, "space", "escape")
        await settle(pilot, 0.2)
        assert app.is_running and isinstance(app.screen, HomeScreen)
        assert app.screen.query_one("#next").option_count > 0


async def test_two_enters_in_the_command_palette_close_it_once():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        app.open_concept("bag-of-words")
        await settle(pilot)
        await pilot.press("ctrl+p", *"keys")
        await settle(pilot, 0.3)
        await post(pilot, "enter", "enter")
        await settle(pilot)
        assert app.is_running and isinstance(app.screen, ConceptScreen)


async def test_ctrl_p_while_the_last_palette_is_still_there():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        await settle(pilot)
        app.push_screen(HelpScreen())  # the old palette stays registered, as while it closes
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        assert app.is_running and isinstance(app.screen, HelpScreen)


async def test_a_page_closed_while_it_opens():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for _ in range(20):  # enter then escape, handled before the page has mounted
            app.open_concept("latent-dirichlet-allocation")
            app.action_back()
            app.open_path("latent-dirichlet-allocation")
            await app.run_action("search")
        await settle(pilot, 0.2)
        assert app.is_running and app.screen_stack == [app.screen] and isinstance(app.screen, HomeScreen)


async def test_a_goal_entered_twice_opens_one_path():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("escape", "tab", "g", *"lda")
        await post(pilot, "enter", "enter")
        await settle(pilot)
        assert app.is_running and isinstance(app.screen, PathScreen)
        assert [type(s).__name__ for s in app.screen_stack] == ["HomeScreen", "PathScreen"]


async def test_a_press_on_a_widget_removed_since_the_last_frame():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, 0.3)  # home fully built: nothing else will redraw the screen
        title = app.screen.query_one("#home-title")
        x, y = title.region.offset
        await title.remove()  # as the footer or key panel rebuild: no frame drawn since
        for event in click_events(x + 3, y):
            app.post_message(event)
        await settle(pilot)
        assert app.is_running


@pytest.mark.parametrize("size, keys_panel", [((40, 12), True), ((10, 5), False)])
async def test_saved_goals_in_a_narrow_terminal(size: tuple[int, int], keys_panel: bool):
    app = make_app()
    for goal in ("use lda", "?"):
        app.session.store.save_goal(goal)
    async with app.run_test(size=size) as pilot:
        await settle(pilot, 0.2)
        if keys_panel:
            app.action_show_help_panel()  # docks on the right: 8 columns left for home
        await settle(pilot, 0.2)
        assert app.is_running


@pytest.mark.parametrize("opens", ["open_path", "open_concept"])
async def test_page_keys_before_the_page_is_built(opens: str):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        page = None
        for binding in [b for screen in (PathScreen, ConceptScreen) for b in screen.BINDINGS]:
            # The app takes a key typed ahead before the page it just pushed has composed
            # (the page's task has not run yet): its binding finds no widgets.
            getattr(app, opens)("latent-dirichlet-allocation")
            page = app.screen
            assert not page.is_mounted
            await app.run_action(binding.action, page)
            await settle(pilot, 0.05)
        await settle(pilot, 0.2)
        assert app.is_running and page is not None


async def test_a_palette_search_that_ends_after_the_palette_closed():
    from textual.command import CommandList, CommandPalette

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p", "r")
        await settle(pilot, 0.2)
        palette = app.screen
        assert isinstance(palette, CommandPalette)
        await palette.query_one(CommandList).remove()  # as escape does while the search runs
        palette._list_visible = not palette._list_visible  # what the late search result sets
        await settle(pilot)
        assert app.is_running


async def test_a_click_on_an_option_gone_before_the_list_takes_it():
    from rich.style import Style

    app = ConceptmapApp(Session())  # the bundled graph: many results
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, 0.2)
        await pilot.press(*"model")
        await settle(pilot, 0.3)
        results = app.screen.query_one("#results")
        assert results.option_count > 4
        # The app made this click over the fourth option; the list was refilled with
        # fewer before it handled the click (as a search narrows while the mouse clicks).
        click = events.Click(
            results, 4, 3, 0, 0, 1, False, False, False, screen_x=5, screen_y=7, style=Style.from_meta({"option": 3})
        )
        results.clear_options()
        results.post_message(click)
        await settle(pilot)
        assert app.is_running and isinstance(app.screen, HomeScreen)
        await pilot.press("s")  # "models": the list fills again, and a click still chooses
        await settle(pilot, 0.3)
        await pilot.click("#results", offset=(6, 0))
        await settle(pilot)
        assert isinstance(app.screen, ConceptScreen)
