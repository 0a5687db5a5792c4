"""Learning-path exports: the Markdown checklist, JSON (the `path --json` shape) and CSV."""

from __future__ import annotations

import csv
import io
import json

from markdown_it import MarkdownIt

from conceptmap import export
from conceptmap.model import Depth
from test_export_pack import TITLES, args, awkward, session  # noqa: F401


def render(session, fmt, goal="eclair", depth=None):
    report = session.path_report(goal, depth)
    return export.render_path(report, fmt), report.plan


def test_markdown_checklist(session):
    text, plan = render(session, "md")
    steps = [line for line in text.splitlines() if line.startswith("- [ ] ")]
    assert steps == ['- [ ] **Alpha "quoted", with commas** · overview · 10 min', "- [ ] **Éclair été** · use · 45 min"]
    assert "  - for Éclair été" in text and "  - your goal" in text
    holes = text.split("## Rabbit holes")[1].split("## Totals")[0]
    assert "**Delta \\| pipe \\[\\[wiki\\]\\] \\# hash** · theory · needed by Éclair été · would add 1 concept(s), 10 min" in holes  # alpha, on the path, meets its any-of group
    assert "- Steps: 2" in text and "- Time: 55 min" in text and "- Rabbit holes cut: 1" in text


def test_markdown_parses_back(session):
    text, _plan = render(session, "md")
    tokens = MarkdownIt("commonmark").parse(text)
    headings = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"]
    assert headings == ["Learning path: eclair", "Steps", "Rabbit holes", "Totals"]
    inline = " ".join(t.content for t in tokens if t.type == "inline")
    assert "Delta \\| pipe" in inline  # escaped in source: renders as "Delta | pipe"
    rendered = MarkdownIt("commonmark").render(text)
    assert "Delta | pipe [[wiki]] # hash" in rendered


def test_json_is_the_path_json_shape(session):
    text, _plan = render(session, "json")
    assert json.loads(text) == session.path_report("eclair").to_json()


def test_csv_one_row_per_step(session):
    text, plan = render(session, "csv", depth=Depth.THEORY)
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert [r["id"] for r in rows] == plan.ids == ["alpha", "delta", "eclair"]
    assert [r["step"] for r in rows] == ["1", "2", "3"]
    assert [int(r["cumulative_minutes"]) for r in rows] == [10, 20, 65]
    assert rows[0]["title"] == TITLES["alpha"] and rows[0]["needed_for"] == "delta; eclair"
    assert rows[1]["why"] == "delta > eclair"


def test_known_target_says_so(session):
    session.set_known(["eclair"])
    text, _plan = render(session, "md")
    assert "You already know this one." in text and "- [ ]" not in text


def test_cli_path_json_matches_path_command(cli, awkward):
    exported = cli(*args(awkward, "export", "path", "eclair", "--format", "json", "-o", "-"))
    assert exported.code == 0, exported.err
    shown = cli(*args(awkward, "path", "eclair", "--json")).json()
    assert exported.json() == shown  # one report, one JSON: `understood` included in both


def test_cli_path_files_and_options(cli, awkward, tmp_path):
    out = tmp_path / "path.csv"
    run = cli(*args(awkward, "export", "path", "eclair", "--format", "csv", "-o", str(out), "--depth", "theory", "--max-hops", "1"))
    assert run.code == 0, run.err
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"), newline="")))
    assert [r["id"] for r in rows] == ["alpha", "delta", "eclair"]
    again = cli(*args(awkward, "export", "path", "eclair", "--format", "csv", "-o", str(out)))
    assert again.code == 2 and "--force" in again.err


def test_cli_path_bad_goal_and_level(cli, awkward):
    assert cli(*args(awkward, "export", "path", "xyzzy plugh", "--format", "md", "-o", "-")).code == 2
    bad = cli(*args(awkward, "export", "path", "eclair", "--format", "md", "-o", "-", "--depth", "deepest"))
    assert bad.code == 2 and "unknown level" in bad.err


def test_cli_path_weeks_in_every_export_agree_with_path(cli, awkward):
    """One weekly plan: `path --json`, and the md, html and json exports all show the same weeks."""
    pace = ("--hours-per-week", "0.5", "--start", "2026-12-07")
    shown = cli(*args(awkward, "path", "eclair", "--json", *pace)).json()["schedule"]
    assert [w["steps"] for w in shown["weeks"]] == [["alpha"], ["eclair"]]  # 10 min, then 45 min over its own weeks
    exported = cli(*args(awkward, "export", "path", "eclair", "--format", "json", "-o", "-", *pace))
    assert exported.code == 0, exported.err
    assert exported.json()["schedule"] == shown
    md = cli(*args(awkward, "export", "path", "eclair", "--format", "md", "-o", "-", *pace)).out
    tokens = MarkdownIt("commonmark").parse(md)
    assert [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"][-1] == "Weeks"
    assert "**Week 1** (Mon 7 Dec - Sun 13 Dec)" in md and "Goal reached by Sun 27 Dec 2026 (3 weeks)." in md
    page = cli(*args(awkward, "export", "path", "eclair", "--format", "html", "-o", "-", *pace)).out
    from html.parser import HTMLParser

    class Text(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.text: list[str] = []

        def handle_data(self, data: str) -> None:
            self.text.append(data)

    reader = Text()
    reader.feed(page)
    text = "".join(reader.text)
    assert "Week 1" in text and "Goal reached by Sun 27 Dec 2026 (3 weeks)" in text and "<script" not in page
    assert text.index("Week 1") < text.index("Weeks 2-3")
    without = cli(*args(awkward, "export", "path", "eclair", "--format", "md", "-o", "-")).out
    assert "## Weeks" not in without
