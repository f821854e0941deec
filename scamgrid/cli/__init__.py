"""The one entry point, `scamgrid`. Each command group lives in its own module with `register`.

Commands only parse, call the core and format; errors from the core map to exit codes here:
0 success, 2 bad input (ScamgridError subclasses with exit_code 2), 1 internal failure.
"""

from __future__ import annotations

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

# Modules under scamgrid.cli that define `register(app)`; one per command group.
COMMAND_MODULES = (
    "identifiers",
    "db",
    "ingest",
    "lookup",
    "accounts",
    "audit",
    "demo",
    "serve",
    "text",
    "cdr",
    "cases",
    "screen",
    "share",
    "graph",
    "money",
)


_registered = False


def get_app() -> typer.Typer:
    """The `scamgrid` app with every command group registered (once)."""
    global _registered
    if not _registered:
        for name in COMMAND_MODULES:
            module = import_module(f"scamgrid.cli.{name}")
            register: Callable[[typer.Typer], None] = module.register
            register(app)
        _registered = True
    return app


def main(argv: list[str] | None = None) -> None:
    get_app()(args=argv)
