"""The driver-level bulk insert stores exactly what SQLAlchemy's own insert stores."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from typing import cast

from sqlalchemy import Connection, Table, insert, select, text

from scamgrid.store import database
from scamgrid.store.bulk import insert_rows
from scamgrid.store.tables import Agency, Report

BANGKOK = timezone(timedelta(hours=7))
REPORTS = cast(Table, Report.__table__)


def _agency(conn: Connection) -> int:
    conn.execute(insert(Agency), [{"code": "TH-CCIB", "name": "CCIB", "country": "TH"}])
    return cast(int, conn.scalar(select(Agency.id)))


def _row(report_id: str, agency_id: int, reported_at: datetime) -> dict[str, object]:
    return {
        "report_id": report_id,
        "agency_id": agency_id,
        "reported_at": reported_at,
        "fraud_type": "investment",
        "loss_amount": Decimal("125000.50"),
        "marking": "TLP:GREEN",
        "narrative": "",
        "content_hash": "x",
        "source": "",
        "created_at": datetime(2026, 1, 1, tzinfo=UTC),
        "updated_at": datetime(2026, 1, 1, tzinfo=UTC),
    }


def _bulk(conn: Connection, row: dict[str, object]) -> None:
    insert_rows(conn, REPORTS, list(row), [tuple(row.values())])


def test_bulk_rows_are_stored_like_sqlalchemy_rows(db_url: str) -> None:
    local = datetime(2025, 2, 3, 10, 15, tzinfo=BANGKOK)
    with database.engine(db_url).begin() as conn:
        agency = _agency(conn)
        conn.execute(insert(Report), [_row("ORM", agency, local)])
        _bulk(conn, _row("BULK", agency, local))
        query = "SELECT report_id, CAST(reported_at AS VARCHAR(40)), loss_amount FROM reports"
        raw = {rid: rest for rid, *rest in conn.execute(text(query))}
        assert raw["BULK"] == raw["ORM"]  # the same text on SQLite, the same value on PostgreSQL
        stored = dict(conn.execute(select(Report.report_id, Report.reported_at)).all())
    assert stored["BULK"] == stored["ORM"] == datetime(2025, 2, 3, 3, 15, tzinfo=UTC)


def test_a_naive_time_is_taken_as_utc(db_url: str) -> None:
    with database.engine(db_url).begin() as conn:
        _bulk(conn, _row("NAIVE", _agency(conn), datetime(2025, 2, 3, 3, 15)))
        assert conn.scalar(select(Report.reported_at)) == datetime(2025, 2, 3, 3, 15, tzinfo=UTC)


def test_no_rows_is_no_statement(db_url: str) -> None:
    with database.engine(db_url).begin() as conn:
        insert_rows(conn, REPORTS, ["report_id"], [])
        assert conn.scalar(select(Report.id)) is None
