"""A killed ingest (kill -9) leaves whole reports or none, and a rerun completes the job."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import text

from scamgrid.demo.world import build_world
from scamgrid.ingest.load import ingest_reports
from scamgrid.ingest.reports import ReadOptions, ReportRecord, read_reports
from scamgrid.store import database
from tests.factories import write_jsonl


def count_reports(url: str) -> int:
    with database.engine(url).connect() as conn:
        return int(conn.execute(text("SELECT count(*) FROM reports")).scalar_one())


def test_kill_9_mid_ingest_leaves_no_half_written_report(db_url: str, tmp_path: Path) -> None:
    from scamgrid.demo.seed import seed_store, write_world

    world = build_world(seed=3, reports=12000)
    files = write_world(world, tmp_path / "demo")
    files.reports_csv.write_text(files.reports_csv.read_text().splitlines()[0] + "\n")
    seed_store(files, db_url)  # agencies; the small CSV is empty
    database.engine_for(db_url).dispose()
    with database.engine(db_url).begin() as conn:
        conn.execute(text("DELETE FROM sightings"))
        conn.execute(text("DELETE FROM reports"))
    rows = world.reports
    path = write_jsonl(tmp_path / "big.jsonl", rows)
    env = {**os.environ, "SCAMGRID_DATABASE_URL": db_url}
    env["SCAMGRID_INGEST_WORKERS"] = "2"  # the parallel path must be as safe as the serial one
    process = subprocess.Popen(
        [sys.executable, "-m", "scamgrid", "ingest", "reports", str(path)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while count_reports(db_url) == 0 and time.monotonic() < deadline:
        time.sleep(0.02)
    workers = _children(process.pid)
    process.send_signal(signal.SIGKILL)
    process.wait()
    partial = count_reports(db_url)
    assert 0 < partial < len(rows), "the kill should land mid-ingest"
    # Its validation workers go with it instead of waiting for work for ever as orphans.
    assert workers, "the parallel path should have started workers"
    deadline = time.monotonic() + 10
    while any(Path(f"/proc/{pid}").exists() for pid in workers):
        assert time.monotonic() < deadline, f"orphaned ingest workers: {workers}"
        time.sleep(0.05)

    expected = {
        record.report_id: len(record.indicators)
        for record in read_reports(path, ReadOptions())
        if isinstance(record, ReportRecord)
    }
    with database.engine(db_url).connect() as conn:
        stored = conn.execute(
            text(
                "SELECT r.report_id, count(s.id) FROM reports r "
                "LEFT JOIN sightings s ON s.report_id = r.id GROUP BY r.report_id"
            )
        ).all()
    # Every stored report has all of its sightings: none is half-written.
    assert len(stored) == partial
    assert all(n == expected[rid] for rid, n in stored)

    summary = ingest_reports(path, url=db_url)
    assert summary.rejected == 0
    assert summary.unchanged == partial
    assert count_reports(db_url) == len(rows)


def _children(pid: int) -> list[int]:
    """The process's child processes (Linux /proc)."""
    children: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            children += [int(child) for child in (task / "children").read_text().split()]
        except OSError:
            continue
    return children
