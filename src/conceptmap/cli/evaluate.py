"""`conceptmap eval goals FILE`: how well goals in words are understood, on any pack."""

from __future__ import annotations

from pathlib import Path

import click

from . import cli
from .common import Options, emit_json, wrap

pass_options = click.make_pass_decorator(Options)
CANT_TELL = "can't tell"


@cli.group(name="eval")
def evaluate() -> None:
    """Measure the content: how well goals in words are understood."""


@evaluate.command()
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the figures and misses as JSON, per split.")
@click.option("--misses", "show_misses", is_flag=True, help="List every goal not understood right.")
@pass_options
def goals(opts: Options, file: Path, as_json: bool, show_misses: bool) -> None:
    """Top-1, top-3, level accuracy and can't-tell precision on a goal file (see docs/cli.md)."""
    from ..goaleval import SPLITS, load_cases
    from ..goaleval import evaluate as run

    cases = load_cases(file)
    reports = run(opts.session().goals, cases)
    if as_json:
        emit_json({name: reports[name].as_dict() for name in (*SPLITS, "all")})
        return
    for name in (*SPLITS, "all"):
        report = reports[name]
        click.echo(
            f"{name:>9}: {len(report.outcomes)} goals · top-1 {report.top1:.1%} · top-3 {report.top3:.1%} · "
            f"level {report.level:.1%} · can't tell: precision {report.cannot_tell_precision:.1%}, "
            f"recall {report.cannot_tell_recall:.1%} · wrong plans offering a target: {report.offered_when_wrong:.1%}"
        )
    if show_misses:
        click.echo("")
        for outcome in reports["all"].misses:
            expected = ", ".join(outcome.case.targets) or CANT_TELL
            got = outcome.answer or CANT_TELL
            click.echo(wrap(f"{file.name}:{outcome.case.line}: {outcome.case.goal!r} -> {got} (expected {expected})"))
