"""`scamgrid normalize TYPE VALUE` and `scamgrid extract TEXT`."""

from __future__ import annotations

import typer

from scamgrid.cli.output import JSON_OPTION, fail, print_json
from scamgrid.errors import InvalidIdentifier
from scamgrid.identifiers import Identifier, clean, extract
from scamgrid.model.vocabulary import IdentifierType

_TYPES = ", ".join(t.value for t in IdentifierType)


def _as_dict(identifier: Identifier) -> dict[str, str | None]:
    return {
        "type": identifier.type.value,
        "value": identifier.value,
        "raw": identifier.raw,
        "country": identifier.country,
    }


def normalize(
    kind: str = typer.Argument(..., metavar="TYPE", help=f"One of: {_TYPES}."),
    value: str = typer.Argument(..., help="The identifier as written (any surface form)."),
    country: str | None = typer.Option(
        None, "--country", help="ISO country code: the hint for local phone and account formats."
    ),
    bank: str | None = typer.Option(None, "--bank", help="Bank code or name, for bank_account."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Print the canonical value of an identifier (exit 2 with the reason if it is invalid)."""
    try:
        identifier = clean(kind, value, country=country, bank=bank)
    except InvalidIdentifier as error:
        fail(error.message)
        return
    if as_json:
        print_json(_as_dict(identifier))
    else:
        typer.echo(identifier.value)


def extract_command(
    text: str = typer.Argument(..., help="A message, in any language ('-' reads stdin)."),
    country: str | None = typer.Option(
        None, "--country", help="ISO country code: the hint for local phone numbers."
    ),
    as_json: bool = JSON_OPTION,
) -> None:
    """List the identifiers found in free text, one `type<TAB>value` a line."""
    if text == "-":
        text = typer.get_text_stream("stdin").read()
    found = extract(text, country=country)
    if as_json:
        print_json([_as_dict(identifier) for identifier in found])
        return
    for identifier in found:
        typer.echo(f"{identifier.type.value}\t{identifier.value}")


def register(app: typer.Typer) -> None:
    app.command("normalize")(normalize)
    app.command("extract")(extract_command)
