"""`scamgrid audit verify|log` and `scamgrid keys rotate`."""

from __future__ import annotations

from datetime import datetime

import typer

from scamgrid.cli.output import JSON_OPTION, print_json
from scamgrid.sharing import audit
from scamgrid.store import database, keys

audit_app = typer.Typer(help="The tamper-evident audit trail.", no_args_is_help=True)
keys_app = typer.Typer(help="Encryption keys for personal data.", no_args_is_help=True)


@audit_app.command("verify")
def verify(as_json: bool = JSON_OPTION) -> None:
    """Recompute the hash chain; exit 1 and name the first broken event if it was tampered with."""
    with database.engine().connect() as conn:
        verdict = audit.verify(conn)
    if as_json:
        print_json(verdict.__dict__)
    elif verdict.ok:
        typer.echo(f"audit trail intact: {verdict.events} events")
    else:
        typer.echo(
            f"audit trail BROKEN at event {verdict.first_broken}: {verdict.reason}", err=True
        )
    if not verdict.ok:
        raise typer.Exit(1)


@audit_app.command("log")
def log(
    agency: str = typer.Option(None, "--agency", help="Only events of this agency."),
    since: datetime = typer.Option(None, "--since", help="Only events at or after this time."),
    action: str = typer.Option(None, "--action", help="Only this action, e.g. report.read."),
    limit: int = typer.Option(100, "--limit", help="Most recent N events."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Read the audit trail, newest first."""
    with database.session() as session:
        events = audit.log(session, agency.upper() if agency else None, since, action, limit)
        rows = [
            {
                "id": e.id,
                "at": e.at,
                "actor": e.actor,
                "agency": e.agency,
                "action": e.action,
                "target": f"{e.target_type}:{e.target_id}" if e.target_type else "",
                "detail": e.detail,
            }
            for e in events
        ]
    if as_json:
        print_json(rows)
        return
    for row in rows:
        typer.echo(
            f"{row['id']}\t{row['at']:%Y-%m-%d %H:%M:%S}\t{row['actor']}\t"
            f"{row['agency'] or '-'}\t{row['action']}\t{row['target']}\t{row['detail']}"
        )


@keys_app.command("rotate")
def rotate(as_json: bool = JSON_OPTION) -> None:
    """Add a new key and re-encrypt all personal data with it, batch by batch (no downtime)."""
    result = keys.rotate()
    if as_json:
        print_json(result.__dict__)
    else:
        typer.echo(
            f"active key is now {result.new_key}; re-encrypted {result.reencrypted} "
            f"records; retired keys {result.retired}"
        )


def register(app: typer.Typer) -> None:
    app.add_typer(audit_app, name="audit")
    app.add_typer(keys_app, name="keys")
