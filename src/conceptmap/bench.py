"""`conceptmap bench`: how fast, measured as ratios against a floor taken in the same run.

Each measure runs interleaved with its baseline (ours, theirs, ours, theirs...)
and reports medians, so a noisy shared machine slows both alike. Baselines:

* load: libyaml's CSafeLoader parsing the same YAML files, plus reading the Markdown;
* warm load: the same baseline, against a start that reuses the parsed-pack cache;
* search: ``rapidfuzz.process.extract`` over the same titles and aliases;
* path: ``networkx.ancestors`` plus a topological sort of that set;
* TUI ready: a minimal Textual app with one Markdown widget, both started cold in
  a subprocess and stopped at their first paint;
* memory: peak RSS of a process that loads the pack, less one that does not;
* end to end (``cli_*``): each command a user types, as a fresh process with the
  parsed-pack cache and goal index warm (as on any second start), against a fresh
  ``python -c`` that parses the same YAML with libyaml and reads the Markdown (the
  floor), and against a warm ``conceptmap stats`` on the same pack;
* goal understanding: opening the goal index and parsing one goal on the bundled
  graph, in process and warm, against a fixed budget (``budgets``).

Every row also carries its spread: the min and max of each side over the runs,
and of the ratio of each run to the baseline run beside it.
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
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypedDict

import yaml

from . import synth
from .loader import PackSource, bundled_pack_root, pack_sources, read_packs
from .model import Graph

QUERIES = ("gradient model", "bayesian encodr", "deep tensor 4", "xqz")


class Report(TypedDict):
    """What ``run`` measured, ready for JSON."""

    sizes: list[int]
    results: list[dict[str, object]]  # Result.as_dict() of each measure
    growth: dict[str, float | None]
    rss_mb: dict[str, dict[str, float]]
    machine: dict[str, object]
    budgets: list[dict[str, object]]  # Budget.as_dict() of each measure held to a fixed time


@dataclass
class Result:
    """One measure at one size: medians of ours and of the baseline, and every run of each."""

    name: str
    n: int
    value_ms: float
    baseline_ms: float
    mine: list[float] = field(default_factory=list)  # every run, ms
    base: list[float] = field(default_factory=list)  # every baseline run, ms, paired with ``mine``
    baseline: str = ""  # what the floor is
    target: float | None = None  # the ratio it should stay under, where the issue sets one
    pack: str = "synthetic"  # or "bundled"

    @property
    def ratio(self) -> float:
        """How many times the baseline's time ours takes."""
        return self.value_ms / self.baseline_ms if self.baseline_ms else float("inf")

    @property
    def holds(self) -> bool | None:
        """Whether the median ratio is within the target (None: no target)."""
        return None if self.target is None else self.ratio <= self.target

    def as_dict(self) -> dict[str, object]:
        """JSON shape: name, n, value_ms, baseline_ms, ratio; added later: the spread, baseline, target, holds, pack."""
        out: dict[str, object] = {
            "name": self.name,
            "n": self.n,
            "value_ms": round(self.value_ms, 3),
            "baseline_ms": round(self.baseline_ms, 3),
            "ratio": round(self.ratio, 3),
        }
        if self.mine and self.base:
            ratios = [m / b for m, b in zip(self.mine, self.base) if b]
            out["value_range_ms"] = [round(min(self.mine), 3), round(max(self.mine), 3)]
            out["baseline_range_ms"] = [round(min(self.base), 3), round(max(self.base), 3)]
            out["ratio_range"] = [round(min(ratios), 3), round(max(ratios), 3)] if ratios else None
            out["runs"] = len(self.mine)
        out["baseline"] = self.baseline
        out["target"] = self.target
        out["holds"] = self.holds
        out["pack"] = self.pack
        return out


def paired(name: str, n: int, mine: list[float], base: list[float], baseline: str, target: float | None = None, pack: str = "synthetic") -> Result:
    """A result from paired runs: medians of each side, every run kept for the spread."""
    return Result(name, n, statistics.median(mine), statistics.median(base), mine, base, baseline, target, pack)


@dataclass
class Budget:
    """One measure held to a fixed time rather than to a baseline."""

    name: str
    n: int
    runs: list[float]  # ms
    budget_ms: float
    what: str

    def as_dict(self) -> dict[str, object]:
        """JSON shape: name, n, value_ms (median), value_range_ms, budget_ms, holds (median within budget), what."""
        median = statistics.median(self.runs)
        return {
            "name": self.name,
            "n": self.n,
            "value_ms": round(median, 3),
            "value_range_ms": [round(min(self.runs), 3), round(max(self.runs), 3)],
            "runs": len(self.runs),
            "budget_ms": self.budget_ms,
            "holds": median <= self.budget_ms,
            "what": self.what,
        }


