"""The core commands: search, show, path, ladder, known, next, check, stats, tracks."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from ..problems import EXIT_BAD_INPUT, EXIT_OK, EXIT_PROBLEMS, ConceptmapError, Severity
from ..text import clip, plural, shorten
from . import cli
from .common import WIDTH, Options, badge, echo_markdown, emit_json, level_option, minutes_text, wrap

if TYPE_CHECKING:
    from ..goal import UnclearGoal
    from ..report import PathReport, Schedule

pass_options = click.make_pass_decorator(Options)


@cli.command()
@click.argument("query", nargs=-1, required=True)
@click.option("--limit", default=10, show_default=True, type=click.IntRange(1, 1000), help="How many results.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON: a list of {id, title, aliases, depth, score}.")
@pass_options
def search(opts: Options, query: tuple[str, ...], limit: int, as_json: bool) -> None:
    """Find concepts by title, alias or acronym (typos welcome), then by definition."""
    session = opts.session()
    hits = session.index.search(" ".join(query), limit=limit)
    if as_json:
        emit_json([h.as_dict() for h in hits])
        return
    if not hits:
        click.echo("No match. Try fewer words or another spelling.")
        return
    for hit in hits:
        c = hit.concept
        line = f"{badge(c.depth)}{c.title}  ({c.id})"
        click.echo(line[:WIDTH])
        if c.summary:
            click.echo(wrap(c.summary[:150] + ("…" if len(c.summary) > 150 else ""), "          "))


@cli.command()
@click.argument("concept", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True, help="Print JSON with every field.")
@pass_options
def show(opts: Options, concept: tuple[str, ...], as_json: bool) -> None:
    """Show one concept: definition, prerequisites and what it unlocks."""
    session = opts.session()
    c = session.concept(" ".join(concept))
    unlocks = session.graph.unlocks(c.id)
    known = session.known
    if as_json:
        emit_json(
            {
                "id": c.id,
                "title": c.title,
                "aliases": list(c.aliases),
                "depth": c.depth.label,
                "area": c.area,
                "minutes": c.minutes,
                "requires": list(c.requires),
                "requires_any": [list(g) for g in c.requires_any],
                "unlocks": unlocks,
                "related": list(c.related),
                "tags": list(c.tags),
                "resources": [r.as_dict() for r in c.resources],
                "known": c.id in known,
                "definition": c.definition,
            }
        )
        return
    g = session.graph
    click.echo(f"{c.title}  [{c.depth.label}]  {g.area_title(c.area)} · {minutes_text(c.minutes)}" + ("  ✓ known" if c.id in known else ""))
    if c.aliases:
        click.echo(wrap("also: " + ", ".join(c.aliases)))
    click.echo("")
    echo_markdown(c.definition, g.concepts)
    click.echo("")

    def names(ids: list[str] | tuple[str, ...]) -> str:
        return ", ".join(("✓ " if i in known else "") + (g.concepts[i].title if i in g.concepts else i) for i in ids)

    if c.requires:
        click.echo(wrap("Needs: " + names(c.requires)))
    for group in c.requires_any:
        click.echo(wrap("Needs one of: " + names(group)))
    if unlocks:
        click.echo(wrap("Unlocks: " + names(unlocks)))
    if c.related:
        click.echo(wrap("Related: " + names(c.related)))
    if c.resources:
        click.echo("Where to learn it:")
    for r in c.resources:
        click.echo(wrap(f"- {r.title} ({r.kind}{'' if r.free else ', paid'})", "  "))
        click.echo(f"  {r.url}")  # on its own line, never wrapped


def _print_report(report: PathReport) -> None:
    """The path as text for people."""
    understood, plan = report.understood, report.plan
    target = report.target
    click.echo(wrap(f"Goal: {clip(report.goal, 300)}"))
    if understood.track is not None:
        click.echo(wrap(f"Track: {understood.track.title} ({understood.track.id}) · {plural(len(understood.targets), 'goal')}, planned together"))
    else:
        click.echo(wrap(f"Target: {target.title} ({target.id}) · planned at level: {plan.depth_limit.label}"))
        if understood.also:
            click.echo(wrap("Also: " + ", ".join(f"{c.title} ({c.id})" for c in understood.also)))
    if report.alternatives:
        others = ", ".join(c.title for c in report.alternatives)
        click.echo(wrap(f"(ambiguous; it could also be: {others}. Add words to say which.)"))
    if report.empty_message is not None:
        click.echo(wrap(report.empty_message))
        return
    hops = f" (max {plan.max_hops} hops)" if plan.max_hops is not None else ""
    click.echo(f"Path: {plural(len(report.steps), 'concept')}, {minutes_text(report.total_minutes)}{hops}")
    click.echo("")
    for view in report.steps:
        c = view.concept
        head = f"{view.number:>3}. {badge(c.depth)}{c.title}"
        mins = minutes_text(c.minutes)
        click.echo(head[: WIDTH - len(mins) - 1].ljust(WIDTH - len(mins) - 1) + mins)
        if len(view.why_titles) > 1:
            click.echo(wrap(clip(view.reason, 400), "               "))
    if report.schedule is not None:
        _print_weeks(report.schedule)
    if report.known_skipped:
        click.echo("")
        click.echo(wrap(f"Skipped as known: {plural(len(report.known_skipped), 'concept')}."))
    if report.rabbit_holes:
        click.echo("")
        click.echo(f"Rabbit holes cut ({len(report.rabbit_holes)}):")
        for hole in report.rabbit_holes:
            users = ", ".join(report.title(u) for u in hole.needed_for)
            adds = f"{plural(hole.adds_concepts, 'concept')}, {minutes_text(hole.adds_minutes)}"
            click.echo(wrap(f"- {hole.concept.title} [{report.hole_label(hole)}] needed by {users}; would add {adds}", "  "))
    deeper = report.deeper
    if deeper is not None:
        click.echo("")
        level = deeper.depth.label
        if deeper.concepts:
            click.echo(wrap(f"One level deeper ({level}) adds {plural(deeper.concepts, 'concept')}, {minutes_text(deeper.minutes)}: --depth {level}"))
        else:
            click.echo(wrap(f"One level deeper ({level}) adds nothing: no prerequisite was cut."))


def _print_weeks(schedule: Schedule) -> None:
    """The steps in weeks: each week's dates, load and steps, then when the goal is reached."""
    click.echo("")
    click.echo(wrap(f"In weeks, at {schedule.pace_text}:"))
    for week in schedule.weeks:
        click.echo(wrap(f"{week.label} ({week.dates(schedule.start.year)}): {week.summary} ({week.step_numbers})"))
        click.echo(wrap(clip(", ".join(view.concept.title for view in week.steps), 400), "     "))
    click.echo(wrap(f"{schedule.finish_text}."))


