"""The command line: `conceptmap` opens the TUI; subcommands script the same core.

Every command loads packs through one `Session`; errors a user can fix are one
line on stderr with exit code 2 (see docs/cli.md), never a traceback.
"""

from __future__ import annotations

import os
import sys
from importlib import import_module

import click

from ..problems import EXIT_BAD_INPUT, ConceptmapError
from .common import CONTEXT_SETTINGS, Options

#: Commands whose modules load only when the command is asked for (or listed in help):
#: `conceptmap path` should not pay for the export formats. `known` lives in core, but
#: its `export`, `import` and `undo` subcommands come from the learner module.
LAZY_COMMANDS: dict[str, str] = {
    "bench": "bench",
    "eval": "evaluate",
    "export": "export",
    "known": "learner",
    "place": "learner",
}


class _Group(click.Group):
    """A group that turns our own errors into one line and exit code 2, and loads rarely used
    command modules on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        """Every command, loaded or not."""
        return sorted(set(super().list_commands(ctx)) | set(LAZY_COMMANDS))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        """A command, importing the module that adds it (or adds to it) first."""
        module = LAZY_COMMANDS.get(cmd_name)
        if module is not None:
            import_module(f"{__name__}.{module}")
        return super().get_command(ctx, cmd_name)

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except ConceptmapError as exc:
            click.echo(f"conceptmap: {exc}", err=True)
            ctx.exit(exc.exit_code)
        except BrokenPipeError:
            # `conceptmap ... | head`: the reader left; stop quietly like other CLI tools.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            ctx.exit(0)
        except KeyboardInterrupt:
            click.echo("conceptmap: interrupted", err=True)
            ctx.exit(130)
        except OSError as exc:
            click.echo(f"conceptmap: {exc.strerror or exc}: {exc.filename or ''}".rstrip(": "), err=True)
            ctx.exit(EXIT_BAD_INPUT)


@click.group(cls=_Group, invoke_without_command=True, context_settings=CONTEXT_SETTINGS)
@click.option("--pack", "packs", multiple=True, metavar="DIR", help="Load a pack folder on top of the bundled one (repeatable; env CONCEPTMAP_PACKS).")
@click.option("--no-bundled", is_flag=True, help="Leave the bundled pack out.")
@click.version_option(package_name="conceptmap")
@click.pass_context
def cli(ctx: click.Context, packs: tuple[str, ...], no_bundled: bool) -> None:
    """conceptmap: the shallowest path through machine learning.

    Run without a command to open the TUI. Exit codes: 0 ok, 1 problems found
    (check), 2 bad input (unknown concept, unreadable pack, bad option).
    """
    ctx.obj = Options(packs, not no_bundled)
    if ctx.invoked_subcommand is None:
        from .launch import run_tui

        run_tui(ctx.obj)


def _register() -> None:
    from . import core  # noqa: F401  (adds the everyday commands to `cli`; LAZY_COMMANDS name the rest)


_register()


def main(argv: list[str] | None = None) -> None:
    """Entry point for the `conceptmap` script and `python -m conceptmap`."""
    if os.environ.get("CONCEPTMAP_DEBUG"):
        cli.main(args=argv, prog_name="conceptmap")
        return
    try:
        cli.main(args=argv, prog_name="conceptmap")
    except SystemExit:
        raise
    except Exception as exc:  # the last line of defence: a bug, not the user's fault
        click.echo(f"conceptmap: internal error: {type(exc).__name__}: {exc} (set CONCEPTMAP_DEBUG=1 for details)", err=True)
        sys.exit(70)
