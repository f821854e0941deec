"""`scamgrid demo`: seed the demo world (and serve it)."""

from __future__ import annotations

import typer

from scamgrid import settings
from scamgrid.cli.output import JSON_OPTION, print_json
from scamgrid.demo.extras import ensure_text_model, load_feeds
from scamgrid.demo.seed import build_and_seed
from scamgrid.demo.users import demo_logins


def demo(
    seed: int = typer.Option(7, "--seed", help="Random seed; the same seed gives the same world."),
    reports: int = typer.Option(5000, "--reports", help="Number of victim reports."),
    serve: bool = typer.Option(False, "--serve", help="Serve the API afterwards."),
    host: str = typer.Option("127.0.0.1", "--host", help="Interface for --serve."),
    port: int = typer.Option(8000, "--port", help="Port for --serve."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Write a deterministic demo world under $SCAMGRID_HOME/demo and load it into the store."""
    folder = settings.home() / "demo"
    world, summaries = build_and_seed(folder, seed, reports)
    summaries += load_feeds()
    model = ensure_text_model()
    logins = demo_logins()
    if as_json:
        print_json(
            {
                "folder": str(folder),
                "syndicates": len(world.syndicates),
                "ingest": [s.as_dict() for s in summaries],
                "text_model": str(model) if model else None,
                "logins": [login.__dict__ for login in logins],
            }
        )
    else:
        typer.echo(
            f"demo world (seed {seed}) written to {folder}: {len(world.syndicates)} "
            f"syndicates, {len(world.reports)} reports"
        )
        for s in summaries:
            typer.echo(
                f"  {s.file}: {s.accepted} accepted ({s.inserted} new, {s.unchanged} "
                f"unchanged), {s.rejected} rejected"
            )
            for error in s.errors[:10]:
                typer.echo(f"    rejected {error}", err=True)
        typer.echo(f"  text model: {model or 'not trained (no public data sets found)'}")
        typer.echo("demo logins (pages: email + password; API: Authorization: Bearer <token>):")
        for login in logins:
            typer.echo(
                f"  {login.agency:<8} {login.role:<8} {login.email:<26} "
                f"{login.password:<22} {login.token}"
            )
    if serve:
        from scamgrid.cli.serve import run_server

        typer.echo(f"workspace: http://{host}:{port}/ (sign in with a login above)")
        typer.echo(
            f"public check: http://{host}:{port}/check · API: http://{host}:{port}/api/v1/docs"
        )
        run_server(host, port)


def register(app: typer.Typer) -> None:
    app.command("demo")(demo)
