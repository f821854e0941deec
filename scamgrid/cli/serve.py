"""`scamgrid serve`: the API (and later the pages) on one port."""

from __future__ import annotations

import typer
import uvicorn

from scamgrid.api.app import create_app
from scamgrid.store import database


def serve(
    host: str = typer.Option("127.0.0.1", "--host", help="Interface to listen on."),
    port: int = typer.Option(8000, "--port", help="Port to listen on."),
) -> None:
    """Serve the JSON API (and pages) over HTTP."""
    run_server(host, port)


def run_server(host: str, port: int) -> None:
    database.upgrade()
    uvicorn.run(create_app(), host=host, port=port, log_level="info", access_log=False)


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)
