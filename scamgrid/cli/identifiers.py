"""`scamgrid normalize TYPE VALUE` and `scamgrid extract TEXT`."""

from __future__ import annotations

import typer

from scamgrid.cli.output import JSON_OPTION, print_json
from scamgrid.identifiers import clean, extract


def normalize(
    kind: str = typer.Argument(..., metavar="TYPE", help="phone, iban, crypto_wallet, url, ..."),
    value: str = typer.Argument(..., help="The identifier as written."),
    country: str = typer.Option(None, "--country", help="Country hint for local formats."),
    bank: str = typer.Option(None, "--bank", help="Bank code, for bank_account."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Print the canonical value of an identifier (exit 2 with the reason if invalid)."""
    identifier = clean(kind, value, country=country, bank=bank)
    if as_json:
        print_json(
            {
                "type": identifier.type.value,
                "value": identifier.value,
                "raw": identifier.raw,
                "country": identifier.country,
            }
        )
    else:
        typer.echo(identifier.value)


def extract_command(
    text: str = typer.Argument(..., help="A message, in any language."),
    country: str = typer.Option(None, "--country", help="Country hint for local phone numbers."),
    as_json: bool = JSON_OPTION,
) -> None:
    """List the identifiers found in free text, one `type<TAB>value` a line."""
    found = extract(text, country=country)
    if as_json:
        print_json([{"type": i.type.value, "value": i.value, "raw": i.raw} for i in found])
        return
    for identifier in found:
        typer.echo(f"{identifier.type.value}\t{identifier.value}")


def register(app: typer.Typer) -> None:
    app.command("normalize")(normalize)
    app.command("extract")(extract_command)
