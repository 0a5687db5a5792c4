"""Progress is never lost: SIGKILL mid-save, corrupt files, future versions, orphans, concurrent savers."""

from __future__ import annotations

import multiprocessing
import os
import random
import signal
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import conceptmap.progress as progress_module
from conceptmap.problems import ProgressError
from conceptmap.progress import FORMAT_VERSION, Progress, ProgressStore, parse_progress

from conftest import concept

pytestmark = pytest.mark.skipif(os.name != "posix", reason="fork, SIGKILL and flock are POSIX")

FORK = multiprocessing.get_context("fork") if os.name == "posix" else None
KILLS = 200  # SIGKILLs in total
ROUNDS_PER_FILE = 25  # a fresh file now and then keeps each save (a full rewrite) fast
LONGEST_BURST = 0.06  # seconds a worker saves before it is killed, at most


def read_progress(path: Path) -> Progress:
    """The file as a fresh reader sees it; an absent file is empty progress."""
    return parse_progress(path.read_text(encoding="utf-8")) if path.exists() else Progress()


def temp_files(folder: Path) -> list[Path]:
    """Temporary files a save leaves while it writes (or after a kill)."""
    return sorted(folder.glob(".*.tmp"))


# -- (a) SIGKILL at random moments ---------------------------------------------------------
def _save_burst(path: str, prefix: str, report_fd: int) -> None:
    """Worker: mark new ids as fast as it can, reporting each only after add returned."""
    store = ProgressStore(Path(path))
    for i in range(1_000_000):
        mark = f"{prefix}-{i}"
        store.add([mark])
        os.write(report_fd, f"{mark}\n".encode())


def _run_and_kill(path: Path, prefix: str, seconds: float) -> list[str]:
    """Start a saving worker, SIGKILL it after some seconds; the marks it reported done."""
    assert FORK is not None
    read_fd, write_fd = os.pipe()
    worker = FORK.Process(target=_save_burst, args=(str(path), prefix, write_fd), daemon=True)
    worker.start()
    os.close(write_fd)
    time.sleep(seconds)
    os.kill(worker.pid, signal.SIGKILL)  # type: ignore[arg-type]
    worker.join(10)
    assert worker.exitcode == -signal.SIGKILL, f"worker ended on its own: {worker.exitcode}"
    chunks = []
    while chunk := os.read(read_fd, 65536):  # every writer is dead: read to EOF
        chunks.append(chunk)
    os.close(read_fd)
    return b"".join(chunks).decode().split()


def test_sigkill_mid_save_never_loses_a_reported_mark(tmp_path: Path):
    rng = random.Random(20240508)
    reported: set[str] = set()
    in_flight: set[str] = set()  # per kill, the one mark that may be saved but not yet reported
    killed_mid_write = 0
    started = time.monotonic()
    path = tmp_path / "progress.yaml"
    for kill in range(KILLS):
        if kill % ROUNDS_PER_FILE == 0:
            path = tmp_path / f"run{kill // ROUNDS_PER_FILE}" / "progress.yaml"
            path.parent.mkdir()
            reported, in_flight = set(), set()
        done = _run_and_kill(path, f"k{kill}", rng.uniform(0, LONGEST_BURST))
        assert done == [f"k{kill}-{i}" for i in range(len(done))]
        reported.update(done)
        in_flight.add(f"k{kill}-{len(done)}")
        killed_mid_write += bool(temp_files(path.parent))
        on_disk = set(read_progress(path).known)  # readable after every kill, whatever moment it hit
        missing = reported - on_disk
        assert not missing, f"kill {kill}: reported marks lost: {sorted(missing)[:5]}"
        assert on_disk <= reported | in_flight, f"kill {kill}: marks nobody saved: {sorted(on_disk - reported - in_flight)}"
    # The kills really landed inside saves, between the temp file and the rename...
    assert killed_mid_write > 0
    # ...and the next save sweeps what a killed writer left behind.
    ProgressStore(path).add(["after"])
    assert temp_files(path.parent) == []
    assert reported | {"after"} <= set(read_progress(path).known)
    assert time.monotonic() - started < 60


# -- (b) corrupt or unreadable files ---------------------------------------------------------
CORRUPT = {
    "unclosed flow": b"format: 1\nknown: [unclosed\n",
    "binary": b"\xff\xfe\x00\x01garbage\x00",
    "bad utf-8 midway": b"format: 1\nknown:\n  a: \xc3\x28\n",
    "a list": b"- a\n- b\n",
    "a scalar": b"just some words\n",
    "no format": b"known: {a: x}\n",
    "known not a mapping": b"format: 1\nknown: 7\n",
    "goals not a list": b"format: 1\ngoals: {a: b}\n",
    "tab indentation": b"format: 1\nknown:\n\ta: x\n",
    "NUL bytes": b"format: 1\x00\x00\x00\n",
}


