from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import func, select, text

from scamgrid.ingest.load import ingest_reports
from scamgrid.ingest.reports import ReadOptions
from scamgrid.store import database
from scamgrid.store.crypto import KeyRing
from scamgrid.store.tables import Indicator, Report, Sighting
from tests.factories import agencies_and_groups, report, write_jsonl


def snapshot(url: str) -> dict[str, list[tuple[object, ...]]]:
    tables = {
        "reports": "report_id, content_hash, updated_at",
        "indicators": "type, value, id",
        "sightings": "report_id, indicator_id, raw, marking",
    }
    with database.engine(url).connect() as conn:
        return {
            name: sorted(tuple(r) for r in conn.execute(text(f"SELECT {cols} FROM {name}")))
            for name, cols in tables.items()
        }


def test_ingesting_the_same_file_twice_changes_nothing(db_url: str, tmp_path: Path) -> None:
    agencies_and_groups(db_url)
    path = write_jsonl(tmp_path / "r.jsonl", [report(f"TH-CCIB-2025-{n:06d}") for n in range(5)])
    first = ingest_reports(path, url=db_url)
    before = snapshot(db_url)
    second = ingest_reports(path, url=db_url)
    assert (first.inserted, first.rejected) == (5, 0)
    assert (second.inserted, second.unchanged) == (0, 5)
    assert snapshot(db_url) == before
    # Five identifiers and the URL's domain, shared by all five reports, stored once.
    assert len(before["indicators"]) == 6
    assert len(before["sightings"]) == 30


def test_bad_rows_are_named_and_good_rows_kept(db_url: str, tmp_path: Path) -> None:
    agencies_and_groups(db_url)
    rows = [
        report("A-1"),
        report("A-2", fraud_type="witchcraft"),
        report("A-3", indicators=[{"type": "phone", "value": "12", "country": "TH"}]),
        report("A-4", reported_at="yesterday"),
        report("A-5", agency="XX-NOPE"),
        report("A-6"),
    ]
    path = write_jsonl(tmp_path / "r.jsonl", rows)
    with path.open("a") as handle:
        handle.write("{not json\n")
    summary = ingest_reports(path, url=db_url)
    named = {(e.row, e.field) for e in summary.errors}
    assert named == {
        (2, "fraud_type"),
        (3, "indicators[0].value"),
        (4, "reported_at"),
        (5, "agency"),
        (7, "(line)"),
    }
    assert all(e.file == str(path) for e in summary.errors)
    with database.session(db_url) as s:
        assert sorted(s.scalars(select(Report.report_id))) == ["A-1", "A-6"]


def test_a_changed_report_replaces_its_sightings(db_url: str, tmp_path: Path) -> None:
    agencies_and_groups(db_url)
    ingest_reports(write_jsonl(tmp_path / "a.jsonl", [report("A-1")]), url=db_url)
    changed = report("A-1", indicators=[{"type": "telegram", "value": "@new_handle"}])
    summary = ingest_reports(write_jsonl(tmp_path / "b.jsonl", [changed]), url=db_url)
    assert summary.updated == 1
    with database.session(db_url) as s:
        values = s.scalars(
            select(Indicator.value).join(Sighting, Sighting.indicator_id == Indicator.id)
        ).all()
    assert values == ["new_handle"]


def test_invalid_identifiers_can_be_kept_as_raw(db_url: str, tmp_path: Path) -> None:
    agencies_and_groups(db_url)
    row = report("A-1", indicators=[{"type": "iban", "value": "DE00 0000 0000 0000 0000 00"}])
    path = write_jsonl(tmp_path / "r.jsonl", [row])
    summary = ingest_reports(path, ReadOptions(keep_invalid=True), url=db_url)
    assert summary.rejected == 0
    with database.session(db_url) as s:
        indicator = s.scalars(select(Indicator)).one()
    assert (indicator.valid, indicator.value) == (False, "DE00 0000 0000 0000 0000 00")


def test_victim_data_is_encrypted_at_rest(db_url: str, tmp_path: Path) -> None:
    agencies_and_groups(db_url)
    ingest_reports(write_jsonl(tmp_path / "r.jsonl", [report("A-1")]), url=db_url)
    with database.session(db_url) as s:
        sealed = s.scalars(select(Report.victim_sealed)).one()
        narrative_bytes = s.scalar(select(func.count()).select_from(Report))
    assert sealed is not None and b"Somchai" not in sealed
    assert narrative_bytes == 1
    victim = json.loads(KeyRing.load().open(sealed, b"A-1"))
    assert victim["name"] == "Somchai Jaidee"
    if db_url.startswith("sqlite"):
        raw = Path(db_url.removeprefix("sqlite:///")).read_bytes()
        wal = Path(db_url.removeprefix("sqlite:///") + "-wal")
        raw += wal.read_bytes() if wal.exists() else b""
        assert b"Somchai" not in raw and b"1103700012345" not in raw


def test_csv_rows_use_the_same_rules(db_url: str, tmp_path: Path) -> None:
    agencies_and_groups(db_url)
    path = tmp_path / "r.csv"
    path.write_text(
        "id,agency,country,reported_at,fraud_type,loss_amount,loss_currency,marking,"
        "victim_name,phones,bank_accounts,wallets,urls,handles\n"
        "C-1,TH-CCIB,TH,2025-03-01T09:00:00+07:00,investment,5000,THB,amber,Malee,"
        "081-234-5678;๐๘๑๒๓๔๕๖๗๘,KBANK:123-4-56789-0,,hxxp://bad[.]top,telegram:@xy_handle\n"
        "C-2,TH-CCIB,TH,2025-03-01,loan,abc,THB,amber,,,,,,\n"
    )
    summary = ingest_reports(path, url=db_url)
    assert [(e.row, e.field) for e in summary.errors] == [(3, "loss.amount")]
    with database.session(db_url) as s:
        stored = sorted(s.execute(select(Indicator.type, Indicator.value)))
    assert stored == [
        ("bank_account", "TH:KBANK:1234567890"),
        ("domain", "bad.top"),
        ("phone", "+66812345678"),
        ("telegram", "xy_handle"),
        ("url", "http://bad.top/"),
    ]