def interleaved_runs(ours: Callable[[], object], theirs: Callable[[], object], repeat: int) -> tuple[list[float], list[float]]:
    """Milliseconds of every run of ours and theirs, run alternately (theirs first in each pair)."""
    mine: list[float] = []
    base: list[float] = []
    for _ in range(repeat):
        for fn, sink in ((theirs, base), (ours, mine)):
            start = time.perf_counter()
            fn()
            sink.append((time.perf_counter() - start) * 1000)
    return mine, base


def interleaved(ours: Callable[[], object], theirs: Callable[[], object], repeat: int) -> tuple[float, float]:
    """Median milliseconds of ours and theirs, run alternately."""
    mine, base = interleaved_runs(ours, theirs, repeat)
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
    mine, base = interleaved_runs(lambda: read_packs(sources), baseline, repeat)
    results.append(paired("load", n, mine, base, "libyaml parse + read Markdown (in process)", 1.5))
    with tempfile.TemporaryDirectory() as cache, _env({"CONCEPTMAP_CACHE_DIR": cache}):
        load_cached(sources)  # prime
        mine, base = interleaved_runs(lambda: load_cached(sources), baseline, repeat)
    results.append(paired("warm_load", n, mine, base, "libyaml parse + read Markdown (in process)", 0.3))
    graph = read_packs(sources).graph
    results.append(_search(graph, n, repeat))
    results.append(_path(graph, n, repeat, target))
    return results


@contextmanager
def _env(values: dict[str, str | None]) -> Iterator[None]:
    """Environment variables set (None: unset) for the block, restored after."""
    previous = {key: os.environ.get(key) for key in values}
    try:
        _set_env(values)
        yield
    finally:
        _set_env(previous)


def _set_env(values: dict[str, str | None]) -> None:
    """Set each variable (None: unset it)."""
    for key, value in values.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


def _search(graph: Graph, n: int, repeat: int) -> Result:
    """One run is every query of QUERIES once; its time is the mean per query, on either side."""
    from rapidfuzz import fuzz, process

    from .search import SearchIndex

    index = SearchIndex(graph)
    index.search(QUERIES[0], limit=10)  # the index is built once, beside the pack's cache in real use; not part of a query
    choices = [name for c in graph for name in (c.title, *c.aliases)]

    def ours() -> None:
        """Every query once, through our index."""
        for query in QUERIES:
            index.search(query, limit=10)

    def theirs() -> None:
        """Every query once, through rapidfuzz alone."""
        for query in QUERIES:
            process.extract(query, choices, scorer=fuzz.WRatio, limit=10)

    mine, base = interleaved_runs(ours, theirs, repeat)
    per_query = len(QUERIES)
    return paired(
        "search", n, [m / per_query for m in mine], [b / per_query for b in base], "rapidfuzz extract (in process)", 1.5
    )


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

    mine, base = interleaved_runs(lambda: planner.plan(target, Depth.THEORY), theirs, repeat)
    return paired("path", n, mine, base, "networkx ancestors + topological sort (in process)", 2.0)


