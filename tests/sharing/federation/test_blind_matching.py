"""Blind matching between two nodes: exactly the common values, and no raw value in the file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from scamgrid.cli import get_app
from scamgrid.ingest.load import ingest_records
from scamgrid.ingest.reports import ReadOptions, to_record
from scamgrid.store import database
from tests.factories import agencies_and_groups, report

runner = CliRunner()


def cli(*args: str) -> str:
    result = runner.invoke(get_app(), list(args))
    assert result.exit_code == 0, result.output
    return result.output


def phones(*numbers: str) -> list[dict[str, str]]:
    return [{"type": "phone", "value": n, "country": "TH"} for n in numbers]


def node(tmp_path: Path, name: str, reports: list[dict[str, object]]) -> str:
    url = f"sqlite:///{tmp_path / f'{name}.db'}"
    database.upgrade(url)
    agencies_and_groups(url)
    rows = [to_record(r, n, ReadOptions()) for n, r in enumerate(reports)]
    ingest_records(rows, "s", "s", url)
    return url


def test_blind_matching_finds_exactly_the_common_values(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    th = node(
        tmp_path,
        "th",
        [
            report("TH-1", marking="TLP:RED", indicators=phones("0812345678", "0899999991")),
            report("TH-2", indicators=[{"type": "iban", "value": "GB82WEST12345698765432"}]),
        ],
    )
    cn = node(
        tmp_path,
        "cn",
        [
            report("CN-1", agency="CN-MPS", indicators=phones("0812345678", "0877777772")),
            report(
                "CN-2",
                agency="CN-MPS",
                indicators=[{"type": "iban", "value": "GB82 WEST 1234 5698 7654 32"}],
            ),
            report(
                "CN-3",
                agency="CN-MPS",
                indicators=[{"type": "telegram", "value": "t.me/x_66812345678"}],
            ),
        ],
    )
    monkeypatch.setenv("SCAMGRID_DATABASE_URL", th)
    key = json.loads(cli("share", "blind-key", "th-cn", "--json"))["key"]
    out = tmp_path / "th.blind.json"
    cli("share", "blind-export", "--group", "th-cn", "--out", str(out))
    text = out.read_text()
    for raw in ("812345678", "899999991", "GB82", "WEST", "5698"):
        assert raw not in text  # no value, raw or canonical, in any form
    assert json.loads(text)["count"] == 3  # two phones (RED included: only hashes leave), an IBAN

    monkeypatch.setenv("SCAMGRID_DATABASE_URL", cn)
    refused = runner.invoke(get_app(), ["share", "blind-match", str(out)])
    assert refused.exit_code == 2 and "key" in refused.output  # no key for the group yet
    cli("share", "blind-key", "th-cn", "--set", key)
    common = json.loads(cli("share", "blind-match", str(out), "--json"))["common"]
    assert common == [["iban", "GB82WEST12345698765432"], ["phone", "+66812345678"]]
