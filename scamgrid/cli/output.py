"""Printing for commands: JSON for machines (`--json`), plain lines for people."""

from __future__ import annotations

from typing import Any

import orjson
import typer

JSON_OPTION = typer.Option(False, "--json", help="Print machine-readable JSON.")


def print_json(data: Any) -> None:
    typer.echo(orjson.dumps(data, option=orjson.OPT_INDENT_2, default=str).decode())


def fail(message: str, code: int = 2) -> None:
    """Stop a command with a message on stderr and an exit code (2: bad input)."""
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)