def _first_paint(which: str, env: dict[str, str]) -> float:
    """Milliseconds from launching `python -m conceptmap.tui.ready WHICH` to its first paint."""
    start = time.time_ns()
    run = subprocess.run(
        [sys.executable, "-m", "conceptmap.tui.ready", which],
        check=True,
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    return (int(run.stdout.split()[-1]) - start) / 1e6


def measure_tui(repeat: int, bytecode: Path) -> Result:
    """First paint of our TUI on the bundled graph vs a minimal Markdown app, both cold.

    Timed from launch to first paint (the child notes the moment): what either does
    after its first frame, its exit included, is not what a user waits for. Bytecode
    is cached for both, as in ``cli_env``.
    """
    with tempfile.TemporaryDirectory() as data, tempfile.TemporaryDirectory() as cache:
        env = cli_env(Path(cache), Path(data), bytecode)
        _first_paint("app", env)  # prime the pack cache, as a second start would
        mine: list[float] = []
        base: list[float] = []
        for _ in range(repeat):  # interleaved, as every other measure
            base.append(_first_paint("minimal", env))
            mine.append(_first_paint("app", env))
    n = len(read_packs(pack_sources()).graph)
    return paired("tui_ready", n, mine, base, "minimal Textual Markdown app, first paint", 1.3, "bundled")


# The floor of a command a user types: a fresh Python that imports PyYAML, parses the
# same pack's YAML with libyaml and reads its Markdown, and does nothing with either.
FLOOR_SCRIPT = """
import sys
from pathlib import Path

import yaml

loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
for root in map(Path, sys.argv[1:]):
    data = [yaml.load(p.read_text(encoding="utf-8"), Loader=loader) for p in sorted((root / "graph").glob("*.yaml"))]
    texts = [p.read_text(encoding="utf-8") for p in sorted((root / "glossary").glob("*.md"))]
"""
FLOOR = "python -c: import yaml, libyaml parse + read Markdown (fresh process)"
WARM_STATS = "conceptmap stats, warm (fresh process)"
CLI_TARGET = 1.5
#: Goals for the in-process goal-understanding measure, on the bundled graph (the issue's examples and a typo).
GOALS = (
    "use LDA for topic modelling",
    "predict which customers will leave",
    "pass the AWS ML specialty exam",
    "understand how transformers work",
    "derive backpropagation",
    "bayesain optimisation of hyperparameters",
)
GOAL_BUDGET_MS = 20.0


@dataclass(frozen=True)
class Probe:
    """What a user would type at one pack: a goal in words, the id it means, a search, a title to show."""

    pack: str  # "bundled" or "synthetic"
    n: int
    pack_args: tuple[str, ...]  # global options that load this pack and nothing else
    roots: tuple[Path, ...]  # the pack folders the floor parses
    goal: str
    target: str
    query: str
    title: str


def bundled_probe() -> Probe:
    """The bundled graph, with the issue's example goal."""
    graph = read_packs([PackSource(bundled_pack_root(), "bundled")]).graph
    target = "latent-dirichlet-allocation"
    return Probe("bundled", len(graph), (), (bundled_pack_root(),), "use LDA for topic modelling", target, "topic model", graph.concepts[target].title)


def synthetic_probe(root: Path, entries: list[synth.Entry]) -> Probe:
    """A synthetic pack: the first use-level concept from the middle of the pack on, asked for by its title's words."""
    middle = len(entries) // 2
    entry = next((e for e in entries[middle:] if e["depth"] == 1), entries[middle])
    title = entry["title"]
    return Probe(
        "synthetic",
        len(entries),
        ("--pack", str(root), "--no-bundled"),
        (root,),
        f"learn to use {title.lower()}",  # not a name: it goes through the ranker
        entry["id"],
        " ".join(title.split()[:3]).lower(),  # two words and a noun, as people search
        title,
    )


def _conceptmap(*args: str) -> list[str]:
    """The command a user types: the installed `conceptmap` script beside this Python, else `python -m conceptmap`."""
    script = Path(sys.executable).with_name("conceptmap")
    if script.is_file() and os.access(script, os.X_OK):
        return [str(script), *args]
    return [sys.executable, "-m", "conceptmap", *args]


def _timed(command: list[str], env: dict[str, str]) -> float:
    """Milliseconds a fresh process takes, from launch to exit; output goes to /dev/null as with `> /dev/null`."""
    start = time.perf_counter()
    run = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, timeout=1800, check=False)
    elapsed = (time.perf_counter() - start) * 1000
    if run.returncode != 0:
        last = run.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
        raise RuntimeError(f"bench: {' '.join(command[2:])[:200]} exited {run.returncode}: {last[0]}")
    return elapsed


def cli_env(cache: Path, data: Path, bytecode: Path) -> dict[str, str]:
    """The environment of every end-to-end run: its own cache and progress folders, no other packs.

    Bytecode is cached (in ``bytecode``, not beside the sources), as on any installed
    copy: a ``PYTHONDONTWRITEBYTECODE`` in this shell would otherwise make every start
    of ours compile its modules while the floor's PyYAML was compiled when installed.
    """
    dropped = ("CONCEPTMAP_PACKS", "CONCEPTMAP_NO_CACHE", "CONCEPTMAP_DEBUG", "PYTHONDONTWRITEBYTECODE")
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    return {
        **env,
        "CONCEPTMAP_CACHE_DIR": str(cache),
        "CONCEPTMAP_DATA_DIR": str(data),
        "PYTHONIOENCODING": "utf-8",
        "PYTHONPYCACHEPREFIX": str(bytecode),
    }


