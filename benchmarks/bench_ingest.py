"""Report ingestion: reports/s through the bulk path on SQLite (and PostgreSQL when reachable),
against a naive one-ORM-object-per-row baseline measured in the same run.

    .venv/bin/python -m benchmarks ingest        # BENCH_INGEST_REPORTS=100000 by default
"""

from __future__ import annotations

import os
import tempfile
import time
import uuid
from pathlib import Path

import orjson
from sqlalchemy import create_engine, select, text
from sqlalchemy.orm import Session

from scamgrid.demo.seed import ensure_agencies
from scamgrid.demo.world import build_world
from scamgrid.ingest.load import ingest_reports
from scamgrid.ingest.reports import ReadOptions, ReportRecord, read_reports
from scamgrid.store import database
from scamgrid.store.crypto import KeyRing
from scamgrid.store.tables import Agency, Indicator, Report, Sighting

REPORTS = int(os.environ.get("BENCH_INGEST_REPORTS", "100000"))
BASELINE_REPORTS = int(os.environ.get("BENCH_INGEST_BASELINE", "3000"))
PG_URL = os.environ.get(
    "SCAMGRID_TEST_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1/postgres"
)


def prepare(url: str) -> None:
    ensure_agencies(url)


def naive(url: str, path: Path) -> float:
    """One ORM object per row, one round trip per indicator, one commit per report."""
    ring = KeyRing.load()
    records = [r for r in read_reports(path, ReadOptions()) if isinstance(r, ReportRecord)]
    engine = database.engine(url)
    started = time.perf_counter()
    with Session(engine) as session:
        agency_ids = dict(session.execute(select(Agency.code, Agency.id)).all())
        for record in records[:BASELINE_REPORTS]:
            report = Report(
                report_id=record.report_id,
                agency_id=agency_ids[record.agency],
                country=record.country,
                reported_at=record.reported_at,
                channel=record.channel,
                fraud_type=record.fraud_type,
                loss_amount=record.loss_amount,
                loss_currency=record.loss_currency,
                narrative=record.narrative,
                marking=record.marking,
                content_hash=record.content_hash,
                victim_sealed=ring.seal(orjson.dumps(record.victim), record.report_id.encode()),
            )
            session.add(report)
            session.flush()
            for i in record.indicators:
                indicator = session.scalar(
                    select(Indicator).where(Indicator.type == i.type, Indicator.value == i.value)
                )
                if indicator is None:
                    indicator = Indicator(type=i.type, value=i.value, country=i.country)
                    session.add(indicator)
                    session.flush()
                session.add(
                    Sighting(
                        report_id=report.id,
                        indicator_id=indicator.id,
                        agency_id=report.agency_id,
                        raw=i.raw,
                        seen_at=record.reported_at,
                        marking=record.marking,
                    )
                )
            session.commit()
    return min(BASELINE_REPORTS, len(records)) / (time.perf_counter() - started)


def bulk(url: str, path: Path) -> tuple[float, float]:
    """Reports per wall second, and per CPU second of this process (what a quiet machine
    gives on SQLite, where the database works inside the process)."""
    started, cpu = time.perf_counter(), time.process_time()
    summary = ingest_reports(path, url=url)
    elapsed, used = time.perf_counter() - started, time.process_time() - cpu
    assert summary.rejected == 0 and summary.inserted == REPORTS, summary.errors[:5]
    return REPORTS / elapsed, REPORTS / used


def pg_available() -> bool:
    try:
        with create_engine(PG_URL).connect() as conn:
            conn.execute(text("SELECT 1"))
        return True
    except Exception:
        return False


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["SCAMGRID_HOME"] = tmp
        folder = Path(tmp)
        started = time.perf_counter()
        world = build_world(seed=42, reports=REPORTS)
        path = folder / "reports.jsonl"
        with path.open("wb") as out:
            for row in world.reports:
                out.write(orjson.dumps(row) + b"\n")
        print(f"generated {REPORTS:,} reports in {time.perf_counter() - started:.1f} s")
        targets = [("sqlite", lambda: f"sqlite:///{folder / uuid.uuid4().hex}.db")]
        if pg_available():

            def pg_url() -> str:
                schema = f"bench_{uuid.uuid4().hex[:8]}"
                with create_engine(PG_URL, isolation_level="AUTOCOMMIT").connect() as conn:
                    conn.execute(text(f"CREATE SCHEMA {schema}"))
                return f"{PG_URL}?options=-csearch_path%3D{schema}"

            targets.append(("postgresql", pg_url))
        for name, make_url in targets:
            bulk_url, naive_url = make_url(), make_url()
            prepare(bulk_url)
            prepare(naive_url)
            fast, per_cpu = bulk(bulk_url, path)
            slow = naive(naive_url, path)
            print(
                f"{name}: bulk ingest {fast:,.0f} reports/s ({REPORTS:,} reports; "
                f"{per_cpu:,.0f} per CPU second of this process); "
                f"naive ORM {slow:,.0f} reports/s ({BASELINE_REPORTS:,} reports); "
                f"ratio {fast / slow:.1f}x; load average {os.getloadavg()[0]:.1f}"
            )
