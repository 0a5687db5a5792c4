"""The command line, run as a user would: JSON shapes, human output, error exits."""

from __future__ import annotations

import pytest

from conftest import concept


@pytest.fixture
def pack(make_pack):
    return make_pack(
        [
            concept("basics", 0, title="Basics", aliases=["BSC"]),
            concept("middle", 1, ["basics"], title="Middle ground"),
            concept("deep-background", 2, ["basics"], title="Deep background"),
            concept("goal", 1, ["middle", "deep-background"], title="Goal concept", aliases=["GC"]),
        ],
        tracks=[{"id": "t", "title": "A track", "goals": ["use goal concept", "id:basics"]}],
    )


def args(pack, *rest):
    return ["--no-bundled", "--pack", str(pack), *rest]


def test_search_json_shape(cli, pack):
    run = cli(*args(pack, "search", "gc", "--json"))
    assert run.code == 0
    hits = run.json()
    assert hits[0] == {"id": "goal", "title": "Goal concept", "aliases": ["GC"], "depth": "use", "score": 99.0}


def test_show_json_shape(cli, pack):
    data = cli(*args(pack, "show", "middle", "--json")).json()
    assert {"id", "title", "aliases", "depth", "area", "minutes", "requires", "unlocks", "definition"} <= set(data)
    assert data["requires"] == ["basics"] and data["unlocks"] == ["goal"]


def test_path_json_shape_and_rabbit_holes(cli, pack):
    data = cli(*args(pack, "path", "use goal concept", "--json")).json()
    assert data["goal"] == "use goal concept"
    assert data["target"] == {"id": "goal", "title": "Goal concept", "depth": "use"}
    assert data["depth_limit"] == "use"
    assert [s["id"] for s in data["steps"]] == ["basics", "middle", "goal"]
    assert data["rabbit_holes"][0]["id"] == "deep-background"
    assert data["rabbit_holes"][0]["needed_for"] == ["goal"]
    assert data["total_minutes"] == 30


def test_path_depth_option(cli, pack):
    data = cli(*args(pack, "path", "goal", "--depth", "how", "--json")).json()
    assert "deep-background" in [s["id"] for s in data["steps"]] and data["rabbit_holes"] == []


def test_known_shrinks_the_path(cli, pack):
    assert cli(*args(pack, "known", "add", "middle")).code == 0
    data = cli(*args(pack, "path", "goal", "--json")).json()
    assert [s["id"] for s in data["steps"]] == ["goal"]
    assert cli(*args(pack, "path", "goal", "--ignore-known", "--json")).json()["steps"][0]["id"] == "basics"
    listed = cli(*args(pack, "known", "list", "--json")).json()
    assert [k["id"] for k in listed["known"]] == ["middle"]
    assert cli(*args(pack, "known", "remove", "middle")).code == 0
    assert cli(*args(pack, "known", "list", "--json")).json()["known"] == []


def test_one_level_deeper_line(cli, pack):
    assert "One level deeper (how) adds 1 concept, 10 min: --depth how" in cli(*args(pack, "path", "goal")).out
    assert "One level deeper (how) adds nothing: no prerequisite was cut." in cli(*args(pack, "path", "middle")).out


def test_an_empty_path_says_why(cli, pack, tmp_path):
    cli(*args(pack, "known", "add", "middle"))
    assert "Nothing to learn: you know Middle ground, which builds on Basics." in cli(*args(pack, "path", "basics")).out
    assert "You already know this one." in cli(*args(pack, "path", "middle")).out
    exported = tmp_path / "basics.md"
    assert cli(*args(pack, "export", "path", "basics", "--format", "md", "-o", str(exported))).code == 0
    assert "Nothing to learn: you know Middle ground, which builds on Basics." in exported.read_text()


def test_orphans_listed(cli, pack, make_pack):
    cli(*args(pack, "known", "add", "middle"))
    other = make_pack([concept("solo", 0)])
    run = cli(*args(other, "known", "list", "--orphans", "--json"))
    assert run.json()["orphans"] == ["middle"]