def measure_cli(probe: Probe, repeat: int, env: dict[str, str]) -> list[Result]:
    """Each command as a fresh process, warm, interleaved with the floor and a warm `stats` in the same run.

    Every command runs once first (building the parsed-pack cache and the goal index,
    as the first start after installing or editing a pack does); the runs measured are
    second starts. The order rotates between repetitions, so no command always follows
    the same one.
    """
    check = subprocess.run(_conceptmap(*probe.pack_args, "path", probe.goal, "--json"), capture_output=True, env=env, timeout=1800, check=False)
    if check.returncode != 0 or json.loads(check.stdout)["target"]["id"] != probe.target:
        raise RuntimeError(f"bench: the goal {probe.goal!r} does not plan {probe.target} (exit {check.returncode})")
    commands = {
        "floor": [sys.executable, "-c", FLOOR_SCRIPT, *map(str, probe.roots)],
        "stats": _conceptmap(*probe.pack_args, "stats"),
        "path_words": _conceptmap(*probe.pack_args, "path", probe.goal),
        "path_id": _conceptmap(*probe.pack_args, "path", probe.target),
        "search": _conceptmap(*probe.pack_args, "search", probe.query),
        "show": _conceptmap(*probe.pack_args, "show", probe.title),
    }
    for command in commands.values():
        _timed(command, env)  # prime: caches built, files in the OS cache
    runs: dict[str, list[float]] = {key: [] for key in commands}
    order = list(commands)
    for turn in range(repeat):
        shift = turn % len(order)
        for key in order[shift:] + order[:shift]:
            runs[key].append(_timed(commands[key], env))
    n, pack, floor, stats = probe.n, probe.pack, runs["floor"], runs["stats"]
    return [
        paired("cli_path", n, runs["path_words"], floor, FLOOR, CLI_TARGET, pack),
        paired("cli_stats", n, stats, floor, FLOOR, None, pack),
        paired("cli_path_words", n, runs["path_words"], stats, WARM_STATS, CLI_TARGET, pack),
        paired("cli_path_id", n, runs["path_id"], stats, WARM_STATS, CLI_TARGET, pack),
        paired("cli_search", n, runs["search"], stats, WARM_STATS, CLI_TARGET, pack),
        paired("cli_show", n, runs["show"], stats, WARM_STATS, CLI_TARGET, pack),
    ]


def measure_goal(repeat: int, cache: Path) -> Budget:
    """Goal understanding on the bundled graph, warm: open the goal index and parse one goal, per goal of GOALS.

    Warm as in a second start: the pack is loaded from its cache, the index file
    exists and every goal was parsed once before (imports done). Each run opens a new
    parser and empties the stem cache, as a fresh process would have them.
    """
    from . import text
    from .cache import index_folder, load_cached
    from .goal import GoalError, GoalParser

    with _env({"CONCEPTMAP_CACHE_DIR": str(cache), "CONCEPTMAP_NO_CACHE": None}):
        result = load_cached([PackSource(bundled_pack_root(), "bundled")])
    folder = index_folder(result.packs)

    def understand(goal: str) -> None:
        """Open a parser as a fresh process would, parse one goal, close it."""
        parser = GoalParser(result.graph, result.stamp, folder)
        try:
            parser.parse(goal)
        except GoalError:
            pass
        finally:
            parser.index.db.close()

    for goal in GOALS:
        understand(goal)  # prime
    runs: list[float] = []
    for _ in range(repeat):
        for goal in GOALS:
            text.stem.cache_clear()
            start = time.perf_counter()
            understand(goal)
            runs.append((time.perf_counter() - start) * 1000)
    return Budget("goal", len(result.graph), runs, GOAL_BUDGET_MS, "open the goal index and parse one goal (bundled graph, warm, in process)")


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


