"""The export dialog offers every registered format, and from a path page exports that page's path."""

from __future__ import annotations

import sqlite3
import zipfile
from html import unescape
from pathlib import Path

import pytest
from textual.widgets import Input, OptionList, Select

from conceptmap.export import Subject, formats_for
from conceptmap.export.anki import PATH_FIELDS
from conceptmap.tui.dialogs.export import ExportDialog
from conceptmap.tui.screens.path import PathScreen

from .conftest import make_app, settle

GOAL = "use LDA for topic modelling"


def offered(picker: Select) -> list[str]:
    """The labels a format menu shows when opened."""
    menu = picker.query_one("SelectOverlay", OptionList)
    return [str(menu.get_option_at_index(i).prompt) for i in range(menu.option_count)]


def assert_offers_every_format(picker: Select, subject: Subject) -> None:
    formats = formats_for(subject)
    assert offered(picker) == [fmt.label(subject) for fmt in formats]
    for fmt in formats:  # each value is one the menu takes (an unknown one raises)
        picker.value = fmt.name
        assert picker.value == fmt.name
    picker.value = formats[0].name


def deck_order(path: Path, tmp_path: Path) -> list[str]:
    """Concept ids of the deck's notes, in the order Anki shows their new cards (read with sqlite3)."""
    with zipfile.ZipFile(path) as archive:
        db = tmp_path / "read.anki2"
        db.write_bytes(archive.read("collection.anki2"))
    with sqlite3.connect(db) as conn:
        rows = conn.execute("select n.flds from cards c join notes n on c.nid = n.id order by c.due, c.ord").fetchall()
    return list(dict.fromkeys(unescape(flds.split("\x1f")[PATH_FIELDS.index("Id")]) for (flds,) in rows))


async def export_dialog_on_path_page(pilot, *keys: str) -> ExportDialog:  # type: ignore[no-untyped-def]
    """Open the path page for GOAL, press ``keys`` there, then `e`: the export dialog."""
    pilot.app.open_path(GOAL)
    await settle(pilot)
    await pilot.press(*keys, "e")
    await settle(pilot)
    dialog = pilot.app.screen
    assert isinstance(dialog, ExportDialog)
    return dialog


async def test_dialog_from_home_offers_every_glossary_format(app):
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("escape", "tab", "e")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)
        assert not dialog.query("#subject") and not dialog.query("#path-format")  # no path to export from home
        assert_offers_every_format(dialog.query_one("#format", Select), Subject.GLOSSARY)


async def test_path_page_offers_its_path_in_every_path_format(app):
    async with app.run_test(size=(100, 32)) as pilot:
        dialog = await export_dialog_on_path_page(pilot)
        assert dialog.query_one("#subject", Select).value == "path"
        assert dialog.query_one("#path-format").display and not dialog.query_one("#format").display
        assert not dialog.query_one("#scope").display  # a path is exported whole
        assert_offers_every_format(dialog.query_one("#path-format", Select), Subject.PATH)
        assert "Export the path to Latent Dirichlet Allocation" in str(dialog.query_one("#export-title").render())

        # The glossary is still there, with its own formats and scopes; the default name follows.
        dialog.query_one("#subject", Select).value = "glossary"
        await settle(pilot)
        assert dialog.query_one("#format").display and not dialog.query_one("#path-format").display
        assert dialog.query_one("#scope", Select).value == "path" and dialog.query_one("#scope").display
        assert dialog.query_one("#filename", Input).value == "conceptmap-glossary.md"
        assert_offers_every_format(dialog.query_one("#format", Select), Subject.GLOSSARY)
        dialog.query_one("#subject", Select).value = "path"
        await settle(pilot)
        assert dialog.query_one("#filename", Input).value == "conceptmap-path.md"


async def test_path_page_exports_the_path_it_shows_as_an_anki_deck(app, tmp_path: Path):
    async with app.run_test(size=(100, 32)) as pilot:
        # The first step marked known (the path shrinks), one level deeper than the goal asked for.
        dialog = await export_dialog_on_path_page(pilot, "k", "plus")
        page = app.screen_stack[-2]
        assert isinstance(page, PathScreen) and page.report is not None
        shown = [view.concept.id for view in page.report.steps]
        assert "machine-learning" not in shown and page.report.depth_limit.label == "how"
        assert dialog.report is page.report
        dialog.query_one("#path-format", Select).value = "anki"
        await settle(pilot)
        box = dialog.query_one("#filename", Input)
        assert box.value == "conceptmap-path.apkg"
        box.value = str(tmp_path / "lda.apkg")
        await pilot.click("#export")
        await settle(pilot)
        result = str(dialog.query_one("#export-result").render())
        assert f"Wrote a path of {len(shown)} steps" in result, result
    assert deck_order(tmp_path / "lda.apkg", tmp_path) == shown


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_snapshot_export_dialog_on_a_path_page(snap_compare, size):
    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        pilot.app.open_path(GOAL)
        await settle(pilot, 0.1)
        await pilot.press("e")
        await settle(pilot, 0.1)

    assert snap_compare(make_app(), terminal_size=size, run_before=run_before)
