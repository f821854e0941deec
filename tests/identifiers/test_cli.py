"""The commands, on an app of their own (the top-level app imports every command group)."""

from __future__ import annotations

import json

import typer
from typer.testing import CliRunner

from scamgrid.cli import identifiers

runner = CliRunner()


def app() -> typer.Typer:
    application = typer.Typer()
    identifiers.register(application)
    return application


def test_normalize_prints_the_canonical_value() -> None:
    result = runner.invoke(app(), ["normalize", "phone", "081 234 5678", "--country", "TH"])
    assert (result.exit_code, result.stdout) == (0, "+66812345678\n")


def test_normalize_json_has_type_value_raw_and_country() -> None:
    args = ["normalize", "bank_account", "123-4-56789-0", "--country", "th", "--bank", "Kasikorn"]
    result = runner.invoke(app(), [*args, "--json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout) == {
        "type": "bank_account",
        "value": "TH:KBANK:1234567890",
        "raw": "123-4-56789-0",
        "country": "TH",
    }


def test_invalid_input_exits_2_with_the_reason_on_stderr() -> None:
    result = runner.invoke(app(), ["normalize", "imei", "490154203237519"])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        "error: invalid imei '490154203237519': Luhn check digit does not match\n"
    )


def test_an_unknown_type_exits_2() -> None:
    result = runner.invoke(app(), ["normalize", "fax", "+66812345678"])
    assert result.exit_code == 2
    assert "unknown identifier type" in result.stderr


def test_extract_lists_type_and_value() -> None:
    text = "โทร 081-234-5678 หรือ t.me/kefu_88"
    result = runner.invoke(app(), ["extract", text, "--country", "TH"])
    assert (result.exit_code, result.stdout) == (0, "phone\t+66812345678\ntelegram\tkefu_88\n")


def test_extract_json_and_stdin() -> None:
    result = runner.invoke(app(), ["extract", "-", "--json"], input="call +66 81 234 5678")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == [
        {"type": "phone", "value": "+66812345678", "raw": "+66 81 234 5678", "country": "TH"}
    ]


def test_extract_of_text_without_identifiers_prints_nothing() -> None:
    result = runner.invoke(app(), ["extract", "hello there"])
    assert (result.exit_code, result.stdout) == (0, "")


def test_the_scamgrid_entry_point_has_both_commands() -> None:
    from scamgrid.cli import COMMAND_MODULES

    assert "identifiers" in COMMAND_MODULES
