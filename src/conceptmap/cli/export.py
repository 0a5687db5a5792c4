"""`conceptmap export ...`: glossary, learning paths and graph pictures (see conceptmap.export).

The --format choices and help come from the format registry (conceptmap.export.formats).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from ..export.base import SORTS, GlossaryJob, GraphJob, Job, PathJob, Subject
from ..export.formats import export_format, format_help, names_for, output_help
from ..text import plural
from . import cli
from .common import Options, fail, level_option

pass_options = click.make_pass_decorator(Options)


def format_options(subject: Subject) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """--format (the registry's formats for this subject), -o/--output and --force."""

    def add(command: Callable[..., Any]) -> Callable[..., Any]:
        command = click.option("--force", is_flag=True, help="Overwrite the output if it exists.")(command)
        command = click.option(
            "-o", "--output", "out", required=True, metavar="PATH", help=f"{output_help(subject)}; - prints a text format."
        )(command)
        choice = click.Choice(names_for(subject))
        return click.option("--format", "fmt", type=choice, required=True, help=format_help(subject))(command)

    return add


def deliver(out: str, name: str, job: Job, force: bool, what: str) -> None:
    """Print a text format for `-o -`; otherwise write the output and say where it went."""
    fmt = export_format(name, job.subject)
    if out == "-":
        if not fmt.printable:
            fail(f"--format {name} cannot be printed; give -o a path")
        click.echo(fmt.render_text(job), nl=False)
        return
    written = fmt.write(job, Path(out), force=force)
    click.echo(f"Wrote {what} ({name}) to {written}")


@cli.group()
def export() -> None:
    """Write the glossary, a learning path or the graph to files other tools read.

    Nothing is overwritten without --force; the output is the same for the same
    input (no timestamps), so exports diff cleanly.
    """


@export.command("glossary")
@format_options(Subject.GLOSSARY)
@click.option("--area", "areas", multiple=True, metavar="AREA", help="Only this area, by id or title (repeatable).")
@click.option("--known/--unknown", "known", default=None, help="Only concepts you marked known, or only the others.")
@click.option("--path", "path_goal", metavar="GOAL", help="Only the concepts on the learning path to GOAL.")
@click.option("--depth", metavar="LEVEL", help="With --path: the depth limit (default: what the goal asks for).")
@click.option("--depth-max", metavar="LEVEL", help="Leave out concepts deeper than LEVEL.")
@click.option("--sort", type=click.Choice(SORTS), default="area", show_default=True, help="Group by area, or A-Z.")
@pass_options
def export_glossary(
    opts: Options,
    fmt: str,
    out: str,
    force: bool,
    areas: tuple[str, ...],
    known: bool | None,
    path_goal: str | None,
    depth: str | None,
    depth_max: str | None,
    sort: str,
) -> None:
    """The glossary, or the part of it the options choose, in one of the formats below."""
    from ..export import select_concepts

    if depth and not path_goal:
        fail("--depth needs --path GOAL (to leave out deep concepts, use --depth-max)")
    session = opts.session()
    graph = session.graph
    concepts = select_concepts(
        session, areas=areas, known=known, path_goal=path_goal, depth=level_option(depth), depth_max=level_option(depth_max)
    )
    if not concepts:
        fail("no concepts match these options")
    deliver(out, fmt, GlossaryJob(graph, concepts, sort, frozenset(session.known)), force, f"{len(concepts)} concepts")


@export.command("path")
@click.argument("goal", nargs=-1, required=True)
@format_options(Subject.PATH)
@click.option("--depth", metavar="LEVEL", help="Depth limit: overview, use, how or theory (default: what the goal asks for).")
@click.option("--max-hops", type=click.IntRange(0, 10_000), help="Also cut prerequisites more than N links from the target.")
@click.option("--include-known", is_flag=True, help="Keep the concepts you marked known (the path as if nothing were known).")
@click.option("--hours-per-week", metavar="N", help="Also split the path into weeks of N hours (md, html, json): each week's steps and the finish date.")
@click.option("--start", metavar="YYYY-MM-DD", help="With --hours-per-week: the first day of week 1 (default today).")
@pass_options
def export_path(
    opts: Options,
    goal: tuple[str, ...],
    fmt: str,
    out: str,
    force: bool,
    depth: str | None,
    max_hops: int | None,
    include_known: bool,
    hours_per_week: str | None,
    start: str | None,
) -> None:
    """A learning path, step by step in path order (what you know is left out unless --include-known)."""
    from .core import path_report

    report = path_report(opts, " ".join(goal), depth, max_hops, include_known, fmt == "json", hours_per_week=hours_per_week, start=start)
    job = PathJob(report, frozenset(opts.session().known))
    deliver(out, fmt, job, force, f"a path of {plural(len(report.steps), 'step')}")


@export.command("graph")
@format_options(Subject.GRAPH)
@click.option("--around", metavar="ID", help="Only concepts near this one (id, title or alias).")
@click.option("--radius", type=click.IntRange(0, 1000), metavar="N", help="With --around: how many links away (default 1).")
@click.option("--path", "path_goal", metavar="GOAL", help="Only the concepts on the learning path to GOAL.")
@click.option("--depth", metavar="LEVEL", help="With --path: the depth limit.")
@pass_options
def export_graph(
    opts: Options, fmt: str, out: str, force: bool, around: str | None, radius: int | None, path_goal: str | None, depth: str | None
) -> None:
    """The prerequisite graph: arrows from prerequisite to concept, depth as colour and column."""
    from ..export import graph_scope

    if radius is not None and not around:
        fail("--radius needs --around ID")
    if depth and not path_goal:
        fail("--depth needs --path GOAL")
    session = opts.session()
    concepts = graph_scope(session, around=around, radius=1 if radius is None else radius, path_goal=path_goal, depth=level_option(depth))
    deliver(out, fmt, GraphJob(concepts), force, f"{len(concepts)} concepts")