@pytest.mark.parametrize("raw", CORRUPT.values(), ids=CORRUPT.keys())
def test_corrupt_file_is_moved_aside_reported_and_never_overwritten(tmp_path: Path, raw: bytes):
    path = tmp_path / "progress.yaml"
    path.write_bytes(raw)
    warnings: list[str] = []
    store = ProgressStore(path, warn=warnings.append)
    store.add(["fresh"])
    [aside] = tmp_path.glob("progress.yaml.corrupt-*")
    assert aside.read_bytes() == raw
    assert len(warnings) == 1 and str(aside) in warnings[0]
    assert read_progress(path).known.keys() == {"fresh"}
    store.add(["again"])  # the good file is not moved aside again, nor the old one touched
    assert list(tmp_path.glob("progress.yaml.corrupt-*")) == [aside] and aside.read_bytes() == raw
    assert len(warnings) == 1


def test_each_corrupt_file_gets_its_own_name(tmp_path: Path):
    path = tmp_path / "progress.yaml"
    store = ProgressStore(path)
    for raw in CORRUPT.values():
        path.write_bytes(raw)
        store.add(["x"])
    kept = sorted(p.read_bytes() for p in tmp_path.glob("progress.yaml.corrupt-*"))
    assert kept == sorted(CORRUPT.values())


