"""Each TUI flow driven through Textual's Pilot, as a person would with keys and clicks."""

from __future__ import annotations

import pytest

from pathlib import Path

import yaml
from textual.widgets import Button, Input, Markdown

from conceptmap.tui.app import ConceptmapApp
from conceptmap.tui.dialogs.export import ExportDialog
from conceptmap.tui.screens.concept import ConceptScreen
from conceptmap.tui.screens.help import HelpScreen, KEYS
from conceptmap.tui.screens.home import HomeScreen
from conceptmap.tui.screens.path import PathScreen
from conceptmap.tui.screens.problems import ProblemsScreen
from conceptmap.tui.widgets.concept_list import ConceptList

from .conftest import make_app, settle


def result_ids(app: ConceptmapApp) -> list[str]:
    results = app.screen.query_one("#results", ConceptList)
    return [results.get_option_at_index(i).id for i in range(results.option_count)]


def step_ids(app: ConceptmapApp) -> list[str]:
    steps = app.screen.query_one("#steps", ConceptList)
    return [steps.get_option_at_index(i).id for i in range(steps.option_count)]


def hole_ids(app: ConceptmapApp) -> list[str]:
    holes = app.screen.query_one("#hole-list", ConceptList)
    return [holes.get_option_at_index(i).id for i in range(holes.option_count)]


async def test_home_opens_with_search_focused(app):
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert isinstance(app.focused, Input) and app.focused.id == "search"
        progress = str(app.screen.query_one("#progress").render())
        assert "Known 0 of 12" in progress


@pytest.mark.parametrize("width, columns", [(140, 2), (50, 1)])
async def test_area_progress_by_title_in_columns_that_fit(app, width: int, columns: int):
    app.session.set_known(["bag-of-words"])
    async with app.run_test(size=(width, 32)) as pilot:
        await settle(pilot, 0.2)
        lines = str(app.screen.query_one("#progress").render()).splitlines()[1:]
        titles = sorted(a.title for a in app.session.graph.areas.values())
        assert len([line for line in lines if line.strip()]) == -(-len(titles) // columns)
        assert lines[0].startswith(titles[0]) and max(len(line) for line in lines) <= width
        assert any("1/" in line for line in lines)  # the known concept counts in its area


async def test_goal_key_from_the_search_box_and_escape_to_leave_it(app):
    from conceptmap.tui.dialogs.goal import GoalDialog

    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot, 0.2)
        await pilot.press(*"lda", "escape")
        await settle(pilot)
        search = app.screen.query_one("#search", Input)
        assert search.value == "" and search.has_focus  # first escape clears the box
        await pilot.press("escape")
        await settle(pilot)
        assert not search.has_focus and app.focused is not None and app.focused.id == "next"
        await pilot.press("g")  # a key now, not text
        await settle(pilot)
        assert isinstance(app.screen, GoalDialog)
        await pilot.press("escape")
        await settle(pilot)
        app.screen.query_one("#search", Input).focus()
        await pilot.press("ctrl+g")  # works from inside the box
        await settle(pilot)
        assert isinstance(app.screen, GoalDialog) and search.value == ""


async def test_search_as_you_type_and_open(app):
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press(*"lda")
        await settle(pilot, 0.1)
        ids = result_ids(app)
        assert ids[:2] == ["latent-dirichlet-allocation", "linear-discriminant-analysis"]
        await pilot.press("down", "down", "enter")  # into the results, second hit, open
        await settle(pilot)
        assert isinstance(app.screen, ConceptScreen)
        assert app.screen.concept_id == "linear-discriminant-analysis"


async def test_typo_still_finds(app):
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press(*"dirichlet alocation")
        await settle(pilot, 0.1)
        assert result_ids(app)[0] == "latent-dirichlet-allocation"
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.concept_id == "latent-dirichlet-allocation"


async def test_follow_a_definition_link_and_a_prerequisite(app):
    async with app.run_test(size=(100, 32)) as pilot:
        app.open_concept("latent-dirichlet-allocation")
        await settle(pilot)
        markdown = app.screen.query_one("#definition", Markdown)
        markdown.post_message(Markdown.LinkClicked(markdown, "document-term-matrix.md"))
        await settle(pilot)
        assert app.screen.concept_id == "document-term-matrix"
        # the prerequisite list is clickable: open bag of words from it
        requires = app.screen.query_one("#requires", ConceptList)
        await pilot.click(requires, offset=(4, 0))
        await settle(pilot)
        assert app.screen.concept_id == "bag-of-words"


