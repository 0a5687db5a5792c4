"""`conceptmap export ...`: glossary, learning paths and graph pictures (see conceptmap.export)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from ..export.formats import FORMATS, GRAPH_FORMATS, PATH_FORMATS, SORTS, TEXT_FORMATS
from ..text import plural
from . import cli
from .common import Options, fail, level_option

pass_options = click.make_pass_decorator(Options)


def output_options(what: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """The -o/--output and --force options every export takes; ``what`` says what -o names."""

    def add(command: Callable[..., Any]) -> Callable[..., Any]:
        command = click.option("--force", is_flag=True, help="Overwrite the output if it exists.")(command)
        return click.option("-o", "--output", "out", required=True, metavar="PATH", help=f"{what}; - prints a text format.")(command)

    return add


def deliver(out: str, fmt: str, render: Callable[[], str], write: Callable[[Path], Path], what: str) -> None:
    """Print a text format for `-o -`; otherwise write the output and say where it went."""
    if out == "-":
        if fmt not in TEXT_FORMATS:
            fail(f"--format {fmt} cannot be printed; give -o a path")
        click.echo(render(), nl=False)
        return
    written = write(Path(out))
    click.echo(f"Wrote {what} ({fmt}) to {written}")


@cli.group()
def export() -> None:
    """Write the glossary, a learning path or the graph to files other tools read.

    Nothing is overwritten without --force; the output is the same for the same
    input (no timestamps), so exports diff cleanly.
    """


@export.command("glossary")
@click.option("--format", "fmt", type=click.Choice(FORMATS), required=True, help="md, html, json, csv, anki (.apkg) or obsidian (a vault folder).")
@output_options("File to write (a folder for obsidian)")
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
    """The glossary as a document, a web page, data, an Anki deck or an Obsidian vault."""
    from ..export import render_glossary, select_concepts, write_glossary

    if depth and not path_goal:
        fail("--depth needs --path GOAL (to leave out deep concepts, use --depth-max)")
    session = opts.session()
    graph = session.graph
    concepts = select_concepts(
        session, areas=areas, known=known, path_goal=path_goal, depth=level_option(depth), depth_max=level_option(depth_max)
    )
    if not concepts:
        fail("no concepts match these options")
    marks = frozenset(session.known)
    deliver(
        out,
        fmt,
        lambda: render_glossary(graph, concepts, fmt, sort=sort, known=marks),
        lambda path: write_glossary(graph, concepts, fmt, path, force=force, sort=sort, known=marks),
        f"{len(concepts)} concepts",
    )


@export.command("path")
@click.argument("goal", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(PATH_FORMATS), required=True, help="md (a checklist), json or csv.")
@output_options("File to write")
@click.option("--depth", metavar="LEVEL", help="Depth limit: overview, use, how or theory (default: what the goal asks for).")
@click.option("--max-hops", type=click.IntRange(0, 10_000), help="Also cut prerequisites more than N links from the target.")
@pass_options
def export_path(opts: Options, goal: tuple[str, ...], fmt: str, out: str, force: bool, depth: str | None, max_hops: int | None) -> None:
    """A learning path as a checklist, JSON or CSV (what you know is left out)."""
    from ..export import render_path, write_path
    from .core import path_report

    report = path_report(opts, " ".join(goal), depth, max_hops, False, fmt == "json")
    deliver(
        out,
        fmt,
        lambda: render_path(report, fmt),
        lambda path: write_path(report, fmt, path, force=force),
        f"a path of {plural(len(report.steps), 'step')}",
    )


@export.command("graph")
@click.option("--format", "fmt", type=click.Choice(GRAPH_FORMATS), required=True, help="dot, mermaid, or svg (runs Graphviz).")
@output_options("File to write (svg needs Graphviz)")
@click.option("--around", metavar="ID", help="Only concepts near this one (id, title or alias).")
@click.option("--radius", type=click.IntRange(0, 1000), metavar="N", help="With --around: how many links away (default 1).")
@click.option("--path", "path_goal", metavar="GOAL", help="Only the concepts on the learning path to GOAL.")
@click.option("--depth", metavar="LEVEL", help="With --path: the depth limit.")
@pass_options
def export_graph(
    opts: Options, fmt: str, out: str, force: bool, around: str | None, radius: int | None, path_goal: str | None, depth: str | None
) -> None:
    """The prerequisite graph: arrows from prerequisite to concept, depth as colour and column."""
    from ..export import graph_scope, render_graph, write_graph

    if radius is not None and not around:
        fail("--radius needs --around ID")
    if depth and not path_goal:
        fail("--depth needs --path GOAL")
    session = opts.session()
    concepts = graph_scope(session, around=around, radius=1 if radius is None else radius, path_goal=path_goal, depth=level_option(depth))
    deliver(
        out,
        fmt,
        lambda: render_graph(concepts, fmt),
        lambda path: write_graph(concepts, fmt, path, force=force),
        f"{len(concepts)} concepts",
    )