def test_next_stats_ladder_tracks(cli, pack):
    assert [c["id"] for c in cli(*args(pack, "next", "--json")).json()] == ["basics"]
    stats = cli(*args(pack, "stats", "--json")).json()
    assert stats["concepts"] == 4 and stats["edges"] == 4 and stats["with_definition"] == 4
    assert stats["areas"] == {"general": 4}
    ladder = cli(*args(pack, "ladder", "goal", "--json")).json()
    assert [r["concepts"] for r in ladder["levels"]] == [1, 3, 4, 4]  # overview: the target alone, its use-level needs cut
    tracks = cli(*args(pack, "tracks", "--json")).json()
    assert tracks[0]["id"] == "t" and tracks[0]["goals"][1]["target"] == "basics"


def test_human_output_fits_80_columns(cli, pack):
    for command in (["path", "goal"], ["show", "goal"], ["search", "goal"], ["ladder", "goal"], ["stats"]):
        run = cli(*args(pack, *command))
        assert run.code == 0
        assert max(len(line) for line in run.out.splitlines()) <= 80, command


@pytest.mark.parametrize(
    "command",
    [
        ["show", "no-such-thing"],
        ["path", "qqqqq zzzzz"],
        ["path", "goal", "--depth", "deepest"],
        ["path", " "],
        ["known", "add", "no-such-thing"],
        ["path", "qzx" * 30_000],
        ["show", "qzx" * 30_000],
    ],
)
def test_bad_input_is_one_line_exit_2(cli, pack, command):
    run = cli(*args(pack, *command))
    assert run.code == 2
    assert "Traceback" not in run.err
    assert len(run.err.strip().splitlines()) == 1
    assert len(run.err) < 300  # a huge argument is quoted cut short, never whole


def test_unreadable_pack_is_exit_2(cli):
    run = cli("--pack", "/no/such/pack", "search", "x")
    assert run.code == 2 and "pack folder not found" in run.err


def test_packs_from_environment(cli, pack):
    run = cli("--no-bundled", "search", "gc", "--json", env={"CONCEPTMAP_PACKS": str(pack)})
    assert run.json()[0]["id"] == "goal"


def test_user_pack_may_require_bundled_concepts(cli, make_pack):
    extra = make_pack([concept("my-topic", 1, ["machine-learning"], title="My special topic")])
    data = cli("--pack", str(extra), "path", "my special topic", "--json").json()
    assert "machine-learning" in [s["id"] for s in data["steps"]]


def test_python_dash_m_and_help(cli):
    run = cli("--help")
    assert run.code == 0 and "search" in run.out and "path" in run.out


def test_tracks_count_shared_prerequisites_once_and_show_titles(cli, pack):
    """Bugs 1 and 4: 'basics' is on both goals' paths but is one concept; goals by id show the title."""
    assert cli(*args(pack, "known", "add", "basics")).code == 0
    (track,) = cli(*args(pack, "tracks", "--json")).json()
    assert [g["steps"] for g in track["goals"]] == [3, 1]
    assert (track["concepts"], track["known"]) == (3, 1)
    text = cli(*args(pack, "tracks")).out
    assert "A track (t): 1/3 concepts known" in text
    assert "[✓] Basics" in text and "id:" not in text


def test_show_renders_markdown_and_never_splits_a_link(cli, make_pack):
    """Bug 3: no raw `**` or `(other.md)`; a web link's address stays whole on its line."""
    url = "https://example.com/" + "a-very-long-path/" * 4 + "page.html"
    definition = f"**Example**: a [basic idea](basics.md) and [the docs]({url}) explain it.\n\n- one\n- two"
    pack = make_pack(
        [concept("basics", 0, title="Basics"), concept("fancy", 1, ["basics"], title="Fancy")],
        definitions={"fancy": definition},
    )
    out = cli(*args(pack, "show", "fancy")).out
    assert "**" not in out and "basics.md" not in out and "Example: a basic idea" in out
    assert any(url in line for line in out.splitlines())
    assert all(line == line.rstrip() for line in out.splitlines())


def test_a_name_two_concepts_share_lists_both(cli, make_pack):
    """Bug 11: `show KNN` where two concepts have the alias names both, exit 2, one line."""
    pack = make_pack([concept("k-nearest", 1, aliases=["KNN"]), concept("k-network", 1, aliases=["KNN"])])
    run = cli(*args(pack, "show", "KNN"))
    assert run.code == 2 and run.out == ""
    assert run.err.count("\n") == 1 and "k-nearest" in run.err and "k-network" in run.err and "give an id" in run.err