def test_a_reader_never_moves_aside_a_file_another_process_just_repaired(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Regression: a reader that saw the corrupt file used to move aside the good one saved after it."""
    path = tmp_path / "progress.yaml"
    raw = CORRUPT["unclosed flow"]
    path.write_bytes(raw)
    real_parse = progress_module.parse_progress
    other = ProgressStore(path)
    raced = []

    def parse_while_another_saves(text: str) -> Progress:
        if not raced:  # between the reader's read and its move: another process saves
            raced.append(True)
            other.add(["saved-meanwhile"])
        return real_parse(text)

    monkeypatch.setattr(progress_module, "parse_progress", parse_while_another_saves)
    reader = ProgressStore(path)
    assert reader.known() == {"saved-meanwhile"}
    assert reader.warnings == [] and len(other.warnings) == 1
    [aside] = tmp_path.glob("progress.yaml.corrupt-*")
    assert aside.read_bytes() == raw
    assert real_parse(path.read_text()).known.keys() == {"saved-meanwhile"}


def test_corrupt_file_through_the_cli_is_moved_aside_with_one_warning(cli, make_pack, isolated_data: Path):
    pack = make_pack([concept("x", 0)])
    raw = CORRUPT["binary"]
    (isolated_data / "progress.yaml").write_bytes(raw)
    run = cli("--no-bundled", "--pack", str(pack), "known", "add", "x")
    assert run.code == 0, run.err
    [aside] = isolated_data.glob("progress.yaml.corrupt-*")
    assert aside.read_bytes() == raw
    assert run.err.count("\n") == 1 and str(aside) in run.err
    assert read_progress(isolated_data / "progress.yaml").known.keys() == {"x"}


@pytest.mark.skipif(os.name == "posix" and os.geteuid() == 0, reason="root reads files whatever their mode")
def test_file_without_read_permission_is_refused_not_replaced(tmp_path: Path):
    path = tmp_path / "progress.yaml"
    ProgressStore(path).add(["mine"])
    before = path.read_bytes()
    path.chmod(0)
    try:
        with pytest.raises(ProgressError, match="cannot read"):
            ProgressStore(path).add(["other"])
    finally:
        path.chmod(0o600)
    assert path.read_bytes() == before


def test_a_folder_in_place_of_the_file_is_refused(tmp_path: Path):
    path = tmp_path / "progress.yaml"
    path.mkdir()
    with pytest.raises(ProgressError, match="cannot read"):
        ProgressStore(path).add(["x"])
    assert path.is_dir() and list(path.iterdir()) == []


# -- (c) a newer format version -----------------------------------------------------------
FUTURE = f"format: {FORMAT_VERSION + 1}\nknown: {{a: '2030-01-01'}}\nsomething_new: [1, 2]\n".encode()


@pytest.mark.parametrize(
    "operation",
    [
        lambda s: s.load(),
        lambda s: s.known(),
        lambda s: s.add(["b"]),
        lambda s: s.remove(["a"]),
        lambda s: s.toggle("a"),
        lambda s: s.save_goal("use lda"),
        lambda s: s.forget_goal("use lda"),
    ],
    ids=["load", "known", "add", "remove", "toggle", "save_goal", "forget_goal"],
)
def test_future_format_is_refused_by_every_operation_without_touching_the_file(tmp_path: Path, operation: Any):
    path = tmp_path / "progress.yaml"
    path.write_bytes(FUTURE)
    stamp = path.stat().st_mtime_ns
    with pytest.raises(ProgressError, match="newer"):
        operation(ProgressStore(path))
    assert path.read_bytes() == FUTURE and path.stat().st_mtime_ns == stamp
    assert sorted(p.name for p in tmp_path.iterdir()) in (["progress.yaml"], ["progress.yaml", "progress.yaml.lock"])


@pytest.mark.parametrize("command", [["known", "add", "x"], ["known", "remove", "x"], ["known", "list"], ["path", "x"]])
def test_future_format_through_the_cli_exits_2_with_one_line(cli, make_pack, isolated_data: Path, command: list[str]):
    pack = make_pack([concept("x", 0)])
    path = isolated_data / "progress.yaml"
    path.write_bytes(FUTURE)
    run = cli("--no-bundled", "--pack", str(pack), *command)
    assert run.code == 2
    assert run.err.startswith("conceptmap: ") and run.err.count("\n") == 1 and "newer" in run.err
    assert "Traceback" not in run.err and run.out == ""
    assert path.read_bytes() == FUTURE
    assert not list(isolated_data.glob("progress.yaml.corrupt-*"))


# -- (d) marks for ids that disappeared ------------------------------------------------------
def test_orphaned_marks_are_kept_and_reported(cli, make_pack, isolated_data: Path):
    before = make_pack([concept("stays", 0), concept("goes", 0), concept("also-goes", 1, ["goes"])], name="v1")
    after = make_pack([concept("stays", 0), concept("new", 1, ["stays"])], name="v2")
    assert cli("--no-bundled", "--pack", str(before), "known", "add", "stays", "goes", "also-goes").code == 0
    run = cli("--no-bundled", "--pack", str(after), "known", "list", "--orphans")
    assert run.code == 0
    assert run.out.splitlines() == ["also-goes  (not in any loaded pack; kept)", "goes  (not in any loaded pack; kept)"]
    # Changing progress under the new pack keeps them, with their original time stamps.
    stamps = read_progress(isolated_data / "progress.yaml").known
    assert cli("--no-bundled", "--pack", str(after), "known", "add", "new").code == 0
    assert cli("--no-bundled", "--pack", str(after), "known", "remove", "stays").code == 0
    data = cli("--no-bundled", "--pack", str(after), "known", "list", "--json").json()
    assert data["orphans"] == ["also-goes", "goes"]
    marked = {k["id"]: k["marked"] for k in data["known"]}
    assert marked.keys() == {"also-goes", "goes", "new"}
    assert marked["goes"] == stamps["goes"] and marked["also-goes"] == stamps["also-goes"]
    # Back on the old pack, the marks count again.
    back = cli("--no-bundled", "--pack", str(before), "known", "list", "--orphans", "--json").json()
    assert back["orphans"] == ["new"]


# -- (e) processes saving at once -----------------------------------------------------------
SAVERS = 4
MARKS_EACH = 50


def _save_concurrently(path: str, name: str, start: Any) -> None:
    """Worker: marks, toggles on and off, and goals, interleaved with the other workers."""
    store = ProgressStore(Path(path))
    start.wait()
    for i in range(MARKS_EACH):
        store.add([f"{name}-{i}"])
        if i % 10 == 0:
            store.toggle(f"{name}-scratch")
            store.save_goal(f"goal {name} {i}", "use")
            store.toggle(f"{name}-scratch")


def test_processes_saving_at_once_lose_no_mark(tmp_path: Path):
    assert FORK is not None
    path = tmp_path / "progress.yaml"
    start = FORK.Barrier(SAVERS)
    names = [f"p{n}" for n in range(SAVERS)]
    workers = [FORK.Process(target=_save_concurrently, args=(str(path), name, start)) for name in names]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(120)
        assert worker.exitcode == 0
    saved = read_progress(path)
    assert set(saved.known) == {f"{name}-{i}" for name in names for i in range(MARKS_EACH)}
    assert {g["text"] for g in saved.goals} == {f"goal {name} {i}" for name in names for i in range(0, MARKS_EACH, 10)}
    assert temp_files(tmp_path) == []


def _mark_range(store: ProgressStore, name: str, count: int) -> None:
    """Mark name-0 .. name-(count-1), one save each."""
    for i in range(count):
        store.add([f"{name}-{i}"])


def test_threads_sharing_one_store_lose_no_mark(tmp_path: Path):
    store = ProgressStore(tmp_path / "progress.yaml")
    threads = [threading.Thread(target=_mark_range, args=(store, f"t{n}", 25)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert store.known() == {f"t{n}-{i}" for n in range(4) for i in range(25)}


# -- what is written is what is read ---------------------------------------------------------
@settings(max_examples=200, deadline=None)
@given(
    known=st.dictionaries(st.text(min_size=1), st.text(), max_size=8),
    goals=st.lists(st.text(), max_size=4),
)
def test_every_mark_and_goal_reads_back_exactly(known: dict[str, str], goals: list[str]):
    written = Progress(known, [{"text": g, "saved": "2024-01-01T00:00:00Z"} for g in goals])
    read = parse_progress(written.as_yaml())
    assert read.known == dict(sorted(known.items())) and read.goals == written.goals
