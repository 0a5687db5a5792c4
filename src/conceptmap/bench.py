"""`conceptmap bench`: how fast, measured as ratios against a floor taken in the same run.

Each measure runs interleaved with its baseline (ours, theirs, ours, theirs...)
and reports medians, so a noisy shared machine slows both alike. Baselines:

* load: libyaml's CSafeLoader parsing the same YAML files, plus reading the Markdown;
* warm load: the same baseline, against a start that reuses the parsed-pack cache;
* search: ``rapidfuzz.process.extract`` over the same titles and aliases;
* path: ``networkx.ancestors`` plus a topological sort of that set;
* TUI ready: a minimal Textual app with one Markdown widget, both started cold in
  a subprocess and stopped at their first paint;
* memory: peak RSS of a process that loads the pack, less one that does not.
"""

from __future__ import annotations

import json
import math
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from functools import partial
from pathlib import Path
from typing import TypedDict

import yaml

from . import synth
from .loader import PackSource, pack_sources, read_packs
from .model import Graph

QUERIES = ("gradient model", "bayesian encodr", "deep tensor 4", "xqz")


class Report(TypedDict):
    """What ``run`` measured, ready for JSON."""

    sizes: list[int]
    results: list[dict[str, object]]  # Result.as_dict() of each measure
    growth: dict[str, float | None]
    rss_mb: dict[str, dict[str, float]]
    machine: dict[str, object]


@dataclass
class Result:
    """One measure at one size."""

    name: str
    n: int
    value_ms: float
    baseline_ms: float

    @property
    def ratio(self) -> float:
        """How many times the baseline's time ours takes."""
        return self.value_ms / self.baseline_ms if self.baseline_ms else float("inf")

    def as_dict(self) -> dict[str, object]:
        """JSON shape: name, n, value_ms, baseline_ms, ratio."""
        return {**asdict(self), "value_ms": round(self.value_ms, 3), "baseline_ms": round(self.baseline_ms, 3), "ratio": round(self.ratio, 3)}


def interleaved(ours: Callable[[], object], theirs: Callable[[], object], repeat: int) -> tuple[float, float]:
    """Median milliseconds of ours and theirs, run alternately."""
    mine: list[float] = []
    base: list[float] = []
    for _ in range(repeat):
        for fn, sink in ((theirs, base), (ours, mine)):
            start = time.perf_counter()
            fn()
            sink.append((time.perf_counter() - start) * 1000)
    return statistics.median(mine), statistics.median(base)


def libyaml_baseline(root: Path) -> Callable[[], object]:
    """Parse the pack's YAML with CSafeLoader and read its Markdown: the floor for loading."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    yaml_files = sorted((root / "graph").glob("*.yaml"))
    md_files = sorted((root / "glossary").glob("*.md"))

    def run() -> object:
        data = [yaml.load(p.read_text(encoding="utf-8"), Loader=loader) for p in yaml_files]
        texts = [p.read_text(encoding="utf-8") for p in md_files]
        return data, texts

    return run


def measure_size(root: Path, n: int, repeat: int, target: str) -> list[Result]:
    """Load, warm load, search and path at one pack size."""
    from .cache import load_cached

    sources = [PackSource(root, root.name)]
    baseline = libyaml_baseline(root)
    results = []
    ours, theirs = interleaved(lambda: read_packs(sources), baseline, repeat)
    results.append(Result("load", n, ours, theirs))
    with tempfile.TemporaryDirectory() as cache:
        previous = os.environ.get("CONCEPTMAP_CACHE_DIR")
        os.environ["CONCEPTMAP_CACHE_DIR"] = cache
        try:
            load_cached(sources)  # prime
            ours, theirs = interleaved(lambda: load_cached(sources), baseline, repeat)
        finally:
            if previous is None:
                os.environ.pop("CONCEPTMAP_CACHE_DIR", None)
            else:
                os.environ["CONCEPTMAP_CACHE_DIR"] = previous
    results.append(Result("warm_load", n, ours, theirs))
    graph = read_packs(sources).graph
    results.append(_search(graph, n, repeat))
    results.append(_path(graph, n, repeat, target))
    return results


def _search(graph: Graph, n: int, repeat: int) -> Result:
    from rapidfuzz import fuzz, process

    from .search import SearchIndex

    index = SearchIndex(graph)
    _ = index.text_index  # built once at start-up in real use; not part of a query
    choices = [name for c in graph for name in (c.title, *c.aliases)]
    mine, base = [], []
    for query in QUERIES:
        ours, theirs = interleaved(
            partial(index.search, query, limit=10),
            partial(process.extract, query, choices, scorer=fuzz.WRatio, limit=10),
            repeat,
        )
        mine.append(ours)
        base.append(theirs)
    return Result("search", n, statistics.median(mine), statistics.median(base))


def _path(graph: Graph, n: int, repeat: int, target: str) -> Result:
    import networkx as nx

    from .model import Depth
    from .planner import Planner

    digraph = nx.DiGraph()
    digraph.add_nodes_from(graph.concepts)
    digraph.add_edges_from((pre, c.id) for c in graph for pre in c.prerequisite_ids())
    planner = Planner(graph)

    def theirs() -> object:
        wanted = nx.ancestors(digraph, target) | {target}
        return list(nx.topological_sort(digraph.subgraph(wanted)))

    ours, base = interleaved(lambda: planner.plan(target, Depth.THEORY), theirs, repeat)
    return Result("path", n, ours, base)


def _first_paint(which: str, env: dict[str, str]) -> float:
    """Milliseconds from launching `python -m conceptmap.tui.ready WHICH` to its first paint."""
    start = time.time_ns()
    run = subprocess.run(
        [sys.executable, "-m", "conceptmap.tui.ready", which],
        check=True,
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        timeout=300,
    )
    return (int(run.stdout.split()[-1]) - start) / 1e6


def measure_tui(repeat: int) -> Result:
    """First paint of our TUI on the bundled graph vs a minimal Markdown app, both cold.

    Timed from launch to first paint (the child notes the moment): what either does
    after its first frame, its exit included, is not what a user waits for.
    """
    with tempfile.TemporaryDirectory() as data, tempfile.TemporaryDirectory() as cache:
        env = {"CONCEPTMAP_DATA_DIR": data, "CONCEPTMAP_CACHE_DIR": cache}
        _first_paint("app", env)  # prime the pack cache, as a second start would
        mine: list[float] = []
        base: list[float] = []
        for _ in range(repeat):  # interleaved, as every other measure
            base.append(_first_paint("minimal", env))
            mine.append(_first_paint("app", env))
    return Result("tui_ready", len(read_packs(pack_sources()).graph), statistics.median(mine), statistics.median(base))


# Peak RSS of this process image. ru_maxrss is not enough: Linux carries it across
# fork and exec, so a child of a large parent would report the parent's peak. VmHWM
# in /proc belongs to the current image; ru_maxrss is the fallback elsewhere.
RSS_PROBE = """
import resource, sys
from conceptmap.loader import PackSource, read_packs
if sys.argv[1] != "-":
    result = read_packs([PackSource(__import__("pathlib").Path(sys.argv[1]), "bench")])
