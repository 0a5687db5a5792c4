"""The placement dialog (t on home and on a path page) and undo (u), driven by Textual's Pilot."""

from __future__ import annotations

from conceptmap.progress import ProgressStore
from conceptmap.tui.dialogs.placement import PlacementDialog
from conceptmap.tui.screens.help import KEYS
from conceptmap.tui.screens.home import HomeScreen
from conceptmap.tui.screens.path import PathScreen

from .conftest import settle

GOAL = "use LDA for topic modelling"


async def test_placement_from_a_path_page_saves_one_batch_the_path_replans_and_u_undoes(app):
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        app.open_path(GOAL)
        await settle(pilot)
        page = app.screen
        assert isinstance(page, PathScreen) and page.report is not None
        steps = [view.concept.id for view in page.report.steps]
        await pilot.press("t")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, PlacementDialog) and dialog.placement is not None
        asked = []
        # The first question, its definition hidden until asked for.
        box = dialog.query_one("#place-definition-box")
        assert not box.display or not box.has_class("-shown")
        question = dialog.placement.next_question()
        assert question is not None and question.concept.title in str(dialog.query_one("#place-question").render())
        await pilot.click("#place-show")
        await settle(pilot)
        assert box.has_class("-shown") and box.region.height > 0
        # Answer: yes to the first, no to the rest (keys and a button).
        asked.append(question.concept.id)
        await pilot.click("#place-yes")
        await settle(pilot)
        while (question := dialog.placement.next_question()) is not None:
            assert question.concept.id in steps and question.concept.id not in asked
            asked.append(question.concept.id)
            await pilot.press("n")
            await settle(pilot)
        result = dialog.placement.result()
        assert result.new_known and asked[0] in result.new_known
        summary = str(dialog.query_one("#place-summary").render())
        assert f"You know ({len(result.new_known)})" in summary
        save = dialog.query_one("#place-save")
        assert str(save.label) == f"Save {len(result.new_known)} mark{'s' if len(result.new_known) > 1 else ''}"
        await pilot.click("#place-save")
        await settle(pilot)
        # Saved in one batch; the path page replanned without what is now known.
        assert app.screen is page
        progress = ProgressStore(app.session.store.path).load()
        assert set(progress.known) == set(result.new_known)
        assert progress.history[-1].command == "place" and set(progress.history[-1].added) == set(result.new_known)
        remaining = [view.concept.id for view in page.report.steps]
        assert len(remaining) < len(steps) and not set(remaining) & set(result.new_known)
        # u takes the placement back: the marks as before, the path as before.
        await pilot.press("u")
        await settle(pilot)
        assert ProgressStore(app.session.store.path).load().known == {}
        assert [view.concept.id for view in page.report.steps] == steps


async def test_placement_from_home_covers_the_whole_graph_and_cancel_saves_nothing(app):
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        await pilot.press("escape")  # out of the search box: letters are keys now
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, PlacementDialog) and dialog.placement is not None
        assert dialog.placement.scope_size == len(app.session.graph)
        await pilot.press("y", "u")
        await settle(pilot)
        assert len(dialog.placement.asked) == 2
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert not app.session.store.path.exists() or ProgressStore(app.session.store.path).known() == set()


async def test_u_on_home_undoes_a_tick_and_says_when_there_is_nothing(app):
    app.session.set_known(["bag-of-words"])
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("u")
        await settle(pilot)
        assert app.session.known == set()
        await pilot.press("u")
        await settle(pilot)
        assert any("Nothing to undo" in str(n.message) for n in app._notifications)
        assert isinstance(app.screen, HomeScreen)


async def test_when_everything_is_known_there_is_nothing_to_ask(app):
    app.session.set_known([c.id for c in app.session.graph])
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        app.push_screen(PlacementDialog(None, "the whole graph"))
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, PlacementDialog)
        assert "Nothing to ask" in str(dialog.query_one("#place-summary").render())
        assert dialog.query_one("#place-save").disabled
        await pilot.press("y")  # no question: nothing happens
        await pilot.click("#place-cancel")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)


def test_help_lists_the_placement_and_undo_keys():
    documented = {key for _, rows in KEYS for key, _ in rows}
    text = " ".join(documented)
    for screen in (HomeScreen, PathScreen):
        keys = {b.key for b in screen.BINDINGS if not isinstance(b, tuple) and b.action in ("place", "undo")}
        assert keys == {"t", "u"}
        assert any(k.startswith("t") for k in documented) and any(k.startswith("u") for k in documented)
    for binding in PlacementDialog.BINDINGS:
        assert not isinstance(binding, tuple)
        for key in binding.key.split(","):
            shown = {"question_mark": "?"}.get(key, key)
            assert shown in text, f"placement key {key} is not in the help"


async def test_random_keys_in_the_dialog_never_crash_it(app):
    """Keys typed fast and in any order: answers after the last, a save pressed twice, escape mid-way."""
    import random

    rng = random.Random(3)
    keys = ["y", "n", "u", "d", "question_mark", "tab", "shift+tab", "enter", "space", "escape", "t", "u", "k"]
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.open_path(GOAL)
        await settle(pilot)
        opened = 0
        for _ in range(120):
            if not isinstance(app.screen, PlacementDialog) and isinstance(app.screen, PathScreen):
                await pilot.press("t")
                opened += 1
            await pilot.press(rng.choice(keys))
        await settle(pilot)
        assert app.is_running and opened > 3
        known = app.session.known
        on_disk = ProgressStore(app.session.store.path).known() if app.session.store.path.exists() else set()
        assert known == on_disk
