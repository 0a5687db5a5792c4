"""The path report: one object built by the session, rendered alike by the CLI, the exports and the TUI."""

from __future__ import annotations

import ast
import csv
import io
import json
from pathlib import Path

import pytest

from conceptmap import export
from conceptmap.model import Depth
from conceptmap.planner import HoleReason, Plan
from conceptmap.report import JSON_VERSION
from conceptmap.session import Session
from conftest import concept

SRC = Path(__file__).resolve().parent.parent / "src" / "conceptmap"

RESOURCE = {"title": "Guide to the goal", "url": "https://example.com/goal", "kind": "docs", "free": True}


@pytest.fixture
def pack(make_pack):
    return make_pack(
        [
            concept("basics", 0, title="Basics"),
            concept("middle", 1, ["basics"], title="Middle ground", minutes=20),
            concept("deep-background", 2, ["basics"], title="Deep background"),
            concept("goal", 1, ["middle", "deep-background"], title="Goal concept", resources=[RESOURCE]),
        ]
    )


@pytest.fixture
def session(pack, tmp_path):
    return Session([pack], bundled=False, progress_path=tmp_path / "progress.yaml")


def args(pack, *rest):
    return ["--no-bundled", "--pack", str(pack), *rest]


def test_json_shape(session):
    data = session.path_report("goal").to_json()
    assert data["version"] == JSON_VERSION
    assert data["target"] == {"id": "goal", "title": "Goal concept", "depth": "use"}
    assert [s["id"] for s in data["steps"]] == ["basics", "middle", "goal"]
    assert data["steps"][-1]["resources"] == [RESOURCE] and data["steps"][0]["resources"] == []
    assert data["rabbit_holes"] == [
        {"id": "deep-background", "title": "Deep background", "depth": "how", "needed_for": ["goal"], "reason": "depth", "adds": {"concepts": 1, "minutes": 10}}
    ]
    assert data["deeper"] == {"depth_limit": "how", "adds": 1, "minutes": 10}
    assert data["total_minutes"] == 40 == sum(s["minutes"] for s in data["steps"])
    assert data["understood"]["target"] == "goal"


def test_rabbit_holes_carry_a_reason_enum(session):
    report = session.path_report("goal", max_hops=1)
    reasons = {h.concept.id: h.reason for h in report.rabbit_holes}
    assert reasons == {"deep-background": HoleReason.DEPTH, "basics": HoleReason.HOPS}
    assert [report.hole_label(h) for h in report.rabbit_holes] == ["too far", "how"]


def test_steps_carry_running_minutes_and_reasons(session):
    report = session.path_report("goal")
    assert [v.cumulative_minutes for v in report.steps] == [10, 30, 40]
    assert [v.number for v in report.steps] == [1, 2, 3]
    assert report.steps[0].reason == "for Middle ground → Goal concept"
    assert report.steps[-1].reason == "your goal"


def test_known_skipped_lists_every_step_the_marks_took_away(session):
    """Marking 'middle' known takes 'basics' off too: both are counted, not only the mark the walk met."""
    everything = session.path_report("goal")
    session.set_known(["middle"])
    report = session.path_report("goal")
    assert [v.concept.id for v in report.steps] == ["goal"]
    assert report.known_skipped == ("basics", "middle")
    assert len(report.known_skipped) == len(everything.steps) - len(report.steps)


def test_empty_path_says_why(session):
    session.set_known(["goal"])
    report = session.path_report("goal")
    assert report.steps == () and report.empty_message == "You already know this one."
    session.set_known(["goal"], False)
    assert session.path_report("goal").empty_message is None


def test_ladder_is_planned_only_when_asked(session, monkeypatch):
    calls = []
    report = session.path_report("goal")
    original = report._planner.ladder
    monkeypatch.setattr(report._planner, "ladder", lambda *a, **k: calls.append(1) or original(*a, **k))
    assert calls == []
    assert [r.concepts for r in report.ladder] == [1, 3, 4, 4]
    assert [r.concepts for r in report.ladder] == [1, 3, 4, 4]
    assert calls == [1]  # computed once, then kept