try:
    with open("/proc/self/status") as status:
        print(next(int(line.split()[1]) for line in status if line.startswith("VmHWM:")))
except (OSError, StopIteration):
    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def measure_rss(root: Path) -> float:
    """Peak RSS in MB that loading this pack adds to a process (Linux reports KB)."""
    def peak(arg: str) -> int:
        out = subprocess.run([sys.executable, "-c", RSS_PROBE, arg], check=True, capture_output=True, text=True, timeout=600)
        return int(out.stdout.strip().splitlines()[-1])

    return max(0, peak(str(root)) - peak("-")) / 1024


def growth(results: list[Result], name: str) -> float | None:
    """The exponent k in time ~ N^k between the smallest and largest sizes measured."""
    points = sorted((r.n, r.value_ms) for r in results if r.name == name)
    if len(points) < 2 or points[0][0] == points[-1][0] or points[0][1] <= 0:
        return None
    (n1, t1), (n2, t2) = points[0], points[-1]
    return math.log(t2 / t1) / math.log(n2 / n1)


def run(sizes: list[int], repeat: int, *, tui: bool = True, workdir: Path | None = None, progress: Callable[[str], None] = lambda s: None) -> Report:
    """Every measure at every size; the JSON-ready report."""
    results: list[Result] = []
    rss: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        base = workdir or Path(tmp)
        for n in sizes:
            root = base / f"synthetic-{n}"
            if not (root / "graph").is_dir():
                progress(f"generating a {n}-concept pack…")
                synth.write_pack(root, n)
            target = synth.deepest(synth.generate(n))
            progress(f"measuring at {n} concepts…")
            results.extend(measure_size(root, n, repeat, target))
            rss[str(n)] = round(measure_rss(root) / max(n / 10_000, 1e-9), 2)
    if tui:
        progress("measuring the TUI's first paint…")
        results.append(measure_tui(repeat))
    return {
        "sizes": sizes,
        "results": [r.as_dict() for r in results],
        "growth": {name: _round(growth(results, name)) for name in ("load", "search", "path")},
        "rss_mb": {"per_10k_concepts": rss},
        "machine": {"python": sys.version.split()[0], "cpus": os.cpu_count(), "platform": sys.platform},
    }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


def format_report(report: Report) -> str:
    """A human table of the report."""
    lines = [f"{'measure':<11}{'concepts':>10}{'ours ms':>12}{'baseline ms':>14}{'ratio':>9}"]
    for r in report["results"]:
        lines.append(f"{r['name']:<11}{r['n']:>10}{r['value_ms']:>12.1f}{r['baseline_ms']:>14.1f}{r['ratio']:>9.2f}")
    growth_items = report["growth"].items()
    lines.append("growth exponent (time ~ N^k): " + ", ".join(f"{k} {v}" for k, v in growth_items))
    per = report["rss_mb"]["per_10k_concepts"]
    lines.append("peak RSS per 10,000 concepts (MB): " + ", ".join(f"{n}: {v}" for n, v in per.items()))
    return "\n".join(lines)


def dumps(report: Report) -> str:
    """The report as JSON."""
    return json.dumps(report, indent=2)
