"""The core commands: search, show, path, ladder, known, next, check, stats, tracks."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from ..problems import EXIT_BAD_INPUT, EXIT_OK, EXIT_PROBLEMS, Severity
from ..text import shorten
from . import cli
from .common import WIDTH, Options, badge, emit_json, fail, level_option, minutes_text, wrap

if TYPE_CHECKING:
    from ..goal import UnclearGoal

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
                "resources": [{"title": r.title, "url": r.url, "kind": r.kind, "free": r.free} for r in c.resources],
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
    for paragraph in c.definition.split("\n\n"):
        if paragraph.strip().startswith("#"):
            continue
        click.echo(wrap(" ".join(paragraph.split())))
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
    for r in c.resources:
        click.echo(wrap(f"Resource: {r.title} <{r.url}>"))


def _print_plan(session, understood, plan, deeper) -> None:  # type: ignore[no-untyped-def]
    """The plan as text for people."""
    from ..planner import nothing_to_learn

    g = session.graph
    target = plan.target
    click.echo(wrap(f"Goal: {understood.text[:300]}"))
    if understood.track is not None:
        click.echo(wrap(f"Track: {understood.track.title} ({understood.track.id}) · {len(understood.targets)} goals, planned together"))
    else:
        click.echo(wrap(f"Target: {target.title} ({target.id}) · planned at level: {plan.depth_limit.label}"))
        if understood.also:
            click.echo(wrap("Also: " + ", ".join(f"{c.title} ({c.id})" for c in understood.also)))
    if understood.ambiguous:
        others = ", ".join(c.concept.title for c in understood.others[:3])
        click.echo(wrap(f"(ambiguous; it could also be: {others}. Add words to say which.)"))
    if not plan.steps:
        click.echo(wrap(nothing_to_learn(session.graph, plan)))
        return
    click.echo(f"Path: {len(plan.steps)} concepts, {minutes_text(plan.total_minutes)}" + (f" (max {plan.max_hops} hops)" if plan.max_hops is not None else ""))
    click.echo("")
    for number, step in enumerate(plan.steps, 1):
        c = step.concept
        head = f"{number:>3}. {badge(c.depth)}{c.title}"
        mins = minutes_text(c.minutes)
        click.echo(head[: WIDTH - len(mins) - 1].ljust(WIDTH - len(mins) - 1) + mins)
        if len(step.why) > 1:
            chain = " → ".join(g.concepts[i].title for i in step.why[1:])
            click.echo(wrap("for " + chain, "               ")[:400])
    if plan.known_skipped:
        click.echo("")
        click.echo(wrap(f"Skipped as known: {len(plan.known_skipped)} concept(s)."))
    if plan.rabbit_holes:
        click.echo("")
        click.echo(f"Rabbit holes cut ({len(plan.rabbit_holes)}):")
        for hole in plan.rabbit_holes:
            c = hole.concept
            users = ", ".join(g.concepts[u].title for u in hole.needed_for)
            why = "too far" if hole.reason == "hops" else c.depth.label
            click.echo(wrap(f"- {c.title} [{why}] needed by {users}; would add {hole.adds_concepts} concept(s), {minutes_text(hole.adds_minutes)}", "  "))
    if deeper is not None:
        extra = [s for s in deeper.steps if s.concept.id not in set(plan.ids)]
        click.echo("")
        level = deeper.depth_limit.label
        if extra:
            minutes = minutes_text(sum(s.concept.minutes for s in extra))
            click.echo(wrap(f"One level deeper ({level}) adds {len(extra)} concept(s), {minutes}: --depth {level}"))
        else:
            click.echo(wrap(f"One level deeper ({level}) adds nothing: no prerequisite was cut."))


def _note_ambiguity(understood) -> None:  # type: ignore[no-untyped-def]
    """Say on stderr when a goal could mean several concepts, and which were passed over."""
    if understood.ambiguous:
        others = "; ".join(f"{c.concept.id} ({c.concept.title})" for c in understood.others[:3])
        click.echo(f"conceptmap: note: {shorten(understood.text)} is ambiguous; planned for {understood.target.id}. Other candidates: {others}", err=True)


def _deeper(session, plan, ignore_known: bool):  # type: ignore[no-untyped-def]
    if plan.depth_limit >= 3:
        return None
    return session.planner(ignore_known=ignore_known).plan(plan.target.id, plan.depth_limit + 1, max_hops=plan.max_hops)


@cli.command()
@click.argument("goal", nargs=-1, required=True)
@click.option("--depth", "depth", metavar="LEVEL", help="Depth limit: overview, use, how or theory (default: what the goal asks for).")
@click.option("--max-hops", type=click.IntRange(0, 10_000), help="Also cut prerequisites more than N links from the target.")
@click.option("--ignore-known", is_flag=True, help="Plan as if nothing were known.")
@click.option("--json", "as_json", is_flag=True, help="Print the path as JSON.")
@pass_options
def path(opts: Options, goal: tuple[str, ...], depth: str | None, max_hops: int | None, ignore_known: bool, as_json: bool) -> None:
    """The shallowest learning path to a goal, e.g. `path use LDA for topic modelling`."""
    from ..planner import plan_as_dict

    from ..goal import UnclearGoal

    session = opts.session()
    text = " ".join(goal)
    try:
        understood, plan = session.plan(text, level_option(depth), max_hops=max_hops, ignore_known=ignore_known)
    except UnclearGoal as exc:
        _say_unclear(text, exc, as_json)
        raise click.exceptions.Exit(EXIT_BAD_INPUT) from None
    _note_ambiguity(understood)
    deeper = _deeper(session, plan, ignore_known)
    if as_json:
        data = plan_as_dict(plan, text[:1000], deeper)
        data["understood"] = understood.as_dict()
        emit_json(data)
        return
    _print_plan(session, understood, plan, deeper)


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
    session = opts.session()
    text = " ".join(goal)
    understood, _plan = session.plan(text)
    _note_ambiguity(understood)
    assert understood.target is not None
    rungs = session.planner().ladder(understood.target.id)
    if as_json:
        emit_json(
            {
                "goal": text,
                "target": {"id": understood.target.id, "title": understood.target.title, "depth": understood.target.depth.label},
                "levels": [
                    {"depth": r.depth.label, "concepts": r.concepts, "minutes": r.minutes, "rabbit_holes": r.rabbit_holes}
                    for r in rungs
                ],
            }
        )
        return
    click.echo(wrap(f"{understood.target.title}: what each level of depth costs"))
    for r in rungs:
        mark = " ←" if r.depth == understood.depth else ""
        click.echo(f"  {r.depth.label:<9} {r.concepts:>4} concepts  {minutes_text(r.minutes):>12}  {r.rabbit_holes:>3} cut{mark}")


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
    for c in g:
        areas[c.area] = areas.get(c.area, 0) + 1
        depths[c.depth.label] += 1
    data = {
        "concepts": len(g),
        "edges": g.edge_count(),
        "with_definition": sum(1 for c in g if c.definition),
        "areas": dict(sorted(areas.items())),
        "depths": depths,
        "minutes": sum(c.minutes for c in g),
        "known": len(session.known & set(g.concepts)),
    }
    if as_json:
        emit_json(data)
        return
    click.echo(f"{data['concepts']} concepts, {data['edges']} prerequisite links, {data['with_definition']} with definitions")
    click.echo("By depth: " + ", ".join(f"{k} {v}" for k, v in depths.items()))
    for area, count in data["areas"].items():  # type: ignore[union-attr]
        click.echo(f"  {g.area_title(area):<40} {count:>5}")


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_options
def tracks(opts: Options, as_json: bool) -> None:
    """Named learning tracks, with your progress on each."""
    session = opts.session()
    out = []
    for track in session.graph.tracks:
        goals = session.track_progress(track)
        steps = sum(g.steps for g in goals)
        done = sum(g.known for g in goals)
        out.append((track, goals, steps, done))
    if as_json:
        emit_json(
            [
                {
                    "id": t.id,
                    "title": t.title,
                    "description": t.description,
                    "concepts": steps,
                    "known": done,
                    "goals": [
                        {"goal": g.text, "target": g.target.id if g.target else None, "depth": g.depth.label if g.depth is not None else None, "steps": g.steps, "known": g.known, "done": g.done}
                        for g in goals
                    ],
                }
                for t, goals, steps, done in out
            ]
        )
        return
    if not out:
        click.echo("No tracks in the loaded packs.")
    for t, goals, steps, done in out:
        click.echo(f"{t.title} ({t.id}): {done}/{steps} concepts known")
        for g in goals:
            mark = "✓" if g.done else " "
            click.echo(f"  [{mark}] {g.text}"[:WIDTH])


__all__ = ["EXIT_BAD_INPUT"]
