"""`scamgrid demo`: seed the demo world (and serve it); `scamgrid demo cdr`: an operator's CDRs.

`demo` is a group whose callback seeds the world when no subcommand is given, so
`scamgrid demo [--seed N] [--serve]` works as before. Each imports its core only when it runs:
`demo cdr` need not load the text model and feeds the world needs.
"""

from __future__ import annotations

from pathlib import Path

import typer

from scamgrid import settings
from scamgrid.cli.output import JSON_OPTION, fail, print_json
from scamgrid.detect.cdr import generator
from scamgrid.errors import ScamgridError

demo_app = typer.Typer(
    help="Seed a deterministic demo world (and serve it); `demo cdr` writes an operator's CDRs."
)


@demo_app.callback(invoke_without_command=True)
def demo(
    ctx: typer.Context,
    seed: int = typer.Option(7, "--seed", help="Random seed; the same seed gives the same world."),
    reports: int = typer.Option(5000, "--reports", help="Number of victim reports."),
    serve: bool = typer.Option(False, "--serve", help="Serve the API afterwards."),
    host: str = typer.Option("127.0.0.1", "--host", help="Interface for --serve."),
    port: int = typer.Option(8000, "--port", help="Port for --serve."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Write a deterministic demo world under $SCAMGRID_HOME/demo and load it into the store."""
    if ctx.invoked_subcommand is not None:
        return
    from scamgrid.demo.extras import ensure_text_model, load_feeds
    from scamgrid.demo.seed import build_and_seed
    from scamgrid.demo.users import demo_logins

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


@demo_app.command("cdr")
def cdr(
    subscribers: int = typer.Option(
        20_000, "--subscribers", min=generator.MIN_SUBSCRIBERS, help="Ordinary subscribers."
    ),
    days: int = typer.Option(14, "--days", min=1, max=generator.MAX_DAYS, help="Days of traffic."),
    seed: int = typer.Option(7, "--seed", help="Random seed; the same seed gives the same files."),
    out: Path = typer.Option(
        None,
        "--out",
        help="Folder for cdr.parquet and truth.csv (default $SCAMGRID_HOME/demo/cdr).",
    ),
    as_json: bool = JSON_OPTION,
) -> None:
    """Write an operator's CDRs with planted fraud, call centres and the ground truth.

    A social calling graph of ordinary subscribers with SIM boxes, scam diallers, wangiri and
    legitimate call centres planted among them; truth.csv holds number,label,role. The same
    generator as `scamgrid cdr generate`; score and check the result with
    `scamgrid cdr score DIR/cdr.parquet --country TH --out S.csv` and
    `scamgrid cdr evaluate S.csv DIR/truth.csv`.
    """
    folder = out if out is not None else settings.home() / "demo" / "cdr"
    config = generator.configure(subscribers=subscribers, days=days, seed=seed)
    try:
        made = generator.write(config, folder)
    except ScamgridError as error:
        fail(f"--out: {error.message}", error.exit_code)
        return
    if as_json:
        print_json(made.to_dict())
    else:
        typer.echo(made.summary())


def register(app: typer.Typer) -> None:
    app.add_typer(demo_app, name="demo")
