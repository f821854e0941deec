"""`scamgrid serve`: the API (and the pages) on one port."""

from __future__ import annotations

import threading

import typer
import uvicorn

from scamgrid import settings
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
    stop = start_federation()
    try:
        _run(host, port, workers)
    finally:
        stop.set()


def start_federation() -> threading.Event:
    """Sync with every peer in the background, every SCAMGRID_FEDERATION_INTERVAL seconds."""
    from scamgrid.sharing.federation.sync import run_forever

    stop = threading.Event()
    interval = float(settings.FEDERATION_INTERVAL.get() or 0)
    if interval > 0:
        node = settings.NODE_NAME.get()
        threading.Thread(
            target=run_forever, args=(node, interval, stop), name="federation", daemon=True
        ).start()
    return stop


def _run(host: str, port: int, workers: int) -> None:
    uvicorn.run(
        "scamgrid.api.app:create_server_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="info",
        access_log=False,
    )


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)