def note_ambiguity(report: PathReport) -> None:
    """Say on stderr when a goal could mean several concepts, and which were passed over."""
    understood = report.understood
    if report.alternatives and understood.target is not None:
        others = "; ".join(f"{c.ref} ({c.title})" for c in report.alternatives)
        click.echo(f"conceptmap: note: {shorten(understood.text)} is ambiguous; planned for {understood.target.id}. Other candidates: {others}", err=True)


def path_report(
    opts: Options,
    text: str,
    depth: str | None,
    max_hops: int | None,
    ignore_known: bool,
    as_json: bool,
    *,
    hours_per_week: str | None = None,
    start: str | None = None,
) -> PathReport:
    """The report for a goal, or exit 2 after saying the goal is unclear (shared by `path` and `export path`).

    ``hours_per_week`` and ``start`` are the options as typed; with them the report holds
    the weekly plan (``report.schedule``). A bad value is one line and exit 2.
    """
    from ..goal import UnclearGoal
    from ..schedule import parse_hours, parse_start

    if start is not None and hours_per_week is None:
        raise ConceptmapError("--start needs --hours-per-week (the hours you have each week)")
    hours = parse_hours(hours_per_week) if hours_per_week is not None else None
    first_day = parse_start(start) if start is not None else None  # checked before the packs load
    session = opts.session()
    try:
        report = session.path_report(
            text, level_option(depth), max_hops=max_hops, ignore_known=ignore_known, hours_per_week=hours, start=first_day
        )
    except UnclearGoal as exc:
        _say_unclear(text, exc, as_json)
        raise click.exceptions.Exit(EXIT_BAD_INPUT) from None
    note_ambiguity(report)
    return report


@cli.command()
@click.argument("goal", nargs=-1, required=True)
@click.option("--depth", "depth", metavar="LEVEL", help="Depth limit: overview, use, how or theory (default: what the goal asks for).")
@click.option("--max-hops", type=click.IntRange(0, 10_000), help="Also cut prerequisites more than N links from the target.")
@click.option("--ignore-known", is_flag=True, help="Plan as if nothing were known.")
@click.option("--hours-per-week", metavar="N", help="Split the path into weeks of N hours (e.g. 5 or 2.5): each week's steps and when the goal is reached.")
@click.option("--start", metavar="YYYY-MM-DD", help="With --hours-per-week: the first day of week 1 (default today).")
@click.option("--json", "as_json", is_flag=True, help="Print the path as JSON.")
@pass_options
def path(
    opts: Options,
    goal: tuple[str, ...],
    depth: str | None,
    max_hops: int | None,
    ignore_known: bool,
    hours_per_week: str | None,
    start: str | None,
    as_json: bool,
) -> None:
    """The shallowest learning path to a goal, e.g. `path use LDA for topic modelling`."""
    report = path_report(opts, " ".join(goal), depth, max_hops, ignore_known, as_json, hours_per_week=hours_per_week, start=start)
    if as_json:
        emit_json(report.to_json())
        return
    _print_report(report)


