"""Batches of marks and undo; marks that travel (`known export` / `known import`)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from conftest import concept
from hypothesis import given, settings
from hypothesis import strategies as st

from conceptmap.progress import (
    FORMAT_VERSION,
    HISTORY_LIMIT,
    MARKS_VERSION,
    Batch,
    Progress,
    ProgressStore,
    parse_progress,
)


def on_disk(path: Path) -> dict[str, object]:
    """The progress file as a plain YAML reader sees it."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


# -- batches and undo ---------------------------------------------------------------------
def test_a_batch_records_only_what_changed_and_undo_restores_exactly(tmp_path: Path):
    path = tmp_path / "p.yaml"
    store = ProgressStore(path)
    store.add(["a", "b"])
    before = dict(store.load().known)
    progress, batch = store.change_marks({"b": "2001-01-01T00:00:00Z", "c": "2002-02-02T00:00:00Z"}, ["a"], command="test")
    assert batch is not None and batch.added == ["c"] and batch.removed == {"a": before["a"]} and batch.command == "test"
    assert progress.known["b"] == before["b"], "a mark already there keeps its time"
    _, undone = store.undo()
    assert undone == batch
    assert store.load().known == before  # "a" back with its own time; "b", already there, untouched
    _, first = store.undo()
    assert first is not None and first.command == "known add" and sorted(first.added) == ["a", "b"]
    assert store.load().known == {}


def test_undo_takes_back_a_remove_with_the_original_times(tmp_path: Path):
    store = ProgressStore(tmp_path / "p.yaml")
    store.change_marks({"a": "2020-01-01T00:00:00Z", "b": "2021-01-01T00:00:00Z"}, command="seed")
    store.remove(["a", "b", "never-marked"])
    assert store.known() == set()
    _, batch = store.undo()
    assert batch is not None and batch.command == "known remove" and batch.added == []
    assert store.load().known == {"a": "2020-01-01T00:00:00Z", "b": "2021-01-01T00:00:00Z"}


def test_toggles_are_batches_too(tmp_path: Path):
    store = ProgressStore(tmp_path / "p.yaml")
    store.add(["x"])
    stamp = store.load().known["x"]
    assert store.toggle("x") is False and store.toggle("y") is True
    assert [b.command for b in store.load().history] == ["known add", "toggle", "toggle"]
    store.undo()
    store.undo()
    assert store.load().known == {"x": stamp}


def test_a_change_that_changes_nothing_leaves_no_batch(tmp_path: Path):
    store = ProgressStore(tmp_path / "p.yaml")
    store.add(["a"])
    store.add(["a"])
    store.remove(["zzz"])
    assert len(store.load().history) == 1


def test_nothing_to_undo_writes_nothing(tmp_path: Path):
    path = tmp_path / "p.yaml"
    assert ProgressStore(path).undo()[1] is None
    assert not path.exists()
    path.write_text("format: 1\nknown: {a: '2020-01-01'}\n", encoding="utf-8")  # a file from before batches
    stamp = path.stat().st_mtime_ns
    assert ProgressStore(path).undo()[1] is None
    assert path.stat().st_mtime_ns == stamp and path.read_text(encoding="utf-8").startswith("format: 1\n")


def test_only_the_last_batches_are_kept(tmp_path: Path):
    store = ProgressStore(tmp_path / "p.yaml")
    for i in range(HISTORY_LIMIT + 5):
        store.add([f"c{i}"])
    history = store.load().history
    assert len(history) == HISTORY_LIMIT and history[0].added == ["c5"] and history[-1].added == [f"c{HISTORY_LIMIT + 4}"]


def test_a_progress_file_from_before_batches_still_loads_and_keeps_format_1(tmp_path: Path):
    path = tmp_path / "p.yaml"
    old = "# conceptmap progress\nformat: 1\nknown:\n  a: '2023-05-01T10:00:00Z'\ngoals:\n- {text: use lda, saved: '2023-05-01T10:00:00Z'}\n"
    path.write_text(old, encoding="utf-8")
    store = ProgressStore(path)
    assert store.load().known == {"a": "2023-05-01T10:00:00Z"} and store.load().history == []
    store.add(["b"])
    data = on_disk(path)
    assert data["format"] == FORMAT_VERSION == 1  # batches are an addition: older versions still read the file
    assert data["known"] == {"a": "2023-05-01T10:00:00Z", "b": store.load().known["b"]}
    assert data["goals"] == [{"text": "use lda", "saved": "2023-05-01T10:00:00Z"}]
    [entry] = data["history"]
    assert entry["command"] == "known add" and entry["added"] == ["b"] and entry["removed"] == {}