def run(
    sizes: list[int],
    repeat: int,
    *,
    tui: bool = True,
    cli: bool = True,
    workdir: Path | None = None,
    progress: Callable[[str], None] = lambda s: None,
) -> Report:
    """Every measure at every size; the JSON-ready report.

    With a workdir, generated packs and the end-to-end runs' cache are kept there
    and reused; progress files always go to a temporary folder.
    """
    results: list[Result] = []
    budgets: list[Budget] = []
    rss: dict[str, float] = {}
    load_before = _load_average()
    with tempfile.TemporaryDirectory() as tmp:
        base = workdir or Path(tmp)
        cache = base / "cache"
        data = Path(tmp) / "data"
        data.mkdir()
        env = cli_env(cache, data, base / "bytecode")
        if cli:
            progress("measuring commands end to end on the bundled graph…")
            results.extend(measure_cli(bundled_probe(), repeat, env))
            progress("measuring goal understanding on the bundled graph…")
            budgets.append(measure_goal(repeat, cache))
        for n in sizes:
            root = base / f"synthetic-{n}"
            if not (root / "graph").is_dir():
                progress(f"generating a {n}-concept pack…")
                synth.write_pack(root, n)
            entries = synth.generate(n)
            progress(f"measuring at {n} concepts…")
            results.extend(measure_size(root, n, repeat, synth.deepest(entries)))
            rss[str(n)] = round(measure_rss(root) / max(n / 10_000, 1e-9), 2)
            if cli:
                progress(f"measuring commands end to end at {n} concepts…")
                results.extend(measure_cli(synthetic_probe(root, entries), repeat, env))
        if tui:
            progress("measuring the TUI's first paint…")
            results.append(measure_tui(repeat, base / "bytecode"))
    return {
        "sizes": sizes,
        "results": [r.as_dict() for r in results],
        "growth": {name: _round(growth(results, name)) for name in ("load", "search", "path")},
        "rss_mb": {"per_10k_concepts": rss},
        "machine": {
            "python": sys.version.split()[0],
            "cpus": os.cpu_count(),
            "platform": sys.platform,
            "load_average": [load_before, _load_average()],  # 1-minute load when the run began and ended
            "date": time.strftime("%Y-%m-%d"),
            "repeat": repeat,
        },
        "budgets": [b.as_dict() for b in budgets],
    }


def _load_average() -> float | None:
    """The 1-minute load average, where the platform has one."""
    try:
        return round(os.getloadavg()[0], 2)
    except (AttributeError, OSError):
        return None


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


def format_report(report: Report) -> str:
    """A human table of the report: medians, each side's range and the range of paired ratios."""
    lines = [
        f"{'measure':<15}{'concepts':>9}{'ours ms':>10}{'range':>18}{'base ms':>10}{'range':>18}{'ratio':>7}{'range':>14}  target",
    ]
    for r in report["results"]:
        lines.append(
            f"{r['name']:<15}{r['n']:>9}{r['value_ms']:>10.1f}{_span(r.get('value_range_ms')):>18}"
            f"{r['baseline_ms']:>10.1f}{_span(r.get('baseline_range_ms')):>18}{r['ratio']:>7.2f}"
            f"{_span(r.get('ratio_range'), 2):>14}  {_verdict(r.get('target'), r.get('holds'))}"
        )
    for b in report.get("budgets", []):
        lines.append(
            f"{b['name']:<15}{b['n']:>9}{b['value_ms']:>10.1f}{_span(b['value_range_ms']):>18}"
            f"   budget {b['budget_ms']:g} ms: {'holds' if b['holds'] else 'FAILS'} ({b['what']})"
        )
    baselines: dict[str, list[str]] = {}
    for r in report["results"]:
        names = baselines.setdefault(str(r.get("baseline") or "-"), [])
        if str(r["name"]) not in names:
            names.append(str(r["name"]))
    lines.extend(f"  {', '.join(names)}: against {base}" for base, names in baselines.items())
    growth_items = report["growth"].items()
    lines.append("growth exponent (time ~ N^k): " + ", ".join(f"{k} {v}" for k, v in growth_items))
    per = report["rss_mb"]["per_10k_concepts"]
    lines.append("peak RSS per 10,000 concepts (MB): " + ", ".join(f"{n}: {v}" for n, v in per.items()))
    machine = report["machine"]
    lines.append(f"machine: {machine}")
    return "\n".join(lines)


def _span(pair: object, digits: int = 1) -> str:
    """[low, high] as "low-high"."""
    if not isinstance(pair, list) or len(pair) != 2:
        return "-"
    return f"{pair[0]:.{digits}f}-{pair[1]:.{digits}f}"


def _verdict(target: object, holds: object) -> str:
    """"<= 1.5: holds", or "-" without a target."""
    if target is None:
        return "-"
    return f"<= {target}: {'holds' if holds else 'FAILS'}"


def dumps(report: Report) -> str:
    """The report as JSON."""
    return json.dumps(report, indent=2)
