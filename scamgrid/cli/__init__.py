"""The one entry point, `scamgrid`. Each command group lives in its own module with `register`.

Commands only parse, call the core and format; errors from the core map to exit codes here:
0 success, 2 bad input (ScamgridError subclasses with exit_code 2), 1 internal failure.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from importlib import import_module
from typing import Any

import typer
from typer.core import TyperGroup

from scamgrid.errors import ScamgridError


class _Commands(TyperGroup):
    """The top-level group: maps the error tree to exit codes for every command below it."""

    # Any: typer vendors click, and its Context type is not importable as a public name.
    def invoke(self, ctx: Any) -> object:
        try:
            return super().invoke(ctx)
        except ScamgridError as error:
            typer.echo(f"error: {error.message}", err=True)
            raise typer.Exit(error.exit_code) from None


app = typer.Typer(
    name="scamgrid",
    cls=_Commands,
    help="Pool, match and analyse scam signals across agencies and borders.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
def _group() -> None:
    # A callback keeps `scamgrid` a group even when only one command is registered (see
    # get_app): Typer would otherwise run that lone command as the program itself.
    pass


# Modules under scamgrid.cli that define `register(app)`, with the top-level names each adds.
# A command imports only its own module: importing them all (sklearn, scipy, matplotlib, the
# name-screening tables...) costs seconds before `scamgrid normalize` could print a number.
# tests/cli/test_entry_point.py checks these names against what the modules register.
COMMAND_MODULES: dict[str, tuple[str, ...]] = {
    "identifiers": ("normalize", "extract"),
    "db": ("db", "agency", "group"),
    "ingest": ("ingest",),
    "lookup": ("lookup",),
    "accounts": ("user", "token"),
    "audit": ("audit", "keys"),
    "demo": ("demo",),
    "serve": ("serve",),
    "text": ("text", "check"),
    "cdr": ("cdr",),
    "cases": ("stats", "compound", "rescue", "repatriation", "watchlist", "operation", "report"),
    "screen": ("screen", "names"),
    "share": ("share", "peer", "federation"),
    "graph": ("graph",),
    "money": ("money",),
    "person": ("person",),
}
_OWNER = {command: module for module, names in COMMAND_MODULES.items() for command in names}
_registered: set[str] = set()


def get_app(command: str | None = None) -> typer.Typer:
    """The `scamgrid` app with every command group registered, or only the one that owns
    `command` when it names one (help and unknown names get everything)."""
    wanted = [_OWNER[command]] if command in _OWNER else list(COMMAND_MODULES)
    for name in wanted:
        if name not in _registered:
            register: Callable[[typer.Typer], None] = import_module(f"scamgrid.cli.{name}").register
            register(app)
            _registered.add(name)
    return app


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    get_app(args[0] if args else None)(args=args)
