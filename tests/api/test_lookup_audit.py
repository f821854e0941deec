"""Look-ups are audited before they answer, in one chain across a server's worker processes."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import orjson
from sqlalchemy import select
from typer.testing import CliRunner

from scamgrid.cli import get_app
from scamgrid.ingest.load import ingest_records
from scamgrid.ingest.reports import ReadOptions, to_record
from scamgrid.sharing import accounts, audit
from scamgrid.store import database
from scamgrid.store.tables import AuditEvent
from tests.api.conftest import Node, free_port
from tests.factories import agencies_and_groups, report

PHONE = {"type": "phone", "value": "081 234 5678", "country": "TH"}


def _ingest(url: str) -> None:
    rows = [report("TH-1", indicators=[PHONE]), report("TH-2", indicators=[PHONE])]
    records = [to_record(row, n, ReadOptions()) for n, row in enumerate(rows, start=1)]
    assert ingest_records(records, "t", "t", url).rejected == 0


def _events(url: str, action: str) -> list[AuditEvent]:
    with database.session(url) as session:
        query = select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)
        return list(session.scalars(query))


def test_a_lookup_of_another_agencys_reports_names_them_in_the_trail(node: Node) -> None:
    _ingest(node.db_url)
    with node.client("CN-MPS:analyst") as client:
        response = client.get("/api/v1/lookup", params={"value": "+66812345678"})
        bulk = client.post("/api/v1/lookup/bulk", json={"items": [{"value": "+66812345678"}]})
    assert response.status_code == 200 and bulk.status_code == 200
    # Answered means recorded: the events are in the database before the responses arrive.
    (single,) = _events(node.db_url, "lookup")
    assert (single.actor, single.agency) == ("analyst@cn-mps.example.org", "CN-MPS")
    assert orjson.loads(single.detail) == {"other_agency_reports": ["TH-1", "TH-2"]}
    (many,) = _events(node.db_url, "lookup.bulk")
    assert orjson.loads(many.detail) == {"reported": 1, "values": 1}


def test_two_workers_append_to_one_chain(db_url: str, tmp_path: Path) -> None:
    agencies_and_groups(db_url)
    _ingest(db_url)
    with database.session(db_url) as session:
        accounts.add_user(session, "op@mm-mpf.example.org", "MM-MPF", "operator")
        token, _ = accounts.create_token(session, "op@mm-mpf.example.org")
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "scamgrid", "serve", "--port", str(port), "--workers", "2"],
        env={**os.environ, "SCAMGRID_DATABASE_URL": db_url},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    headers = {"Authorization": f"Bearer {token}"}
    try:
        deadline = time.monotonic() + 120  # two workers import the app
        while time.monotonic() < deadline:
            try:
                httpx.get(f"{base}/api/v1/health", timeout=1)
                break
            except httpx.TransportError:
                time.sleep(0.1)

        # A connection per request: the kernel spreads them over both workers.
        client = httpx.Client(base_url=base, headers={**headers, "Connection": "close"}, timeout=30)

        def ask(n: int) -> int:
            if n % 10 == 0:
                items = [{"value": "+66812345678"}, {"value": f"+6689{n:07d}"}]
                return client.post("/api/v1/lookup/bulk", json={"items": items}).status_code
            return client.get("/api/v1/lookup", params={"value": f"+6681{n:07d}"}).status_code

        with client, ThreadPoolExecutor(8) as pool:
            statuses = list(pool.map(ask, range(200)))

    finally:
        server.terminate()
        server.wait(timeout=30)
    assert statuses == [200] * 200
    assert len(_events(db_url, "lookup")) == 180 and len(_events(db_url, "lookup.bulk")) == 20
    with database.engine(db_url).connect() as conn:
        assert audit.verify(conn).ok
    verified = CliRunner().invoke(get_app(), ["audit", "verify"])
    assert verified.exit_code == 0, verified.output
