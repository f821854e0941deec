"""Every ingest batch that changes the store leaves one audit event, in its own transaction."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import select

from scamgrid.ingest.load import ingest_reports
from scamgrid.sharing import audit
from scamgrid.store import database
from scamgrid.store.tables import AuditEvent
from tests.factories import agencies_and_groups, report, write_jsonl


def _events(db_url: str) -> list[AuditEvent]:
    with database.session(db_url) as session:
        return list(
            session.scalars(select(AuditEvent).where(AuditEvent.action == "ingest.reports"))
        )


def test_an_ingest_is_audited_with_counts_and_no_content(db_url: str, tmp_path: Path) -> None:
    agencies_and_groups(db_url)
    rows = [report(f"TH-CCIB-2025-{n:06d}") for n in range(5)]
    path = write_jsonl(tmp_path / "reports.jsonl", rows)
    ingest_reports(path, url=db_url, batch_size=3)
    events = _events(db_url)
    assert [json.loads(e.detail)["inserted"] for e in events] == [3, 2]
    assert [json.loads(e.detail)["rows"] for e in events] == ["1-3", "4-5"]
    assert {e.target_id for e in events} == {"reports.jsonl"}
    assert all(e.actor.startswith("cli:") for e in events)
    for event in events:  # counts and codes only: no victim, no identifier, no narrative
        assert "Somchai" not in event.detail and "812345678" not in event.detail
    with database.engine(db_url).connect() as conn:
        assert audit.verify(conn).ok


def test_reingesting_an_unchanged_file_writes_no_event(db_url: str, tmp_path: Path) -> None:
    agencies_and_groups(db_url)
    path = write_jsonl(tmp_path / "reports.jsonl", [report("TH-CCIB-2025-000001")])
    ingest_reports(path, url=db_url)
    ingest_reports(path, url=db_url)
    assert len(_events(db_url)) == 1
    changed = write_jsonl(tmp_path / "reports.jsonl", [report("TH-CCIB-2025-000001", loss=None)])
    ingest_reports(changed, url=db_url)
    assert [json.loads(e.detail)["updated"] for e in _events(db_url)] == [0, 1]