def test_cli_exports_and_report_agree(cli, pack, session):
    """The CLI's text and JSON, and every path export, show the numbers of one report."""
    report = session.path_report("goal")
    shown = cli(*args(pack, "path", "goal", "--json")).json()
    assert shown == json.loads(json.dumps(report.to_json()))
    exported = cli(*args(pack, "export", "path", "goal", "--format", "json", "-o", "-")).json()
    assert exported == shown
    text = cli(*args(pack, "path", "goal")).out
    assert "Path: 3 concepts, 40 min" in text and "One level deeper (how) adds 1 concept, 10 min" in text
    markdown = export.render_path(report, "md")
    assert "- Steps: 3" in markdown and "- Time: 40 min" in markdown and "- Rabbit holes cut: 1" in markdown
    assert "learn it: [Guide to the goal](<https://example.com/goal>) · docs" in markdown
    rows = list(csv.DictReader(io.StringIO(export.render_path(report, "csv"), newline="")))
    assert [r["id"] for r in rows] == [s["id"] for s in shown["steps"]]
    assert rows[-1]["cumulative_minutes"] == str(shown["total_minutes"]) and rows[-1]["resources"] == RESOURCE["url"]


def test_a_long_chain_is_reported_in_linear_work(make_pack, tmp_path, monkeypatch):
    """No per-step rebuild of the path's id list (the old report was quadratic): count the rebuilds."""
    n = 3000
    chain = [concept(f"c{i}", 1, [f"c{i - 1}"] if i else []) for i in range(n)]
    chain.append(concept("deep", 2, [f"c{n - 1}"]))
    chain.append(concept("top", 1, [f"c{n - 1}", "deep"]))
    pack = make_pack(chain)
    session = Session([pack], bundled=False, progress_path=tmp_path / "p.yaml")
    session.set_known(["c10"])
    rebuilds = []
    original = Plan.ids.fget
    monkeypatch.setattr(Plan, "ids", property(lambda plan: rebuilds.append(1) or original(plan)))
    report = session.path_report("top")
    assert len(report.steps) == n - 11 + 1 and report.deeper is not None and report.deeper.concepts == 1
    assert len(report.known_skipped) == 11
    assert len(rebuilds) <= 4  # a fixed number of set builds, whatever the length
    assert all(len(v.why_titles) <= 12 for v in report.steps)
    report.to_json()
    assert len(rebuilds) <= 4


LAYERS = ("cli", "export", "tui")
#: What the layers may take from the goal module: the types they render, never the parser's workings.
GOAL_TYPES = {"Goal", "Candidate", "UnclearGoal", "GoalError"}


def _imports(path: Path):
    """(absolute module, names) for each import of a module under src/conceptmap."""
    package = ["conceptmap", *path.relative_to(SRC).parent.parts]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from ((alias.name, set(), node.lineno) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join([*base, *([node.module] if node.module else [])])
            yield module, {alias.name for alias in node.names}, node.lineno


def test_layers_render_the_report_and_import_no_planner_or_goal_internals():
    offenders = []
    for layer in LAYERS:
        for path in (SRC / layer).rglob("*.py"):
            for module, names, line in _imports(path):
                core = module.startswith("conceptmap.") and module.split(".")[1] not in LAYERS
                private = {n for n in names if n.startswith("_")}
                if module == "conceptmap.planner" or (module == "conceptmap.goal" and names - GOAL_TYPES) or (core and private):
                    offenders.append(f"{path.relative_to(SRC)}:{line} {module} {sorted(names)}")
    assert offenders == []


def test_theory_has_nothing_deeper(session):
    report = session.path_report("goal", Depth.THEORY)
    assert report.deeper is None and report.rabbit_holes == []
    assert "deeper" not in report.to_json()


def test_the_schedule_is_in_the_json_only_when_asked(session):
    from datetime import date

    assert "schedule" not in session.path_report("goal").to_json()
    report = session.path_report("goal", hours_per_week=0.5, start=date(2026, 12, 7))
    data = report.to_json()
    assert data["version"] == JSON_VERSION  # an addition: the version stays
    assert data["schedule"] == report.schedule.to_json()
    assert data["schedule"]["finish"] == "2026-12-20" and [w["steps"] for w in data["schedule"]["weeks"]] == [["basics", "middle"], ["goal"]]
    assert data["steps"] == session.path_report("goal").to_json()["steps"]  # the rest is unchanged


def test_changing_the_hours_plans_nothing_again_and_keeps_the_ladder(session, monkeypatch):
    from datetime import date

    report = session.path_report("goal")
    ladder = report.ladder
    plans = []
    monkeypatch.setattr(Plan, "ids", property(lambda plan: plans.append(1)))  # any planning or report building reads ids
    monkeypatch.setattr(report._planner, "ladder", lambda *a, **k: plans.append(1))
    weekly = report.with_schedule(1, date(2026, 12, 7))
    assert weekly.ladder is ladder and plans == []
    assert weekly.schedule is not None and weekly.schedule.finish == date(2026, 12, 13)
    assert weekly.steps == report.steps and report.schedule is None  # the report it came from is unchanged
    assert weekly.with_schedule(None).schedule is None
