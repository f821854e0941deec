"""`scamgrid ingest reports FILE`."""

from __future__ import annotations

from pathlib import Path

import typer

from scamgrid.cli.output import JSON_OPTION, fail, print_json
from scamgrid.ingest.blocklist import blocklist_rows
from scamgrid.ingest.load import IngestSummary, ingest_records, ingest_reports
from scamgrid.ingest.reports import ReadOptions, validate_rows
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
    _report(ingest_reports(file, options), file, as_json)


@ingest_app.command("blocklist")
def blocklist(
    file: Path = typer.Argument(
        ..., help="polkadot-js all.json / address.json, or one value a line."
    ),
    feed: str = typer.Option(..., "--feed", help="Name of the feed, e.g. polkadot-phishing."),
    agency: str = typer.Option(..., "--agency", help="Agency that owns the feed's records."),
    fraud_type: str = typer.Option("investment", "--fraud-type", help="What the list is about."),
    keep_invalid: bool = typer.Option(
        False, "--keep-invalid", help="Store values that fail validation as raw (valid = false)."
    ),
    as_json: bool = JSON_OPTION,
) -> None:
    """Load a blocklist as a feed of CLEAR records, cited by look-ups and the public check."""
    if not file.is_file():
        fail(f"{file}: no such file")
    options = ReadOptions(agency=agency, keep_invalid=keep_invalid)
    records = validate_rows(blocklist_rows(file, feed, fraud_type), str(file), options)
    _report(ingest_records(records, str(file), f"feed:{feed}"), file, as_json)


def _report(summary: IngestSummary, file: Path, as_json: bool) -> None:
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
