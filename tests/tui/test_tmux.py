"""The real thing: `conceptmap` in a tmux terminal, driven with send-keys, read with capture-pane."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import yaml

pytestmark = [
    pytest.mark.tmux,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed (.ci/run installs it)"),
]


class Terminal:
    """One detached tmux session running a command at a fixed size."""

    def __init__(self, command: list[str], env: dict[str, str], width: int = 100, height: int = 32) -> None:
        self.name = f"cm-{uuid.uuid4().hex[:8]}"
        exports = " ".join(f"{k}={v}" for k, v in env.items())
        shell = f"env {exports} TERM=xterm-256color {' '.join(command)}"
        subprocess.run(
            ["tmux", "new-session", "-d", "-s", self.name, "-x", str(width), "-y", str(height), shell],
            check=True,
        )

    def keys(self, *keys: str) -> None:
        """Send keys as a person types them (tmux key names, e.g. Enter, C-q)."""
        for key in keys:
            subprocess.run(["tmux", "send-keys", "-t", self.name, key], check=True)
            time.sleep(0.15)

    def text(self, literal: str) -> None:
        """Type literal text."""
        subprocess.run(["tmux", "send-keys", "-t", self.name, "-l", literal], check=True)
        time.sleep(0.3)

    def screen(self) -> str:
        """What the terminal shows now."""
        out = subprocess.run(["tmux", "capture-pane", "-p", "-t", self.name], capture_output=True, text=True)
        return out.stdout

    def wait_for(self, needle: str, timeout: float = 30) -> str:
        """Wait until the screen shows a text."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            shown = self.screen()
            if needle in shown:
                return shown
            time.sleep(0.2)
        raise AssertionError(f"{needle!r} never appeared; screen was:\n{self.screen()}")

    def alive(self) -> bool:
        """Whether the session (and so the app) is still running."""
        return subprocess.run(["tmux", "has-session", "-t", self.name], capture_output=True).returncode == 0

    def close(self) -> None:
        """Kill the session if it is still there."""
        subprocess.run(["tmux", "kill-session", "-t", self.name], capture_output=True)


def test_search_open_mark_known_path_quit(isolated_data: Path):
    env = {"CONCEPTMAP_DATA_DIR": str(isolated_data), "PYTHONPATH": os.environ.get("PYTHONPATH", "")}
    term = Terminal([sys.executable, "-m", "conceptmap"], env)
    try:
        term.wait_for("Search concepts")
        term.text("latent dirichlet")
        shown = term.wait_for("Latent Dirichlet Allocation")
        assert "use" in shown
        term.keys("Enter")
        shown = term.wait_for("Mark known")  # the actions sit above the definition
        assert "topic" in shown.lower()
        term.keys("k")
        term.wait_for("Unmark known")  # the action flips once the mark is saved
        term.keys("p")
        shown = term.wait_for("Path to Latent Dirichlet Allocation")
        assert "You already know this one." in shown
        term.keys("C-q")
        deadline = time.monotonic() + 15
        while term.alive() and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not term.alive(), "ctrl+q did not quit"
    finally:
        term.close()
    saved = yaml.safe_load((isolated_data / "progress.yaml").read_text(encoding="utf-8"))
    assert list(saved["known"]) == ["latent-dirichlet-allocation"]
