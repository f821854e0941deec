"""`scamgrid serve`: the API (and the pages) on one port."""

from __future__ import annotations

import typer
import uvicorn

from scamgrid.store import database


def serve(
    host: str = typer.Option("127.0.0.1", "--host", help="Interface to listen on."),
    port: int = typer.Option(8000, "--port", help="Port to listen on."),
    workers: int = typer.Option(
        1, "--workers", min=1, help="Worker processes (one per core for heavy look-up loads)."
    ),
) -> None:
    """Serve the JSON API (and pages) over HTTP."""
    run_server(host, port, workers)


def run_server(host: str, port: int, workers: int = 1) -> None:
    database.upgrade()
    uvicorn.run(
        "scamgrid.api.app:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="info",
        access_log=False,
    )


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)
