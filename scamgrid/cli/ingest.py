"""`scamgrid ingest reports FILE`."""

from __future__ import annotations

from pathlib import Path

import typer

from scamgrid.cli.output import JSON_OPTION, fail, print_json
from scamgrid.ingest.load import ingest_reports
from scamgrid.ingest.reports import ReadOptions
from scamgrid.model.vocabulary import Marking

ingest_app = typer.Typer(help="Load agencies' files into the store.", no_args_is_help=True)


@ingest_app.command("reports")
def reports(
    file: Path = typer.Argument(..., help="Reports as .jsonl or .csv (formats in DESIGN.md)."),
    agency: str = typer.Option(None, "--agency", help="Owner agency for rows that name none."),
    marking: str = typer.Option(None, "--marking", help="Marking for rows that name none."),
    keep_invalid: bool = typer.Option(
        False, "--keep-invalid", help="Store invalid identifiers as raw (valid = false)."
    ),
    as_json: bool = JSON_OPTION,
) -> None:
    """Ingest victim reports. Idempotent by report id; bad rows are named and the rest kept."""
    if not file.is_file():
        fail(f"{file}: no such file")
    if marking:
        try:
            marking = Marking.parse(marking).value
        except ValueError as error:
            fail(f"--marking: {error}")
    options = ReadOptions(agency=agency, marking=marking, keep_invalid=keep_invalid)
    summary = ingest_reports(file, options)
    if as_json:
        print_json(summary.as_dict())
    else:
        for rejected in summary.errors:
            typer.echo(f"rejected {rejected}", err=True)
        typer.echo(
            f"{file}: {summary.accepted} accepted ({summary.inserted} new, {summary.updated} "
            f"updated, {summary.unchanged} unchanged), {summary.rejected} rejected"
        )
    if summary.rejected:
        raise typer.Exit(2)


def register(app: typer.Typer) -> None:
    app.add_typer(ingest_app, name="ingest")
