"""Ingest a file of reports into the store: read, validate, write in transactional batches.

Each batch is one transaction, so a killed ingest leaves whole reports or none; rerunning the
same file finishes the job without duplicating anything (idempotent by report id).
"""

from __future__ import annotations

import getpass
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from scamgrid.ingest.parallel import validate_in_parallel
from scamgrid.ingest.reports import ReadOptions, ReportRecord, RowError, raw_rows
from scamgrid.sharing import audit
from scamgrid.store import database
from scamgrid.store.crypto import KeyRing
from scamgrid.store.reports import ReportWriter, WriteResult

BATCH_SIZE = 2000


@dataclass
class IngestSummary:
    file: str
    accepted: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def rejected(self) -> int:
        return len(self.errors)

    def as_dict(self) -> dict[str, object]:
        return {
            "file": self.file,
            "accepted": self.accepted,
            "rejected": self.rejected,
            "inserted": self.inserted,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "errors": [e.as_dict() for e in self.errors],
        }


def ingest_reports(
    path: Path,
    options: ReadOptions | None = None,
    url: str | None = None,
    batch_size: int = BATCH_SIZE,
    workers: int | None = None,
) -> IngestSummary:
    """Ingest a .jsonl or .csv file of reports; big files are validated in worker processes."""
    records = validate_in_parallel(raw_rows(path), str(path), options or ReadOptions(), workers)
    return ingest_records(records, str(path), path.name, url, batch_size)


def ingest_records(
    records: Iterable[ReportRecord | RowError],
    file: str,
    source: str,
    url: str | None = None,
    batch_size: int = BATCH_SIZE,
    actor: audit.Actor | None = None,
) -> IngestSummary:
    """Write validated records in transactional batches; errors are collected, not raised.

    Each batch that changes the store appends one `ingest.reports` event (counts, row range and
    agencies; never content) in the batch's own transaction: no write without its event.
    """
    by = actor or audit.Actor(f"cli:{getpass.getuser()}")
    engine = database.engine(url)
    writer = ReportWriter(KeyRing.load(), source=source)
    summary = IngestSummary(file=file)
    with engine.connect() as conn:
        writer.load_names(conn)
        conn.rollback()
        batch: list[ReportRecord] = []

        def flush() -> None:
            if not batch:
                return
            try:
                with conn.begin():
                    result = writer.write(conn, batch, file)
                    if result.inserted or result.updated:
                        audit.record(
                            conn,
                            by,
                            "ingest.reports",
                            "file",
                            source,
                            rows=f"{batch[0].row}-{batch[-1].row}",
                            inserted=result.inserted,
                            updated=result.updated,
                            agencies=sorted({r.agency for r in batch}),
                        )
            except BaseException:
                writer.after_rollback()
                raise
            writer.after_commit()
            _count(summary, result, len(batch))
            batch.clear()

        for item in records:
            if isinstance(item, RowError):
                summary.errors.append(item)
                continue
            batch.append(item)
            if len(batch) >= batch_size:
                flush()
        flush()
    summary.errors.sort(key=lambda e: e.row)
    return summary


def _count(summary: IngestSummary, result: WriteResult, size: int) -> None:
    summary.errors.extend(result.errors)
    summary.accepted += size - len(result.errors)
    summary.inserted += result.inserted
    summary.updated += result.updated
    summary.unchanged += result.unchanged
