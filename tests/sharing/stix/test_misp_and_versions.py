"""MISP events out and in; STIX versions: newer replaces, older is ignored, revoked stays gone."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pymisp import MISPEvent
from sqlalchemy import select
from typer.testing import CliRunner

from scamgrid.cli import get_app
from scamgrid.ingest.load import ingest_records
from scamgrid.ingest.reports import ReadOptions, to_record
from scamgrid.sharing.stix.sink import ImportOptions, Sink
from scamgrid.sharing.stix.source import Scope, Source
from scamgrid.store import database
from scamgrid.store.tables import Indicator, Report, Sighting
from scamgrid.store.visibility import SYSTEM
from tests.factories import agencies_and_groups, report

runner = CliRunner()


def cli(*args: str) -> str:
    result = runner.invoke(get_app(), list(args))
    assert result.exit_code == 0, result.output
    return result.output


def identifiers(url: str) -> set[tuple[str, str, str]]:
    with database.session(url) as session:
        rows = session.execute(
            select(Report.report_id, Indicator.type, Indicator.value)
            .join(Sighting, Sighting.report_id == Report.id)
            .join(Indicator, Indicator.id == Sighting.indicator_id)
        ).all()
    return {tuple(r) for r in rows}  # type: ignore[misc]


def seed(url: str) -> None:
    agencies_and_groups(url)
    wallets = [
        {"type": "crypto_wallet", "value": "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa"},
        {"type": "iban", "value": "GB82 WEST 1234 5698 7654 32"},
        {"type": "email", "value": "agent@example.com"},
        {"type": "imei", "value": "490154203237518"},
    ]
    rows = [
        report("TH-1", marking="TLP:GREEN"),
        report("TH-2", marking="TLP:AMBER", sharing_group="th-cn", indicators=wallets),
        report("TH-3", marking="TLP:RED"),
    ]
    ingest_records([to_record(r, n, ReadOptions()) for n, r in enumerate(rows)], "s", "s", url)


def test_misp_event_round_trip_keeps_every_identifier(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed(db_url)
    out = tmp_path / "event.json"
    cli("share", "export", "--format", "misp", "--out", str(out))
    event = MISPEvent()
    event.load(json.loads(out.read_text()))
    types = {a.type for a in event.attributes} | {o.name for o in event.objects}
    assert {"phone-number", "bank-account-nr", "btc", "iban", "url", "domain", "email"} <= types
    assert {"coin-address", "telegram-account", "phone"} <= types
    assert "TH-3" not in {a.comment for a in event.attributes}  # RED never leaves
    empty = f"sqlite:///{tmp_path / 'empty.db'}"
    database.upgrade(empty)
    agencies_and_groups(empty)
    monkeypatch.setenv("SCAMGRID_DATABASE_URL", empty)
    done = json.loads(cli("share", "import", str(out), "--agency", "TH-CCIB", "--json"))
    assert done["inserted"] == 2 and not done["rejected"]
    shared = {row for row in identifiers(db_url) if row[0] != "TH-3"}
    assert identifiers(empty) == shared
    with database.session(empty) as session:
        markings = dict(session.execute(select(Report.report_id, Report.marking)).all())
    assert markings == {"TH-1": "TLP:GREEN", "TH-2": "TLP:AMBER"}


def test_newer_version_replaces_older_ignored_and_revoked_stays_gone(tmp_path: Path) -> None:
    origin = f"sqlite:///{tmp_path / 'origin.db'}"
    copy = f"sqlite:///{tmp_path / 'copy.db'}"
    for url in (origin, copy):
        database.upgrade(url)
    seed(origin)
    agencies_and_groups(copy)
    with database.session(origin) as session:
        objects = [o for page in Source(session, Scope(SYSTEM), "th").pages() for o in page.objects]
    first = next(o for o in objects if o["type"] == "report" and "TH-1" in o["name"])
    newer = {**first, "modified": "2999-01-01T00:00:00.000000Z", "description": "corrected"}
    older = {**first, "description": "stale"}
    revoked = {**newer, "modified": "2999-01-02T00:00:00.000000Z", "revoked": True}
    options = ImportOptions(received_from="th")
    steps = [
        (objects, "inserted"),
        ([newer], "updated"),
        ([older], "stale"),
        ([revoked], "revoked"),
    ]
    for batch, outcome in steps:
        with database.session(copy) as session:
            result = Sink(session, "cn", options).write(batch)
        assert getattr(result, outcome) >= 1, (outcome, result)
        if outcome == "stale":
            with database.session(copy) as session:
                kept = session.scalar(select(Report.narrative).where(Report.report_id == "TH-1"))
            assert kept == "corrected"
    with database.session(copy) as session:
        assert session.scalar(select(Report.id).where(Report.report_id == "TH-1")) is None
        result = Sink(session, "cn", options).write(objects)  # the old version comes again
    assert result.stale >= 1
    with database.session(copy) as session:
        assert session.scalar(select(Report.id).where(Report.report_id == "TH-1")) is None