def _say_unclear(text: str, exc: UnclearGoal, as_json: bool) -> None:
    """A goal below the confidence floor: say so, with the nearest candidates and why each matched."""
    if as_json:
        emit_json({"goal": text[:1000], "understood": False, "candidates": [c.as_dict() for c in exc.candidates]})
        return
    if not exc.candidates:
        click.echo(f"conceptmap: {exc}; try other words, or `conceptmap search` for a name", err=True)
        return
    # Every line starts "conceptmap: " like any other message of ours on stderr.
    click.echo(f"conceptmap: {exc}; the nearest concepts (plan one with `conceptmap path ID`):", err=True)
    for candidate in exc.candidates[:5]:
        why = ", ".join(f"'{word}' in its {where}" for word, where in candidate.why.items()) or "a weak match"
        click.echo(f"conceptmap:   {candidate.ref} ({candidate.title}): {why}"[:300], err=True)


@cli.command()
@click.argument("goal", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True, help="Print the ladder as JSON.")
@pass_options
def ladder(opts: Options, goal: tuple[str, ...], as_json: bool) -> None:
    """What the path to a goal costs at each level: overview, use, how, theory."""
    report = path_report(opts, " ".join(goal), None, None, False, as_json)
    target, rungs = report.target, report.ladder
    if as_json:
        emit_json(
            {
                "goal": report.goal,
                "target": {"id": target.id, "title": target.title, "depth": target.depth.label},
                "levels": [
                    {"depth": r.depth.label, "concepts": r.concepts, "minutes": r.minutes, "rabbit_holes": r.rabbit_holes}
                    for r in rungs
                ],
            }
        )
        return
    click.echo(wrap(f"{target.title}: what each level of depth costs"))
    for r in rungs:
        mark = " ←" if r.depth == report.depth_limit else ""
        click.echo(f"  {r.depth.label:<9} {plural(r.concepts, 'concept'):>13}  {minutes_text(r.minutes):>12}  {r.rabbit_holes:>3} cut{mark}")


@cli.group()
def known() -> None:
    """Mark concepts as known so paths shrink (saved under your user data folder)."""


@known.command("add")
@click.argument("concepts", nargs=-1, required=True)
@pass_options
def known_add(opts: Options, concepts: tuple[str, ...]) -> None:
    """Mark concepts known (ids, titles or aliases)."""
    session = opts.session()
    ids = [session.concept(c).id for c in concepts]
    session.set_known(ids, True)
    click.echo(f"Marked {len(ids)} known: {', '.join(ids)}")


@known.command("remove")
@click.argument("concepts", nargs=-1, required=True)
@pass_options
def known_remove(opts: Options, concepts: tuple[str, ...]) -> None:
    """Unmark concepts (ids, titles or aliases; ids the graph no longer has work too)."""
    session = opts.session()
    ids = [c if c in session.known else session.concept(c).id for c in concepts]
    session.set_known(ids, False)
    click.echo(f"Unmarked {len(ids)}: {', '.join(ids)}")


