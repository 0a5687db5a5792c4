"""Shared fixtures: throwaway packs, an isolated progress folder, and the CLI run for real."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def isolated_data(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own progress folder and cache, never the user's real ones."""
    data = tmp_path_factory.mktemp("data")
    monkeypatch.setenv("CONCEPTMAP_DATA_DIR", str(data))
    monkeypatch.setenv("CONCEPTMAP_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    monkeypatch.delenv("CONCEPTMAP_PACKS", raising=False)
    return data


def concept(cid: str, depth: int | str = 1, requires: list[str] | None = None, **extra: Any) -> dict[str, Any]:
    """A concept entry for a test pack, with sensible defaults."""
    entry: dict[str, Any] = {
        "id": cid,
        "title": extra.pop("title", cid.replace("-", " ").capitalize()),
        "depth": depth,
        "area": extra.pop("area", "general"),
        "minutes": extra.pop("minutes", 10),
    }
    if requires:
        entry["requires"] = requires
    entry.update(extra)
    return entry


def write_pack(
    root: Path,
    concepts: list[dict[str, Any]],
    *,
    definitions: dict[str, str] | None = None,
    areas: list[dict[str, Any]] | None = None,
    tracks: list[dict[str, Any]] | None = None,
) -> Path:
    """Write a pack folder: graph/concepts.yaml, glossary/<id>.md (a default definition each)."""
    (root / "graph").mkdir(parents=True, exist_ok=True)
    (root / "glossary").mkdir(parents=True, exist_ok=True)
    (root / "graph" / "concepts.yaml").write_text(yaml.safe_dump(concepts, sort_keys=False), encoding="utf-8")
    if areas is not None:
        (root / "graph" / "areas.yaml").write_text(yaml.safe_dump(areas, sort_keys=False), encoding="utf-8")
    if tracks is not None:
        (root / "graph" / "tracks.yaml").write_text(yaml.safe_dump(tracks, sort_keys=False), encoding="utf-8")
    definitions = definitions or {}
    for entry in concepts:
        text = definitions.get(entry["id"], f"{entry['title']} is a test concept.\n\nMore words about it.")
        (root / "glossary" / f"{entry['id']}.md").write_text(text, encoding="utf-8")
    return root


@pytest.fixture
def make_pack(tmp_path: Path):  # type: ignore[no-untyped-def]
    """Factory: make_pack(concepts, name=..., definitions=..., areas=..., tracks=...) -> pack path."""
    counter = {"n": 0}

    def make(concepts: list[dict[str, Any]], name: str | None = None, **kwargs: Any) -> Path:
        counter["n"] += 1
        return write_pack(tmp_path / (name or f"pack{counter['n']}"), concepts, **kwargs)

    return make


@dataclass
class Run:
    """What a CLI run printed and returned."""

    code: int
    out: str
    err: str

    def json(self) -> Any:
        """stdout parsed as JSON."""
        return json.loads(self.out)


def run_cli(*args: str, env: dict[str, str] | None = None, input: str | None = None, timeout: float = 120) -> Run:
    """Run `python -m conceptmap ARGS` in a subprocess, as a user or script would."""
    full_env = {**os.environ, **(env or {}), "PYTHONIOENCODING": "utf-8"}
    proc = subprocess.run(
        [sys.executable, "-m", "conceptmap", *args],
        capture_output=True,
        text=True,
        env=full_env,
        input=input,
        timeout=timeout,
        encoding="utf-8",
    )
    return Run(proc.returncode, proc.stdout, proc.stderr)


@pytest.fixture
def cli():  # type: ignore[no-untyped-def]
    """The run_cli function, as a fixture."""
    return run_cli