async def test_mark_known_shrinks_the_path_and_writes_the_file(app, isolated_data: Path):
    async with app.run_test(size=(100, 32)) as pilot:
        app.open_concept("latent-dirichlet-allocation")
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        assert isinstance(app.screen, PathScreen)
        before = step_ids(app)
        assert before[0] == "machine-learning" and before[-1] == "latent-dirichlet-allocation"
        await pilot.press("space")  # tick the first step
        await settle(pilot)
        after = step_ids(app)
        assert "machine-learning" not in after and len(after) == len(before) - 1
        saved = yaml.safe_load((isolated_data / "progress.yaml").read_text())
        assert "machine-learning" in saved["known"]
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("k")  # toggle known on the concept page itself
        await settle(pilot)
        saved = yaml.safe_load((isolated_data / "progress.yaml").read_text())
        assert "latent-dirichlet-allocation" in saved["known"]


async def test_a_path_to_something_known_says_why_it_is_empty(app):
    app.session.set_known(["document-term-matrix"])
    async with app.run_test(size=(100, 32)) as pilot:
        app.open_path("bag-of-words")
        await settle(pilot)
        totals = str(app.screen.query_one("#totals").render())
        assert "Nothing to learn: you know Document-term matrix, which builds on Bag of words." in totals
        assert step_ids(app) == []


async def test_goal_in_words_with_an_ambiguous_acronym(app):
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("escape")  # leave the search box so g is a key, not a letter
        await pilot.press("tab")
        await pilot.press("g")
        await settle(pilot)
        await pilot.press(*"use LDA")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, PathScreen)
        assert app.screen.understood.ambiguous
        # Both LDAs are exactly named; whichever is planned, the other is offered.
        lda = {"linear-discriminant-analysis", "latent-dirichlet-allocation"}
        assert app.screen.plan.target.id in lda
        (other_id,) = lda - {app.screen.plan.target.id}
        title = app.session.graph.concepts[other_id].title
        other = next(b for b in app.screen.query(".candidate").results(Button) if str(b.label) == title)
        await pilot.click(other)
        await settle(pilot)
        assert app.screen.plan.target.id == other_id


async def test_a_goal_it_cannot_tell_offers_candidates_and_is_not_saved(app, isolated_data: Path):
    async with app.run_test(size=(100, 32)) as pilot:
        app.open_path("topic words sourdough qwertyuiop zxcvbnm asdfghjkl")
        await settle(pilot)
        assert isinstance(app.screen, PathScreen) and app.screen.plan is None
        assert "Can't tell" in str(app.screen.query_one("#understood").render())
        buttons = list(app.screen.query(".candidate"))
        assert buttons and step_ids(app) == []
        await pilot.press("s")
        await settle(pilot)
        assert not (isolated_data / "progress.yaml").exists() or "goals" not in (isolated_data / "progress.yaml").read_text()
        await pilot.click(buttons[0])
        await settle(pilot)
        assert app.screen.plan is not None


async def test_a_track_among_the_nearest_candidates_can_be_picked(app):
    # Exam tracks are goals too: when a goal is unclear and tracks are among the nearest,
    # the learner can plan a whole track from the buttons, as `path track:ID` does.
    async with app.run_test(size=(120, 32)) as pilot:
        app.open_path("topics sourdough qwertyuiop zxcvbnm")
        await settle(pilot)
        assert app.screen.plan is None
        tracks = [b for b in app.screen.query(".candidate").results(Button) if str(b.label).startswith("Track: ")]
        assert tracks
        await pilot.click(tracks[0])
        await settle(pilot)
        assert app.screen.plan is not None and app.screen.understood.track is not None
        assert str(tracks[0].label) == f"Track: {app.screen.understood.track.title}"


async def test_context_resolves_the_acronym(app):
    async with app.run_test(size=(100, 32)) as pilot:
        app.open_path("use LDA for topic modelling")
        await settle(pilot)
        assert app.screen.plan.target.id == "latent-dirichlet-allocation"
        assert not app.screen.understood.ambiguous
        assert not app.screen.query_one("#candidates").display