@known.command("list")
@click.option("--orphans", is_flag=True, help="Only marks for ids no loaded pack has (kept, never deleted).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_options
def known_list(opts: Options, orphans: bool, as_json: bool) -> None:
    """List what you marked known."""
    from ..progress import orphans as find_orphans

    session = opts.session()
    marks = session.store.load().known
    lost = find_orphans(set(marks), session.graph.concepts)
    ids = lost if orphans else sorted(marks)
    if as_json:
        g = session.graph
        emit_json(
            {
                "known": [{"id": i, "title": g.concepts[i].title if i in g.concepts else None, "marked": marks[i]} for i in ids],
                "orphans": lost,
                "file": str(session.store.path),
            }
        )
        return
    if not ids:
        click.echo("No orphaned marks." if orphans else "Nothing marked known yet: `conceptmap known add ID`.")
        return
    for i in ids:
        c = session.graph.concepts.get(i)
        click.echo(f"{i}" + (f"  ({c.title})" if c else "  (not in any loaded pack; kept)"))


@cli.command("next")
@click.option("--limit", default=20, show_default=True, type=click.IntRange(1, 100_000))
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_options
def next_cmd(opts: Options, limit: int, as_json: bool) -> None:
    """What you can learn now: concepts whose prerequisites are all known."""
    session = opts.session()
    ready = session.next_up()[:limit]
    if as_json:
        emit_json([{"id": c.id, "title": c.title, "depth": c.depth.label, "area": c.area, "minutes": c.minutes} for c in ready])
        return
    for c in ready:
        click.echo(f"{badge(c.depth)}{c.title}  ({minutes_text(c.minutes)})"[:WIDTH])


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print problems as JSON.")
@click.option("--quiet", "-q", is_flag=True, help="Only the summary line.")
@pass_options
def check(opts: Options, as_json: bool, quiet: bool) -> None:
    """Check the packs: every problem with file and line. Exit 0 clean, 1 problems, 2 unreadable."""
    from ..checker import check as run_check
    from ..loader import load

    result = load(opts.packs, bundled=opts.bundled)
    problems = run_check(result)
    errors = [p for p in problems if p.severity is not Severity.WARNING]
    warnings = len(problems) - len(errors)
    fatal = any(p.severity is Severity.FATAL for p in problems)
    code = EXIT_BAD_INPUT if fatal else EXIT_PROBLEMS if errors else EXIT_OK
    if as_json:
        emit_json({"concepts": len(result.graph), "problems": [p.as_dict() for p in problems], "exit": code})
    else:
        if not quiet:
            for problem in problems:
                click.echo(str(problem), err=problem.severity is not Severity.WARNING)
        summary = f"{len(result.graph)} concepts, {len(errors)} problem(s), {warnings} warning(s)"
        click.echo(summary if code == EXIT_OK else f"conceptmap check: {summary}", err=code != EXIT_OK)
    raise SystemExit(code)


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_options
def stats(opts: Options, as_json: bool) -> None:
    """Counts: concepts, links, definitions, per area and per depth."""
    session = opts.session()
    g = session.graph
    areas: dict[str, int] = {}
    depths = {"overview": 0, "use": 0, "how": 0, "theory": 0}
    beyond_overview = resourced = 0
    for c in g:
        areas[c.area] = areas.get(c.area, 0) + 1
        depths[c.depth.label] += 1
        if c.depth > 0:
            beyond_overview += 1
            resourced += bool(c.resources)
    data = {
        "concepts": len(g),
        "edges": g.edge_count(),
        "with_definition": sum(1 for c in g if c.definition),
        "areas": dict(sorted(areas.items())),
        "depths": depths,
        "minutes": sum(c.minutes for c in g),
        "known": len(session.known & set(g.concepts)),
        # where to learn: use, how and theory concepts with at least one resource
        "with_resources": {"concepts": resourced, "of": beyond_overview, "share": round(resourced / beyond_overview, 3) if beyond_overview else 0.0},
    }
    if as_json:
        emit_json(data)
        return
    click.echo(f"{data['concepts']} concepts, {data['edges']} prerequisite links, {data['with_definition']} with definitions")
    click.echo(f"Where to learn: {resourced} of {beyond_overview} use/how/theory concepts have a resource")
    click.echo("By depth: " + ", ".join(f"{k} {v}" for k, v in depths.items()))
    for area, count in sorted(areas.items()):
        click.echo(f"  {g.area_title(area):<40} {count:>5}")


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_options
def tracks(opts: Options, as_json: bool) -> None:
    """Named learning tracks, with your progress on each."""
    session = opts.session()
    out = [(track, session.track_progress(track)) for track in session.graph.tracks]
    if as_json:
        emit_json(
            [
                {
                    "id": t.id,
                    "title": t.title,
                    "description": t.description,
                    "concepts": p.concepts,
                    "known": p.known,
                    "goals": [
                        {
                            "goal": g.text,
                            "target": g.target.id if g.target else None,
                            "depth": g.depth.label if g.depth is not None else None,
                            "steps": g.steps,
                            "known": g.known,
                            "done": g.done,
                        }
                        for g in p.goals
                    ],
                }
                for t, p in out
            ]
        )
        return
    if not out:
        click.echo("No tracks in the loaded packs.")
    for t, p in out:
        click.echo(f"{t.title} ({t.id}): {p.known}/{plural(p.concepts, 'concept')} known")
        for g in p.goals:
            mark = "✓" if g.done else " "
            text = g.target.title if g.text.startswith("id:") and g.target is not None else g.text
            click.echo(f"  [{mark}] {text}"[:WIDTH])


__all__ = ["EXIT_BAD_INPUT"]
