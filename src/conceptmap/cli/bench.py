"""`conceptmap bench`: speed against baselines measured in the same run (see conceptmap.bench)."""

from __future__ import annotations

from pathlib import Path

import click

from . import cli


@cli.command()
@click.option("--concepts", "sizes", multiple=True, type=click.IntRange(10, 1_000_000), help="Pack size to measure (repeatable). Default: 1000 and 10000.")
@click.option("--repeat", default=5, show_default=True, type=click.IntRange(1, 100), help="Runs of each measure; medians are reported.")
@click.option("--no-tui", is_flag=True, help="Skip the TUI first-paint measure.")
@click.option("--no-cli", is_flag=True, help="Skip the end-to-end measures (commands as fresh processes) and goal understanding.")
@click.option("--workdir", type=click.Path(file_okay=False, path_type=Path), help="Keep generated packs and their cache here (reused next time).")
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help='Print JSON: {"sizes", "results": [{"name","n","value_ms","baseline_ms","ratio",...}], "budgets", "growth", "rss_mb", "machine"}.',
)
def bench(sizes: tuple[int, ...], repeat: int, no_tui: bool, no_cli: bool, workdir: Path | None, as_json: bool) -> None:
    """Measure load, search, path, commands end to end, goal understanding, TUI start and memory against baselines."""
    from ..bench import dumps, format_report, run

    report = run(
        sorted(set(sizes or (1000, 10_000))),
        repeat,
        tui=not no_tui,
        cli=not no_cli,
        workdir=workdir,
        progress=lambda message: click.echo(message, err=True),
    )
    click.echo(dumps(report) if as_json else format_report(report))
