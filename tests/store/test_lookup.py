from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from scamgrid.ingest.load import ingest_reports
from scamgrid.store import database, driver
from scamgrid.store.lookup import identify, lookup
from scamgrid.store.visibility import PUBLIC, SYSTEM, viewer_for_agency
from tests.factories import agencies_and_groups, report, write_jsonl

PHONE = {"type": "phone", "value": "081 234 5678", "country": "TH"}
WALLET = {"type": "crypto_wallet", "value": "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t"}


def seed(db_url: str, tmp_path: Path) -> None:
    agencies_and_groups(db_url)
    rows = [
        report("TH-1", marking="TLP:GREEN", indicators=[PHONE, WALLET]),
        report(
            "TH-2",
            marking="TLP:AMBER",
            sharing_group="th-cn",
            indicators=[PHONE],
            loss={"amount": 1000, "currency": "THB"},
            fraud_type="investment",
        ),
        report(
            "TH-3",
            marking="TLP:RED",
            indicators=[PHONE, {"type": "telegram", "value": "@red_handle"}],
        ),
        report("MM-1", agency="MM-MPF", country="MM", marking="TLP:AMBER", indicators=[PHONE]),
    ]
    summary = ingest_reports(write_jsonl(tmp_path / "r.jsonl", rows), url=db_url)
    assert summary.rejected == 0, summary.errors


def test_any_surface_form_finds_every_report(db_url: str, tmp_path: Path) -> None:
    seed(db_url, tmp_path)
    with database.session(db_url) as s:
        for form in ["+66812345678", "+66 81-234-5678", "๐๘๑-๒๓๔-๕๖๗๘"]:
            result = lookup(s, SYSTEM, identify(form, "phone", "TH"))
            assert result.report_count == 4
            assert result.agencies == ["MM-MPF", "TH-CCIB"]
    assert result.fraud_types == {"impersonation": 3, "investment": 1}
    assert result.losses == {"THB": 125000 * 3 + 1000}
    assert result.first_seen is not None and result.first_seen == result.last_seen
    assert {c.type for c in result.cooccurring} == {"crypto_wallet", "telegram"}


def test_other_agencies_see_only_what_markings_allow(db_url: str, tmp_path: Path) -> None:
    seed(db_url, tmp_path)
    phone = identify("0812345678", "phone", "TH")
    with database.session(db_url) as s:
        china = lookup(s, viewer_for_agency(s, "CN-MPS"), phone)
        myanmar = lookup(s, viewer_for_agency(s, "MM-MPF"), phone)
        public = lookup(s, PUBLIC, phone)
    # CN is in TH's sharing group: GREEN + group AMBER, never RED.
    assert sorted(r.report_id for r in china.reports) == ["TH-1", "TH-2"]
    # MM sees GREEN and its own AMBER, and no trace of the RED report's telegram handle.
    assert sorted(r.report_id for r in myanmar.reports) == ["MM-1", "TH-1"]
    assert {c.type for c in myanmar.cooccurring} == {"crypto_wallet"}
    assert (public.report_count, public.agencies) == (1, ["TH-CCIB"])
    assert "telegram" not in {c.type for c in china.cooccurring}


def test_an_unknown_value_is_not_found(db_url: str) -> None:
    with database.session(db_url) as s:
        result = lookup(s, SYSTEM, identify("@nobody_here", "telegram"))
    assert (result.found, result.value) == (False, "nobody_here")


def test_sqlite_driver_path_answers_as_the_sql_layer(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # On SQLite the look-up's queries run on the driver's connection with the columns' own
    # conversions; the answers must be the ones SQLAlchemy gives, for every kind of viewer.
    if not db_url.startswith("sqlite"):
        pytest.skip("the driver path is SQLite's")
    seed(db_url, tmp_path)
    phone = identify("0812345678", "phone", "TH")
    with database.session(db_url) as s:
        viewers = [SYSTEM, PUBLIC, *(viewer_for_agency(s, a) for a in ("TH-CCIB", "CN-MPS"))]
        direct = [lookup(s, viewer, phone) for viewer in viewers]
        monkeypatch.setattr(driver, "of", lambda conn: None)
        layered = [lookup(s, viewer, phone) for viewer in viewers]
    assert direct == layered
    assert direct[0].losses == {"THB": Decimal(125000 * 3 + 1000)}
    assert direct[0].first_seen is not None and direct[0].first_seen.tzinfo is not None
