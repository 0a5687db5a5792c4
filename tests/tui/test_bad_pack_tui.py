"""The TUI on the worst bad packs: the problems screen lists the error; nothing raises."""

from __future__ import annotations

from pathlib import Path

import pytest

from conceptmap.tui.screens.home import HomeScreen
from conceptmap.tui.screens.problems import ProblemsScreen

from .conftest import make_app, settle

CORPUS = Path(__file__).resolve().parent.parent / "bad_packs"


@pytest.mark.parametrize(
    ("case", "shown"),
    [
        ("python-tag-apply", "graph/concepts.yaml:4: error: YAML tag !!python/object/apply:os.system is not allowed [yaml]"),
        ("alias-bomb", "graph/concepts.yaml:7: error: YAML anchors and aliases are not allowed [yaml]"),
        ("binary-file", "graph/blob.yaml: fatal: binary file (contains NUL bytes); expected UTF-8 text [binary]"),
    ],
    ids=["python-tag", "alias-bomb", "binary"],
)
async def test_worst_packs_show_their_problem_not_a_traceback(case: str, shown: str):
    app = make_app(CORPUS / case)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ProblemsScreen)
        log = "".join(str(line.text) for line in app.screen.query_one("#problems-log").lines)  # undo wrapping
        assert log == f"{case}/{shown}"  # that one problem, nothing else
        await pilot.press("c")  # continue with what loaded: the good concept, searchable
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        await pilot.press(*"concept")
        await settle(pilot, 0.1)
    assert app.return_code in (None, 0)
    assert not (Path.cwd() / "PWNED").exists() and not (CORPUS / case / "PWNED").exists()
