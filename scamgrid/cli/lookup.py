"""`scamgrid lookup VALUE`."""

from __future__ import annotations

import dataclasses

import typer

from scamgrid.cli.output import JSON_OPTION, print_json
from scamgrid.store import database
from scamgrid.store.lookup import identify, lookup
from scamgrid.store.visibility import SYSTEM, viewer_for_agency


def lookup_command(
    value: str = typer.Argument(..., help="Any surface form of an identifier."),
    kind: str = typer.Option(None, "--type", help="Identifier type; guessed when omitted."),
    country: str = typer.Option(None, "--country", help="Country hint for local formats."),
    as_agency: str = typer.Option(
        None, "--as-agency", help="See only what this agency may see (default: the whole node)."
    ),
    as_json: bool = JSON_OPTION,
) -> None:
    """Every report and agency that saw an identifier, with losses and co-occurring identifiers."""
    identifier = identify(value, kind, country)
    with database.session() as session:
        viewer = viewer_for_agency(session, as_agency) if as_agency else SYSTEM
        result = lookup(session, viewer, identifier)
    if as_json:
        print_json(dataclasses.asdict(result))
        return
    typer.echo(f"{result.type} {result.value}")
    if not result.found:
        typer.echo("  not reported")
        return
    typer.echo(
        f"  {result.report_count} reports by {', '.join(result.agencies)}, "
        f"first {result.first_seen:%Y-%m-%d}, last {result.last_seen:%Y-%m-%d}"
    )
    typer.echo("  fraud types: " + ", ".join(f"{k} {v}" for k, v in result.fraud_types.items()))
    if result.losses:
        typer.echo("  losses: " + ", ".join(f"{v:,.2f} {k}" for k, v in result.losses.items()))
    for seen in result.reports[:20]:
        typer.echo(
            f"  {seen.reported_at:%Y-%m-%d} {seen.report_id} {seen.agency} "
            f"{seen.fraud_type} {seen.marking} (as {seen.raw!r})"
        )
    if result.cooccurring:
        typer.echo("  seen with:")
        for other in result.cooccurring[:20]:
            typer.echo(f"    {other.type} {other.value} ({other.reports} reports)")


def register(app: typer.Typer) -> None:
    app.command("lookup")(lookup_command)
