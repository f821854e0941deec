from __future__ import annotations

import json

from typer.testing import CliRunner

from scamgrid.cli import get_app

runner = CliRunner()


def test_normalize_prints_the_canonical_value() -> None:
    result = runner.invoke(get_app(), ["normalize", "phone", "081 234 5678", "--country", "TH"])
    assert (result.exit_code, result.output.strip()) == (0, "+66812345678")


def test_invalid_input_exits_2_with_the_reason() -> None:
    result = runner.invoke(get_app(), ["normalize", "imei", "490154203237519"])
    assert result.exit_code == 2
    assert "Luhn" in result.output


def test_extract_lists_type_and_value() -> None:
    result = runner.invoke(get_app(), ["extract", "call 081-234-5678", "--country", "TH", "--json"])
    assert result.exit_code == 0
    assert json.loads(result.output) == [
        {"type": "phone", "value": "+66812345678", "raw": "081-234-5678"}
    ]