def test_a_huge_goal_is_not_echoed_whole(cli, pack):
    """Bug 11: a huge goal is cut in what `path` prints, in text and JSON."""
    goal = "goal concept " + "x" * 100_000  # about the most one argument can hold
    text = cli(*args(pack, "path", goal)).out
    data = cli(*args(pack, "path", goal, "--json")).json()
    assert len(text) < 5_000 and len(data["goal"]) <= 1000 and len(data["understood"]["goal"]) <= 1000


# -- weekly plans: --hours-per-week and --start ------------------------------------------------
WEEKS = ("--hours-per-week", "0.25", "--start", "2026-12-07")  # 15 minutes a week: one 10-minute step each


def test_path_in_weeks_as_text(cli, pack):
    run = cli(*args(pack, "path", "goal", *WEEKS))
    assert run.code == 0, run.err
    out = run.out
    assert "In weeks, at 0.25 h a week from Mon 7 Dec 2026:" in out
    assert "Week 1 (Mon 7 Dec - Sun 13 Dec): 1 step, 10 min (step 1)\n     Basics\n" in out
    assert "Week 3 (Mon 21 Dec - Sun 27 Dec): 1 step, 10 min (step 3)\n     Goal concept\n" in out
    assert "Goal reached by Sun 27 Dec 2026 (3 weeks)." in out
    assert out.index("  3. ") < out.index("In weeks") < out.index("Rabbit holes cut")  # after the steps
    assert "In weeks" not in cli(*args(pack, "path", "goal")).out  # only when asked


def test_path_in_weeks_as_json_and_known_steps_move_the_dates(cli, pack):
    data = cli(*args(pack, "path", "goal", *WEEKS, "--json")).json()
    schedule = data["schedule"]
    assert schedule["hours_per_week"] == 0.25 and schedule["budget_minutes"] == 15 and schedule["start"] == "2026-12-07"
    assert [w["steps"] for w in schedule["weeks"]] == [["basics"], ["middle"], ["goal"]]
    assert schedule["finish"] == "2026-12-27" == schedule["weeks"][-1]["end"]
    assert "schedule" not in cli(*args(pack, "path", "goal", "--json")).json()
    assert cli(*args(pack, "known", "add", "middle")).code == 0
    moved = cli(*args(pack, "path", "goal", *WEEKS, "--json")).json()["schedule"]
    assert [w["steps"] for w in moved["weeks"]] == [["goal"]] and moved["finish"] == "2026-12-13"
    text = cli(*args(pack, "path", "goal", *WEEKS)).out
    assert "Week 1 (Mon 7 Dec - Sun 13 Dec): 1 step, 10 min (step 1)\n     Goal concept\n" in text
    assert "Goal reached by Sun 13 Dec 2026 (1 week)." in text and "Week 2" not in text


def test_path_in_weeks_starts_today_by_default(cli, pack):
    from datetime import date

    schedule = cli(*args(pack, "path", "goal", "--hours-per-week", "5", "--json")).json()["schedule"]
    assert schedule["start"] == date.today().isoformat()
    assert len(schedule["weeks"]) == 1 and schedule["weeks"][0]["steps"] == ["basics", "middle", "goal"]


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--hours-per-week", "0"], "hours per week must be a number above 0 and at most 168"),
        (["--hours-per-week", "five"], "hours per week must be a number above 0 and at most 168"),
        (["--hours-per-week", "-2"], "hours per week must be a number above 0 and at most 168"),
        (["--hours-per-week", "200"], "hours per week must be a number above 0 and at most 168"),
        (["--hours-per-week", "5", "--start", "7/12/2026"], "a start date must be a day as YYYY-MM-DD"),
        (["--hours-per-week", "5", "--start", "2026-02-30"], "a start date must be a day as YYYY-MM-DD"),
        (["--start", "2026-12-07"], "--start needs --hours-per-week"),
        (["--hours-per-week", "0.001", "--start", "9999-12-01"], "after the year 9999"),
    ],
)
def test_bad_weekly_values_are_one_line_and_exit_2(cli, pack, extra, message):
    for json_flag in ([], ["--json"]):
        run = cli(*args(pack, "path", "goal", *extra, *json_flag))
        assert run.code == 2 and run.out == ""
        assert run.err.startswith("conceptmap: ") and message in run.err
        assert run.err.count("\n") == 1 and "Traceback" not in run.err