async def test_level_change_moves_steps_into_rabbit_holes(app):
    async with app.run_test(size=(100, 32)) as pilot:
        app.open_path("latent-dirichlet-allocation")
        await settle(pilot)
        assert "dirichlet-distribution" in hole_ids(app)
        assert "dirichlet-distribution" not in step_ids(app)
        await pilot.press("plus")
        await settle(pilot)
        assert app.screen.plan.depth_limit.label == "how"
        assert "dirichlet-distribution" in step_ids(app) and hole_ids(app) == []
        await pilot.press("minus")
        await settle(pilot)
        assert "dirichlet-distribution" in hole_ids(app)
        # clicking the theory tab works too
        await pilot.click("#level-3")
        await settle(pilot)
        assert app.screen.plan.depth_limit.label == "theory"


async def test_max_hops_and_save_goal(app, isolated_data: Path):
    async with app.run_test(size=(100, 32)) as pilot:
        app.open_path("latent-dirichlet-allocation")
        await settle(pilot)
        await pilot.press("h", "1", "enter")
        await settle(pilot)
        assert "machine-learning" not in step_ids(app)
        assert app.screen.plan.max_hops == 1
        await pilot.press("s")
        await settle(pilot)
        saved = yaml.safe_load((isolated_data / "progress.yaml").read_text())
        assert saved["goals"][0]["text"] == "latent-dirichlet-allocation"
        await pilot.press("slash")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        goals = app.screen.query_one("#goals")
        assert goals.option_count == 1


async def test_export_from_the_dialog(app, tmp_path: Path):
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("escape", "tab", "e")
        await settle(pilot)
        assert isinstance(app.screen, ExportDialog)
        box = app.screen.query_one("#filename", Input)
        box.value = str(tmp_path / "words.md")
        await pilot.click("#export")
        await settle(pilot)
        written = (tmp_path / "words.md").read_text(encoding="utf-8")
        assert "Latent Dirichlet Allocation" in written and "Bag of words" in written
        assert "Wrote 12 concepts" in str(app.screen.query_one("#export-result").render())


async def test_export_relative_name_lands_in_the_starting_folder(app, tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("escape", "tab", "e")
        await settle(pilot)
        box = app.screen.query_one("#filename", Input)
        assert box.value == "conceptmap-glossary.md"
        await pilot.click("#export")
        await settle(pilot)
        assert (tmp_path / "conceptmap-glossary.md").is_file()
        assert str(tmp_path / "conceptmap-glossary.md") in str(app.screen.query_one("#export-result").render())


async def test_help_lists_every_key(app):
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("f1")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        documented = " ".join(key for _, rows in KEYS for key, _ in rows)
        for key in ("/", "g", "e", "escape", "f1", "?", "ctrl+q", "k", "space", "p", "enter", "s", "h", "r", "+", "-"):
            assert key in documented
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)


async def test_back_and_forward(app):
    async with app.run_test(size=(100, 32)) as pilot:
        app.open_concept("latent-dirichlet-allocation")
        await settle(pilot)
        app.open_concept("topic-modeling")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen.concept_id == "latent-dirichlet-allocation"
        await pilot.press("alt+right")
        await settle(pilot)
        assert app.screen.concept_id == "topic-modeling"
        await pilot.press("alt+left", "alt+left")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)


async def test_command_palette_opens_a_concept(app):
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"bag of words")
        await settle(pilot, 0.5)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ConceptScreen) and app.screen.concept_id == "bag-of-words"


async def test_broken_pack_shows_problems_not_a_traceback(make_pack):
    from conftest import concept

    pack = make_pack([concept("a", 1, ["missing"])])
    (pack / "graph" / "broken.yaml").write_text("- id: [oops\n", encoding="utf-8")
    app = make_app(pack)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ProblemsScreen)
        lines = [str(line.text) for line in app.screen.query_one("#problems-log").lines]
        assert any("broken.yaml" in line and "yaml" in line for line in lines)
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)


async def test_small_terminal_still_usable(app):
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.press(*"lda")
        await settle(pilot, 0.1)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        assert isinstance(app.screen, PathScreen)
        steps = app.screen.query_one("#steps")
        assert steps.region.height >= 3 and steps.region.width >= 50


