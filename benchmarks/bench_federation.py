"""Federation: sync 1,000,000 indicators between two nodes on loopback, against a file transfer.

Node A (SQLite) holds 200,000 GREEN reports of 5 distinct identifiers each; it serves TAXII
from a separate process (`uvicorn` on 127.0.0.1), and node B pulls everything with
`federation sync` (pages of 10,000 objects). The baseline, in the same run: export the same
reports from A as a plain JSON Lines file (the ingest format) and ingest it into an empty node
C. Both paths validate every identifier again on the way in.

Run: `.venv/bin/python -m benchmarks federation` (several minutes; `SIZE` below to scale).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
import orjson
from sqlalchemy import func, select

from scamgrid.ingest.load import ingest_records, ingest_reports
from scamgrid.ingest.reports import ReadOptions, to_record
from scamgrid.sharing import accounts
from scamgrid.sharing.federation import peers
from scamgrid.sharing.federation.sync import sync_peer
from scamgrid.store import database
from scamgrid.store.tables import Agency, Indicator, Report, Sighting

SIZE = int(os.environ.get("BENCH_FEDERATION_INDICATORS", "1000000"))
PER_REPORT = 5
PAGE = 10_000
SERVER = """
import sys, uvicorn
from scamgrid.api.app import create_app
app = create_app(sys.argv[1]); app.state.node_name = "a"
uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[2]), log_level="warning")
"""


def _report(n: int) -> dict[str, object]:
    return {
        "id": f"TH-CCIB-B-{n:07d}",
        "agency": "TH-CCIB",
        "country": "TH",
        "reported_at": "2025-02-03T10:15:00+07:00",
        "fraud_type": "investment",
        "marking": "TLP:GREEN",
        "narrative": "Investment group on a chat app promised daily returns.",
        "indicators": [
            {"type": "phone", "value": f"+6681{n:07d}"},
            {"type": "bank_account", "value": f"{n:010d}", "bank": "KBANK", "country": "TH"},
            {"type": "email", "value": f"agent{n}@example.com"},
            {"type": "domain", "value": f"profit-{n}.example.com"},
            {"type": "telegram", "value": f"trader_{n}"},
        ],
    }


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _node(path: Path) -> str:
    url = f"sqlite:///{path}"
    database.upgrade(url)
    with database.session(url) as session:
        session.add(Agency(code="TH-CCIB", name="Cyber Crime Investigation Bureau", country="TH"))
        session.add(Agency(code="CN-MPS", name="Ministry of Public Security", country="CN"))
    return url


def _seed(url: str, reports: int) -> None:
    records = (to_record(_report(n), n, ReadOptions()) for n in range(reports))
    summary = ingest_records(records, "bench", "bench", url, batch_size=5000)
    assert summary.inserted == reports, summary.as_dict()


def _sightings(url: str) -> int:
    with database.session(url) as session:
        return session.scalar(select(func.count()).select_from(Sighting)) or 0


def _export_jsonl(url: str, path: Path) -> int:
    """The reports of a node in the ingest format, straight from the store."""
    count = 0
    with database.session(url) as session, path.open("wb") as out:
        last = 0
        while True:
            reports = session.execute(
                select(
                    Report.id,
                    Report.report_id,
                    Report.country,
                    Report.reported_at,
                    Report.fraud_type,
                    Report.marking,
                    Report.narrative,
                )
                .where(Report.id > last)
                .order_by(Report.id)
                .limit(5000)
            ).all()
            if not reports:
                return count
            pks = [r[0] for r in reports]
            items: dict[int, list[dict[str, str]]] = {pk: [] for pk in pks}
            for pk, kind, value in session.execute(
                select(Sighting.report_id, Indicator.type, Indicator.value)
                .join(Indicator, Indicator.id == Sighting.indicator_id)
                .where(Sighting.report_id.in_(pks))
            ):
                items[pk].append({"type": kind, "value": value})
            for pk, rid, country, at, fraud, marking, narrative in reports:
                row = {
                    "id": rid,
                    "agency": "TH-CCIB",
                    "country": country,
                    "reported_at": at.isoformat(),
                    "fraud_type": fraud,
                    "marking": marking,
                    "narrative": narrative,
                    "indicators": items[pk],
                }
                out.write(orjson.dumps(row) + b"\n")
                count += len(items[pk])
            last = pks[-1]


def main() -> None:
    reports = SIZE // PER_REPORT
    with tempfile.TemporaryDirectory() as folder:
        home = Path(folder)
        os.environ["SCAMGRID_HOME"] = str(home / "home")
        a, b, c = (_node(home / f"{n}.db") for n in "abc")
        started = time.perf_counter()
        _seed(a, reports)
        print(
            f"seeded node A: {reports:,} reports, {_sightings(a):,} indicators "
            f"in {time.perf_counter() - started:.0f} s",
            flush=True,
        )
        with database.session(a) as session:
            accounts.add_user(session, "peer@cn-mps.example.org", "CN-MPS", "partner")
            token, _ = accounts.create_token(session, "peer@cn-mps.example.org")
        port = _free_port()
        with database.session(b) as session:
            peers.add_peer(session, "a", f"http://127.0.0.1:{port}", token)
        server = subprocess.Popen([sys.executable, "-c", SERVER, a, str(port)])
        try:
            for _ in range(300):
                try:
                    httpx.get(f"http://127.0.0.1:{port}/api/v1/health", timeout=1)
                    break
                except httpx.HTTPError:
                    time.sleep(0.1)
            started = time.perf_counter()
            summary = sync_peer("a", "b", b, page_size=PAGE)
            sync_s = time.perf_counter() - started
        finally:
            server.terminate()
            server.wait(timeout=30)
        synced = _sightings(b)
        assert summary.pulled.inserted == reports and synced == SIZE, summary.as_dict()

        started = time.perf_counter()
        file = home / "export.jsonl"
        exported = _export_jsonl(a, file)
        export_s = time.perf_counter() - started
        started = time.perf_counter()
        ingested = ingest_reports(file, url=c)
        import_s = time.perf_counter() - started
        assert ingested.inserted == reports and _sightings(c) == exported == SIZE
    file_s = export_s + import_s
    print(
        f"TAXII sync A -> B on loopback: {synced:,} indicators in {sync_s:.1f} s = "
        f"{synced / sync_s:,.0f} indicators/s ({summary.pages_in} pages)"
    )
    print(
        f"baseline file: export {export_s:.1f} s + ingest {import_s:.1f} s = "
        f"{SIZE / file_s:,.0f} indicators/s"
    )
    print(f"sync / file: {(synced / sync_s) / (SIZE / file_s):.2f}x")
