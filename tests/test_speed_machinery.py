"""The machinery behind `conceptmap bench`: synthetic packs, the parsed-pack cache, the bench smoke run.

No timings are asserted here: speed is measured by `conceptmap bench` as ratios (docs/performance.md).
"""

from __future__ import annotations

import os
import pickle
import time
from pathlib import Path

from conceptmap import synth
from conceptmap.cache import _path_for, load_cached
from conceptmap.checker import check
from conceptmap.loader import PackSource, read_packs


def test_synthetic_packs_are_deterministic_and_realistic():
    a, b = synth.generate(500, seed=7), synth.generate(500, seed=7)
    assert a == b
    assert synth.generate(500, seed=8) != a
    ids = [e["id"] for e in a]
    position = {cid: i for i, cid in enumerate(ids)}
    depths = {e["id"]: e["depth"] for e in a}
    shallower = total = 0
    for entry in a[1:]:
        requires = entry.get("requires", [])
        assert 1 <= len(requires) <= 6
        assert all(position[r] < position[entry["id"]] for r in requires)  # a DAG by construction
        total += len(requires)
        shallower += sum(1 for r in requires if depths[r] == max(0, entry["depth"] - 1))
    assert shallower / total > 0.5  # mostly one level shallower
    assert {e["depth"] for e in a} == {0, 1, 2, 3}


def test_synthetic_pack_loads_clean(tmp_path: Path):
    root = synth.write_pack(tmp_path / "synthetic", 300, seed=1)
    result = read_packs([PackSource(root, "synthetic")])
    assert len(result.graph) == 300
    errors = [p for p in check(result) if p.severity.value != "warning"]
    assert errors == []