async def test_export_anki_from_the_dialog(app, tmp_path: Path):
    from textual.widgets import Select
    import sqlite3
    import zipfile

    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("escape", "tab", "e")
        await settle(pilot)
        app.screen.query_one("#filename", Input).value = str(tmp_path / "deck.md")
        app.screen.query_one("#format", Select).value = "anki"
        await settle(pilot)
        assert app.screen.query_one("#filename", Input).value.endswith("deck.apkg")
        await pilot.click("#export")
        await settle(pilot)
    deck = tmp_path / "deck.apkg"
    with zipfile.ZipFile(deck) as archive:
        archive.extract("collection.anki2", tmp_path)
    with sqlite3.connect(tmp_path / "collection.anki2") as db:
        assert db.execute("select count(*) from notes").fetchone()[0] == 12


async def test_tracks_show_progress_and_open_the_next_goal(app):
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot, 0.2)
        tracks = app.screen.query_one("#tracks")
        for _ in range(100):  # the dashboard is filled by a worker started after the first paint
            if tracks.option_count:
                break
            await settle(pilot, 0.05)
        label = str(tracks.get_option_at_index(0).prompt)
        assert "Topics, quickly" in label and "0/2 goals" in label
        tracks.focus()
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, PathScreen) and app.screen.plan.target.id == "bag-of-words"


async def test_corrupt_progress_file_is_reported_in_the_app(app, isolated_data: Path):
    (isolated_data / "progress.yaml").write_text("known: [broken\n", encoding="utf-8")
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        messages = [n.message for n in app._notifications]
        assert any("moved it to" in m for m in messages)
        assert list(isolated_data.glob("progress.yaml.corrupt-*"))


async def test_page_keys_right_after_a_list_is_refilled(app):
    """Textual's OptionList raised KeyError on pagedown before its line map existed (found by the monkey)."""
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        tracks = app.screen.query_one("#tracks")
        tracks._index_to_line.clear()  # the state right after options change, before layout
        tracks.action_page_down()
        assert tracks.highlighted == tracks.option_count - 1
        tracks._index_to_line.clear()
        tracks.action_page_up()
        assert tracks.highlighted == 0


async def test_k_on_a_known_goal_unmarks_it_and_the_path_returns(app):
    """Bug 6: on "You already know this one", k takes the mark back and the path reappears."""
    app.session.set_known(["bag-of-words"])
    async with app.run_test(size=(100, 32)) as pilot:
        app.open_path("bag-of-words")
        await settle(pilot)
        assert step_ids(app) == [] and "You already know this one" in str(app.screen.query_one("#totals").render())
        await pilot.press("k")
        await settle(pilot)
        assert "bag-of-words" not in app.session.known
        assert step_ids(app)[-1] == "bag-of-words"


async def test_the_path_footer_names_every_key_of_the_page_at_80_columns(app):
    """Bug 8 and 7: k, +, -, s, h and r are all in the footer, and it fits 80 columns."""
    from textual.widgets import Footer

    async with app.run_test(size=(80, 24)) as pilot:
        app.open_path("latent-dirichlet-allocation")
        await settle(pilot)
        footer = app.screen.query_one(Footer)
        shown = {b.key_display or b.key for b in app.screen.BINDINGS if b.show}
        assert {"k", "+", "-", "s", "h", "r"} <= shown
        keys = [str(child.render()) for child in footer.query("FooterKey")]
        assert len(keys) >= 8
        assert sum(child.region.width for child in footer.query("FooterKey")) <= 80
        assert all(child.region.right <= 80 and child.region.width > 0 for child in footer.query("FooterKey"))


async def test_typing_away_from_the_search_box_searches(app):
    """Bug 5: escape twice, type knn, enter: the letters land in the search box and enter opens a hit for them."""
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        await pilot.press("escape", "escape")
        await settle(pilot)
        search = app.screen.query_one("#search")
        assert not search.has_focus
        await pilot.press(*"bag")
        await settle(pilot, 0.1)
        assert search.value == "bag" and search.has_focus
        await pilot.press("enter")
        await settle(pilot)
        assert getattr(app.screen, "concept_id", None) == "bag-of-words"


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_export_dialog_buttons_are_on_screen(app, size):
    async with app.run_test(size=size) as pilot:
        await pilot.press("escape", "tab", "e")
        await settle(pilot)
        screen = app.screen.region
        for button in ("#export", "#cancel"):
            region = app.screen.query_one(button, Button).region
            assert region.height and screen.contains_region(region), (button, region, screen)