@pytest.mark.parametrize(
    "history",
    ["history: 3\n", "history: [1]\n", "history:\n- {added: 5}\n", "history:\n- {removed: [a]}\n"],
    ids=["not-a-list", "entry-not-a-mapping", "added-not-a-list", "removed-not-a-mapping"],
)
def test_a_malformed_history_is_a_corrupt_file_moved_aside(tmp_path: Path, history: str):
    path = tmp_path / "p.yaml"
    raw = f"format: 1\nknown: {{a: x}}\n{history}"
    path.write_text(raw, encoding="utf-8")
    warnings: list[str] = []
    assert ProgressStore(path, warn=warnings.append).known() == set()
    [aside] = tmp_path.glob("p.yaml.corrupt-*")
    assert aside.read_text(encoding="utf-8") == raw and len(warnings) == 1


ids = st.text(min_size=1, max_size=12)


@settings(max_examples=150, deadline=None)
@given(
    known=st.dictionaries(ids, st.text(max_size=20), max_size=6),
    history=st.lists(
        st.builds(
            Batch, st.text(max_size=20), st.text(max_size=20), st.lists(ids, max_size=4, unique=True), st.dictionaries(ids, st.text(max_size=20), max_size=4)
        ),
        max_size=4,
    ),
)
def test_every_batch_reads_back_exactly(known: dict[str, str], history: list[Batch]):
    written = Progress(known, [], history)
    read = parse_progress(written.as_yaml())
    assert read.known == known
    assert read.history == [Batch(b.time, b.command, sorted(b.added), b.removed) for b in history]


# -- through the command line ------------------------------------------------------------
@pytest.fixture
def pack(make_pack):  # type: ignore[no-untyped-def]
    """A small pack: a chain of four and a separate concept."""
    return make_pack(
        [
            concept("basics", 0, title="The basics"),
            concept("middle", 1, ["basics"], title="Middle thing"),
            concept("upper", 2, ["middle"], title="Upper thing"),
            concept("goal", 2, ["upper"], title="Goal thing"),
            concept("aside", 1, title="Aside"),
        ]
    )


def test_known_undo_takes_back_the_last_command_exactly(cli, pack: Path, isolated_data: Path):
    base = ("--no-bundled", "--pack", str(pack))
    assert cli(*base, "known", "add", "middle").code == 0
    before = yaml.safe_load((isolated_data / "progress.yaml").read_text())["known"]
    assert cli(*base, "known", "add", "middle", "upper", "aside").code == 0
    run = cli(*base, "known", "undo")
    assert run.code == 0 and "known add" in run.out and "unmarked 2" in run.out
    assert yaml.safe_load((isolated_data / "progress.yaml").read_text())["known"] == before  # middle kept, with its time
    data = cli(*base, "known", "undo", "--json").json()
    assert data["undone"]["command"] == "known add" and data["undone"]["added"] == ["middle"]
    assert cli(*base, "known", "undo", "--json").json() == {"undone": None}
    run = cli(*base, "known", "undo")
    assert run.code == 0 and run.out == "Nothing to undo.\n"


def test_export_then_import_elsewhere_merges_by_id_and_title_and_keeps_orphans(cli, make_pack, isolated_data: Path, tmp_path: Path):
    here = make_pack([concept("basics", 0, title="The basics"), concept("middle", 1, ["basics"], title="Middle thing")], name="here")
    there = make_pack(
        [concept("basics", 0, title="The basics"), concept("middle-v2", 1, ["basics"], title="middle THING"), concept("other", 0)],
        name="there",
    )
    # On the first machine: marks, one of them for an id no pack has any more.
    first = isolated_data / "first"
    env1 = {"CONCEPTMAP_DATA_DIR": str(first)}
    ProgressStore(first / "progress.yaml").change_marks({"gone": "2019-09-09T09:09:09Z"}, command="seed")
    assert cli("--no-bundled", "--pack", str(here), "known", "add", "basics", "middle", env=env1).code == 0
    out = tmp_path / "marks.json"
    run = cli("--no-bundled", "--pack", str(here), "known", "export", str(out), env=env1)
    assert run.code == 0 and run.out == f"Wrote 3 marks to {out}\n"
    document = json.loads(out.read_text(encoding="utf-8"))  # read by a plain JSON reader
    stamps = ProgressStore(first / "progress.yaml").load().known
    assert document["format"] == "conceptmap-marks" and document["version"] == MARKS_VERSION and document["exported"]
    assert document["known"] == [
        {"id": "basics", "title": "The basics", "marked": stamps["basics"]},
        {"id": "gone", "title": None, "marked": "2019-09-09T09:09:09Z"},
        {"id": "middle", "title": "Middle thing", "marked": stamps["middle"]},
    ]
    # On the second machine, another pack: "other" is known already, "middle" has another id there.
    second = isolated_data / "second"
    env2 = {"CONCEPTMAP_DATA_DIR": str(second)}
    assert cli("--no-bundled", "--pack", str(there), "known", "add", "other", env=env2).code == 0
    mine = ProgressStore(second / "progress.yaml").load().known
    dry = cli("--no-bundled", "--pack", str(there), "known", "import", str(out), "--dry-run", "--json", env=env2).json()
    assert dry["dry_run"] is True and ProgressStore(second / "progress.yaml").load().known == mine
    run = cli("--no-bundled", "--pack", str(there), "known", "import", str(out), env=env2)
    assert run.code == 0, run.err
    assert "Added 3 marks" in run.out and "middle → middle-v2" in run.out and "orphans" in run.out
    merged = ProgressStore(second / "progress.yaml").load().known
    assert merged == {**mine, "basics": stamps["basics"], "middle-v2": stamps["middle"], "gone": "2019-09-09T09:09:09Z"}
    # Importing again changes nothing and says so; the marks there keep their own times.
    again = cli("--no-bundled", "--pack", str(there), "known", "import", str(out), "--json", env=env2).json()
    assert again["added"] == [] and sorted(again["already_known"]) == ["basics", "gone", "middle-v2"]
    assert again["matched_by_title"] == [{"id": "middle", "as": "middle-v2", "title": "middle THING"}]
    assert again["orphans"] == ["gone"]
    orphans = cli("--no-bundled", "--pack", str(there), "known", "list", "--orphans", env=env2)
    assert orphans.out == "gone  (not in any loaded pack; kept)\n"
    # The import is one batch: undo takes it back and leaves the marks that were there.
    assert cli("--no-bundled", "--pack", str(there), "known", "undo", env=env2).code == 0
    assert ProgressStore(second / "progress.yaml").load().known == mine