def test_cache_is_reused_and_invalidated(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("CONCEPTMAP_CACHE_DIR", str(tmp_path / "cache"))
    root = synth.write_pack(tmp_path / "p", 50)
    sources = [PackSource(root, "p")]
    first = load_cached(sources)
    assert _path_for(sources).exists()
    second = load_cached(sources)
    assert second.graph.concepts.keys() == first.graph.concepts.keys()
    # an edit to a YAML file, even within the same second and size, is seen
    path = next((root / "graph").glob("concepts-*.yaml"))
    text = path.read_text(encoding="utf-8")
    stat = path.stat()
    path.write_text(text.replace("title: ", "title: X", 1), encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    third = load_cached(sources)
    assert any(c.title.startswith("X") for c in third.graph)
    # a changed definition (size or mtime) is seen too
    md = root / "glossary" / "c000001.md"
    md.write_text("Changed definition.\n", encoding="utf-8")
    future = time.time() + 5
    os.utime(md, (future, future))
    assert load_cached(sources).graph.concepts["c000001"].definition == "Changed definition."


def test_corrupt_cache_is_ignored_and_rebuilt(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("CONCEPTMAP_CACHE_DIR", str(tmp_path / "cache"))
    root = synth.write_pack(tmp_path / "p", 30)
    sources = [PackSource(root, "p")]
    load_cached(sources)
    cache_file = _path_for(sources)
    cache_file.write_bytes(b"\x80\x04garbage that is not a pickle")
    result = load_cached(sources)
    assert len(result.graph) == 30
    stamp, stored = pickle.loads(cache_file.read_bytes())
    assert len(stored.graph) == 30


ORIGINAL_KEYS = {"name", "n", "value_ms", "baseline_ms", "ratio"}  # the JSON contract: later keys are additions
SPREAD_KEYS = {"value_range_ms", "baseline_range_ms", "ratio_range", "runs", "baseline", "target", "holds", "pack"}


def _spread_is_consistent(row: dict) -> None:
    low, high = row["value_range_ms"]
    assert low <= row["value_ms"] <= high
    low, high = row["baseline_range_ms"]
    assert 0 < low <= row["baseline_ms"] <= high
    assert 0 < row["ratio_range"][0] <= row["ratio_range"][1]
    assert row["holds"] is None if row["target"] is None else row["holds"] == (row["ratio"] <= row["target"])


def test_bench_smoke_json(cli, tmp_path: Path):
    run = cli("bench", "--concepts", "60", "--concepts", "120", "--repeat", "2", "--no-tui", "--no-cli", "--json", timeout=300)
    assert run.code == 0, run.err
    report = run.json()
    assert report["sizes"] == [60, 120]
    names = {(r["name"], r["n"]) for r in report["results"]}
    assert {("load", 60), ("warm_load", 60), ("search", 120), ("path", 120)} <= names
    for r in report["results"]:
        assert ORIGINAL_KEYS | SPREAD_KEYS <= set(r)
        assert r["value_ms"] >= 0 and r["baseline_ms"] > 0
        assert r["runs"] == 2 and r["pack"] == "synthetic"
        _spread_is_consistent(r)
    assert set(report["growth"]) == {"load", "search", "path"}
    assert set(report["rss_mb"]["per_10k_concepts"]) == {"60", "120"}
    assert report["budgets"] == []  # goal understanding is measured with the end-to-end rows
    assert report["machine"]["repeat"] == 2


def test_bench_smoke_end_to_end(cli, tmp_path: Path):
    """The commands as fresh processes, against the libyaml floor and a warm `stats`, on the bundled graph and a pack."""
    from conceptmap.bench import format_report

    workdir = tmp_path / "work"
    run = cli("bench", "--concepts", "40", "--repeat", "1", "--no-tui", "--workdir", str(workdir), "--json", timeout=600)
    assert run.code == 0, run.err
    report = run.json()
    rows = {(r["name"], r["pack"]): r for r in report["results"] if r["name"].startswith("cli_")}
    commands = ("cli_path", "cli_stats", "cli_path_words", "cli_path_id", "cli_search", "cli_show")
    assert set(rows) == {(name, pack) for name in commands for pack in ("bundled", "synthetic")}
    for (name, pack), row in rows.items():
        assert ORIGINAL_KEYS | SPREAD_KEYS <= set(row)
        assert row["n"] == 40 if pack == "synthetic" else row["n"] > 500
        _spread_is_consistent(row)
        against_floor = name in ("cli_path", "cli_stats")
        assert ("libyaml" in row["baseline"]) == against_floor
        assert row["target"] == (None if name == "cli_stats" else 1.5)
    # the floor and `stats` rows are the same runs wherever they are the baseline
    for pack in ("bundled", "synthetic"):
        assert rows[("cli_path", pack)]["baseline_ms"] == rows[("cli_stats", pack)]["baseline_ms"]
        assert rows[("cli_path_words", pack)]["baseline_ms"] == rows[("cli_stats", pack)]["value_ms"]
    (goal,) = report["budgets"]
    assert goal["name"] == "goal" and goal["budget_ms"] == 20.0 and goal["runs"] >= 6
    assert goal["value_range_ms"][0] <= goal["value_ms"] <= goal["value_range_ms"][1]
    assert goal["holds"] == (goal["value_ms"] <= 20.0)
    # generated packs, their cache and the bytecode are kept in the workdir for the next run
    assert (workdir / "synthetic-40" / "graph").is_dir() and (workdir / "cache").is_dir()
    table = format_report(report)
    assert "cli_path_words" in table and "budget 20 ms" in table and "conceptmap stats, warm" in table


def test_synthetic_goal_in_words_means_its_concept(tmp_path: Path, monkeypatch):
    """The bench's goal in words goes through the ranker and lands on the concept `path ID` plans."""
    from conceptmap.bench import synthetic_probe
    from conceptmap.session import Session

    monkeypatch.setenv("CONCEPTMAP_CACHE_DIR", str(tmp_path / "cache"))
    entries = synth.generate(400)
    root = synth.write_pack(tmp_path / "p", 400)
    probe = synthetic_probe(root, entries)
    session = Session([root], bundled=False, progress_path=tmp_path / "progress.yaml")
    assert probe.goal not in {c.title.lower() for c in session.graph}  # not a name: ranked
    understood = session.understand(probe.goal)
    assert understood.target is not None and understood.target.id == probe.target
    assert session.concept(probe.title).id == probe.target
    assert session.index.search(probe.query, limit=10)


def test_bench_smoke_tui(cli):
    run = cli("bench", "--concepts", "30", "--repeat", "1", "--no-cli", "--json", timeout=300)
    assert run.code == 0, run.err
    tui = [r for r in run.json()["results"] if r["name"] == "tui_ready"]
    assert len(tui) == 1 and tui[0]["ratio"] > 0


def test_collector_pauses_nest_across_threads_and_resume_only_if_it_ran():
    import gc
    import threading

    from conceptmap.gcpause import gc_paused, paused

    assert gc.isenabled()
    inside: list[bool] = []
    started, release = threading.Event(), threading.Event()

    def worker() -> None:
        with paused():
            started.set()
            release.wait(5)

    thread = threading.Thread(target=worker)
    thread.start()
    started.wait(5)
    with paused():
        inside.append(gc.isenabled())
    inside.append(gc.isenabled())  # the worker's pause still holds
    release.set()
    thread.join()
    assert inside == [False, False] and gc.isenabled()

    @gc_paused
    def boom() -> None:
        raise RuntimeError

    try:
        boom()
    except RuntimeError:
        pass
    assert gc.isenabled()  # resumed after an exception too

    gc.disable()
    try:
        with paused():
            pass
        assert not gc.isenabled()  # a collector that was off stays off
    finally:
        gc.enable()


def test_planning_and_loading_leave_the_collector_running(tmp_path: Path):
    import gc

    from conceptmap.planner import Planner

    pack = synth.write_pack(tmp_path / "p", 300)
    graph = read_packs([PackSource(pack, "p")]).graph
    assert gc.isenabled()
    Planner(graph).plan(synth.deepest(synth.generate(300)))
    assert gc.isenabled()


def test_a_pause_ages_what_it_made_and_keeps_what_was_frozen():
    """Resuming does not leave a pack's worth of young objects for the next collection to walk."""
    import gc

    from conceptmap.gcpause import paused

    with paused():
        kept = [[i] for i in range(50_000)]  # containers, as a loaded pack is
    assert gc.isenabled()
    assert gc.get_count()[0] < 1_000  # aged at once, not left young
    assert gc.get_freeze_count() == 0  # and nothing left frozen
    gc.freeze()  # what the TUI does once its pack is loaded
    try:
        frozen = gc.get_freeze_count()
        with paused():
            more = [[i] for i in range(1_000)]
        assert gc.get_freeze_count() >= frozen  # not unfrozen behind its back
    finally:
        gc.unfreeze()
    assert len(kept) + len(more) == 51_000


def test_pack_only_indexes_come_from_the_cache(tmp_path: Path, monkeypatch):
    """The planner's integer index and who-unlocks-what are built once, stored with the parsed pack."""
    from conceptmap import model

    monkeypatch.setenv("CONCEPTMAP_CACHE_DIR", str(tmp_path / "cache"))
    root = synth.write_pack(tmp_path / "p", 80)
    sources = [PackSource(root, "p")]
    load_cached(sources)
    builds: list[int] = []
    real = model.PlanIndex.build
    monkeypatch.setattr(model.PlanIndex, "build", classmethod(lambda cls, concepts: (builds.append(1), real(concepts))[1]))
    graph = load_cached(sources).graph
    target = synth.deepest(synth.generate(80))
    from conceptmap.planner import Planner

    assert Planner(graph).plan(target).ids[-1] == target
    assert graph.unlocks("c000000")
    assert builds == []


def _search_rows(session, query: str) -> list[tuple[str, float, str]]:
    return [(h.concept.id, h.score, h.matched) for h in session.index.search(query, limit=10)]


def test_the_search_index_is_kept_beside_the_cache_and_rebuilt_when_the_pack_changes(tmp_path: Path, monkeypatch):
    from conceptmap import search
    from conceptmap.session import Session

    monkeypatch.setenv("CONCEPTMAP_CACHE_DIR", str(tmp_path / "cache"))
    root = synth.write_pack(tmp_path / "p", 120)
    builds: list[int] = []
    real = search._fill_postings
    monkeypatch.setattr(search, "_fill_postings", lambda *a: (builds.append(1), real(*a))[1])
    first = Session([root], bundled=False, progress_path=tmp_path / "progress.yaml")
    query = first.graph.concepts["c000050"].title.lower()[:-3]
    found = _search_rows(first, query)
    assert found and found[0][0].startswith("c0000")
    assert builds == [1]
    second = Session([root], bundled=False, progress_path=tmp_path / "progress.yaml")
    assert _search_rows(second, query) == found
    from_file = _search_rows(second, "gradient model")
    assert builds == [1]
    in_memory = search.SearchIndex(second.graph).search("gradient model", limit=10)
    assert from_file == [(h.concept.id, h.score, h.matched) for h in in_memory]  # the file answers as memory does
    builds.clear()
    md = root / "glossary" / "c000007.md"
    md.write_text("Zebra quokka wombat.\n", encoding="utf-8")
    future = time.time() + 5
    os.utime(md, (future, future))
    third = Session([root], bundled=False, progress_path=tmp_path / "progress.yaml")
    assert [cid for cid, _s, matched in _search_rows(third, "quokka wombat")] == ["c000007"]
    assert builds == [1]


def test_a_corrupt_search_index_is_rebuilt(tmp_path: Path, monkeypatch):
    from conceptmap.cache import index_folder
    from conceptmap.session import Session

    monkeypatch.setenv("CONCEPTMAP_CACHE_DIR", str(tmp_path / "cache"))
    root = synth.write_pack(tmp_path / "p", 60)
    session = Session([root], bundled=False, progress_path=tmp_path / "progress.yaml")
    title = session.graph.concepts["c000010"].title
    assert session.concept(title).id == "c000010"
    path = index_folder(session.result.packs) / "search.sqlite"
    path.write_bytes(b"not a database")
    again = Session([root], bundled=False, progress_path=tmp_path / "progress.yaml")
    assert again.concept(title).id == "c000010"
    assert _search_rows(again, title)[0][0] == "c000010"


def test_an_id_never_opens_an_index_and_a_title_is_looked_up_not_ranked(cli, tmp_path: Path, monkeypatch):
    from conceptmap.cache import index_folder
    from conceptmap.loader import pack_sources

    root = synth.write_pack(tmp_path / "p", 50)
    cache = tmp_path / "cache"
    monkeypatch.setenv("CONCEPTMAP_CACHE_DIR", str(cache))
    folder = index_folder(pack_sources([root], bundled=False))
    run = cli("--pack", str(root), "--no-bundled", "show", "c000012")
    assert run.code == 0, run.err
    run = cli("--pack", str(root), "--no-bundled", "path", "c000012", "--json")
    assert run.code == 0 and run.json()["target"]["id"] == "c000012"
    assert (cache / f"{folder.stem}.pickle").exists()  # the pack went through the cache...
    assert not (folder / "search.sqlite").exists() and not (folder / "goals.sqlite").exists()  # ...no index was needed
    title = synth.generate(50)[12]["title"]
    run = cli("--pack", str(root), "--no-bundled", "show", title)
    assert run.code == 0 and run.out.startswith(title)
    assert (folder / "search.sqlite").exists() and not (folder / "goals.sqlite").exists()
