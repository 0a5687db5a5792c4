"""The core never imports Textual; the CLI's quick commands start without heavy imports."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src" / "conceptmap"


def test_no_core_module_imports_textual():
    """Only src/conceptmap/tui/ may import textual (the CLI starts the TUI through a lazy import)."""
    offenders = []
    for path in SRC.rglob("*.py"):
        if "tui" in path.relative_to(SRC).parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module] if node.level == 0 else []
            if any(n.split(".")[0] == "textual" for n in names):
                offenders.append(f"{path.relative_to(SRC)}:{node.lineno}")
    assert offenders == []


PROBE = """
import sys, runpy
sys.argv = ["conceptmap", *{args!r}]
try:
    runpy.run_module("conceptmap", run_name="__main__")
except SystemExit:
    pass
heavy = sorted(m for m in ("textual", "networkx", "markdown_it") if m in sys.modules)
print("HEAVY:" + ",".join(heavy), file=sys.stderr)
"""


@pytest.mark.parametrize(
    "args",
    [["--help"], ["search", "lda"], ["path", "use LDA for topic modelling"], ["check", "-q"], ["show", "lda"]],
)
def test_quick_commands_do_not_import_heavy_modules(args):
    proc = subprocess.run([sys.executable, "-c", PROBE.format(args=args)], capture_output=True, text=True, timeout=120)
    heavy = [line for line in proc.stderr.splitlines() if line.startswith("HEAVY:")][-1]
    assert heavy == "HEAVY:", (args, proc.stderr[-500:])


@pytest.mark.parametrize("args", [["path", "use LDA for topic modelling"], ["search", "lda"], ["stats"]])
def test_everyday_commands_do_not_load_the_export_formats(args):
    # Command modules named in LAZY_COMMANDS load only when their command is used.
    probe = PROBE.format(args=args) + 'print("EXPORT:" + str("conceptmap.export" in sys.modules), file=sys.stderr)\n'
    proc = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120)
    assert "EXPORT:False" in proc.stderr, proc.stderr[-500:]


def test_every_command_module_is_loaded_eagerly_or_named_lazy():
    # A command module left out of both would silently drop its commands from the CLI.
    import importlib

    from conceptmap.cli import LAZY_COMMANDS, cli

    for module in set(LAZY_COMMANDS.values()):
        importlib.import_module(f"conceptmap.cli.{module}")
    modules = {path.stem for path in (SRC / "cli").glob("*.py")} - {"__init__", "common", "launch"}
    eager = {"core"}
    assert modules == eager | set(LAZY_COMMANDS.values())
    for name, command in cli.commands.items():
        owner = command.callback.__module__.rsplit(".", 1)[-1] if command.callback else ""
        assert owner in eager or LAZY_COMMANDS.get(name) == owner, name