def test_export_never_overwrites_without_force(cli, pack: Path, tmp_path: Path):
    out = tmp_path / "marks.json"
    out.write_text("mine", encoding="utf-8")
    run = cli("--no-bundled", "--pack", str(pack), "known", "export", str(out))
    assert run.code == 2 and run.err.count("\n") == 1 and "--force" in run.err and out.read_text() == "mine"
    assert cli("--no-bundled", "--pack", str(pack), "known", "export", str(out), "--force").code == 0
    assert json.loads(out.read_text())["known"] == []


def _document(**changes: object) -> str:
    base: dict[str, object] = {"format": "conceptmap-marks", "version": 1, "known": [{"id": "basics", "title": "The basics", "marked": None}]}
    base.update(changes)
    return json.dumps(base, indent=1)


BAD_FILES = {
    "not JSON": ("{\n  \"format\": \"conceptmap-marks\",\n  oops\n}\n", ":3: not valid JSON"),
    "empty": ("", ":1: not valid JSON"),
    "not UTF-8": (b"\xff\xfe{}", "not UTF-8"),
    "a list": ("[1, 2]", "not a conceptmap marks file"),
    "another format": (_document(format="something-else"), "not a conceptmap marks file"),
    "progress YAML": ("format: 1\nknown: {a: x}\n", "not valid JSON"),
    "newer version": (_document(version=MARKS_VERSION + 1), "newer than this conceptmap reads"),
    "version as text": (_document(version="1"), '"version" must be a whole number'),
    "known not a list": (_document(known={"basics": "x"}), '"known" must be a list'),
    "entry not an object": (_document(known=["basics"]), "mark 1 is not an object"),
    "id not kebab-case": (_document(known=[{"id": "../etc/passwd"}]), "mark 1: id must be a concept id"),
    "id missing": (_document(known=[{"title": "The basics"}]), "mark 1: id must be a concept id"),
    "title a number": (_document(known=[{"id": "basics", "title": 3}]), "title must be text or null"),
    "marked a number": (_document(known=[{"id": "basics", "marked": 3}]), "marked must be text or null"),
    "nested deeply": ("[" * 100_000 + "]" * 100_000, ""),
}


@pytest.mark.parametrize("content, says", BAD_FILES.values(), ids=BAD_FILES.keys())
def test_a_bad_import_file_is_one_line_naming_it_exit_2(cli, pack: Path, tmp_path: Path, isolated_data: Path, content: str | bytes, says: str):
    bad = tmp_path / "bad marks.json"
    bad.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    run = cli("--no-bundled", "--pack", str(pack), "known", "import", str(bad))
    assert run.code == 2 and run.out == ""
    assert run.err.startswith(f"conceptmap: {bad}") and run.err.count("\n") == 1 and says in run.err
    assert "Traceback" not in run.err
    assert not (isolated_data / "progress.yaml").exists()


@pytest.mark.parametrize("make", [lambda p: None, lambda p: p.mkdir()], ids=["missing", "a-folder"])
def test_an_import_file_that_cannot_be_read_is_one_line(cli, pack: Path, tmp_path: Path, make):  # type: ignore[no-untyped-def]
    target = tmp_path / "marks.json"
    make(target)
    run = cli("--no-bundled", "--pack", str(pack), "known", "import", str(target))
    assert run.code == 2 and run.err.count("\n") == 1 and str(target) in run.err and "Traceback" not in run.err
