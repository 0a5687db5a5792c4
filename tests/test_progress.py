"""The progress file: atomic, locked, never silently overwritten, orphans kept."""

from __future__ import annotations

import multiprocessing
import os
from pathlib import Path

import pytest
import yaml

from conceptmap.problems import ProgressError
from conceptmap.progress import FORMAT_VERSION, ProgressStore, orphans


def test_add_remove_roundtrip(tmp_path: Path):
    store = ProgressStore(tmp_path / "p.yaml")
    store.add(["a", "b"])
    store.remove(["a"])
    assert store.known() == {"b"}
    data = yaml.safe_load((tmp_path / "p.yaml").read_text())
    assert data["format"] == FORMAT_VERSION and list(data["known"]) == ["b"]


def test_default_location_honours_the_env_override(isolated_data: Path):
    store = ProgressStore()
    store.add(["x"])
    assert (isolated_data / "progress.yaml").exists()


def test_toggle(tmp_path: Path):
    store = ProgressStore(tmp_path / "p.yaml")
    assert store.toggle("a") is True
    assert store.toggle("a") is False
    assert store.known() == set()


def test_corrupt_file_is_moved_aside_not_overwritten(tmp_path: Path):
    path = tmp_path / "p.yaml"
    path.write_text("known: [unclosed\n", encoding="utf-8")
    warnings: list[str] = []
    store = ProgressStore(path, warn=warnings.append)
    assert store.known() == set()
    aside = list(tmp_path.glob("p.yaml.corrupt-*"))
    assert len(aside) == 1 and aside[0].read_text() == "known: [unclosed\n"
    assert warnings and str(aside[0]) in warnings[0]
    store.add(["a"])
    assert store.known() == {"a"} and aside[0].exists()


def test_binary_garbage_is_moved_aside(tmp_path: Path):
    path = tmp_path / "p.yaml"
    path.write_bytes(b"\xff\xfe\x00garbage")
    store = ProgressStore(path)
    assert store.known() == set()
    assert list(tmp_path.glob("p.yaml.corrupt-*"))


def test_future_format_is_refused_and_untouched(tmp_path: Path):
    path = tmp_path / "p.yaml"
    original = f"format: {FORMAT_VERSION + 1}\nknown: {{a: x}}\nnew_field: 1\n"
    path.write_text(original, encoding="utf-8")
    store = ProgressStore(path)
    with pytest.raises(ProgressError):
        store.known()
    with pytest.raises(ProgressError):
        store.add(["b"])
    assert path.read_text() == original
    assert not list(tmp_path.glob("p.yaml.corrupt-*"))


def test_orphans_are_kept_and_reported(tmp_path: Path):
    store = ProgressStore(tmp_path / "p.yaml")
    store.add(["gone", "here"])
    assert orphans(store.known(), {"here": None}) == ["gone"]
    store.add(["another"])
    assert "gone" in store.known()


def test_no_temp_files_left_behind(tmp_path: Path):
    store = ProgressStore(tmp_path / "p.yaml")
    for i in range(20):
        store.add([f"c{i}"])
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    assert leftovers == []


def _mark_many(path: str, prefix: str, count: int) -> None:
    store = ProgressStore(Path(path))
    for i in range(count):
        store.add([f"{prefix}-{i}"])


def test_two_processes_saving_at_once_lose_no_mark(tmp_path: Path):
    path = tmp_path / "p.yaml"
    ctx = multiprocessing.get_context("fork" if os.name == "posix" else "spawn")
    procs = [ctx.Process(target=_mark_many, args=(str(path), name, 40)) for name in ("left", "right")]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
        assert p.exitcode == 0
    known = ProgressStore(path).known()
    assert known == {f"{side}-{i}" for side in ("left", "right") for i in range(40)}
