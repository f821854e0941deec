"""Ingest a file of reports into the store: read, validate, write in transactional batches.

Each batch is one transaction, so a killed ingest leaves whole reports or none; rerunning the
same file finishes the job without duplicating anything (idempotent by report id).
"""

from __future__ import annotations

import getpass
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Connection, select

from scamgrid.ingest.parallel import validate_in_parallel
from scamgrid.ingest.persons import (
    NamedIn,
    PersonsWritten,
    PersonWriter,
    StoredPerson,
    report_keys,
)
from scamgrid.ingest.reports import ReadOptions, ReportRecord, RowError, raw_rows
from scamgrid.sharing import audit
from scamgrid.store import database
from scamgrid.store.crypto import KeyRing
from scamgrid.store.reports import ReportWriter, WriteResult
from scamgrid.store.tables import Agency, Report, SharingGroup

BATCH_SIZE = 2000


@dataclass
class IngestSummary:
    file: str
    accepted: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    persons: int = 0  # persons of interest created or completed from the reports' `persons`
    person_links: int = 0
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
            "persons": self.persons,
            "person_links": self.person_links,
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
    agencies; never content) in the batch's own transaction: no write without its event. The
    persons the reports name are written in the same transaction (`ingest.persons`).
    """
    by = actor or audit.Actor(f"cli:{getpass.getuser()}")
    engine = database.engine(url)
    keyring = KeyRing.load()
    writer = ReportWriter(keyring, source=source)
    persons = PersonWriter(keyring)
    summary = IngestSummary(file=file)
    with engine.connect() as conn:
        writer.load_names(conn)
        persons.load(conn)
        conn.rollback()
        batch: list[ReportRecord] = []

        def flush() -> None:
            if not batch:
                return
            size = len(batch)
            try:
                with conn.begin():
                    result, people = write_batch(conn, writer, persons, batch, file)
                    if result.inserted or result.updated:
                        counts = {"persons": people.persons, "person_links": people.links}
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
                            **{k: v for k, v in counts.items() if v},
                        )
            except BaseException:
                writer.after_rollback()
                raise
            writer.after_commit()
            _count(summary, result, size)
            summary.persons += people.persons
            summary.person_links += people.links
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


def write_batch(
    conn: Connection,
    writer: ReportWriter,
    persons: PersonWriter,
    batch: list[ReportRecord],
    file: str,
) -> tuple[WriteResult, PersonsWritten]:
    """Write reports and the persons they name, in the caller's transaction.

    Shared by file ingestion and the reports API, so a `persons` array is written (or refused
    with its row and field) the same way whichever way the report came in."""
    named = _with_persons(conn, persons, batch, file)
    result = writer.write(conn, batch, file)
    return result, _write_persons(conn, persons, named, result)


def _count(summary: IngestSummary, result: WriteResult, size: int) -> None:
    summary.errors.extend(result.errors)
    summary.accepted += size - len(result.errors)
    summary.inserted += result.inserted
    summary.updated += result.updated
    summary.unchanged += result.unchanged


_Named = dict[str, tuple[ReportRecord, str | None]]  # report id -> (record, stored hash)


def _with_persons(
    conn: Connection, persons: PersonWriter, batch: list[ReportRecord], file: str
) -> _Named:
    """Before the reports are written: the stored hash of each report whose person links may
    change (it names persons, or links exist), and refusal of rows naming a person their
    agency may not see (removed from `batch`, reported as row errors by `_write_persons`)."""
    if not persons.any_links and not any(r.persons for r in batch):
        return {}
    stored = report_keys(conn, [r.report_id for r in batch])
    refs = sorted({p.ref for r in batch for p in r.persons})
    known = persons.stored(conn, refs) if refs else {}
    named: _Named = {}
    agencies = dict(conn.execute(select(Agency.code, Agency.id)).all())
    groups = dict(conn.execute(select(SharingGroup.name, SharingGroup.id)).all())
    refused: list[RowError] = []
    for record in list(batch):
        agency_id = agencies.get(record.agency)
        for index, person in enumerate(record.persons):
            found = known.get(person.ref)
            if found and agency_id is not None and not persons.may_link(found, agency_id):
                reason = f"person {person.ref!r} is another agency's, not visible to yours"
                refused.append(RowError(file, record.row, f"persons[{index}].ref", reason))
                batch.remove(record)
                break
        else:
            previous = stored.get(record.report_id)
            named[record.report_id] = (record, previous[1] if previous else None)
            if agency_id is None:
                continue
            group = groups.get(record.sharing_group or "")
            for person in record.persons:  # created by this report: later rows must see it
                known.setdefault(person.ref, StoredPerson(0, agency_id, record.marking, group))
    persons.refused = refused
    return named


def _write_persons(
    conn: Connection, persons: PersonWriter, named: _Named, result: WriteResult
) -> PersonsWritten:
    """After the reports: replace the person links of each report written in this batch."""
    result.errors.extend(persons.refused)
    persons.refused = []
    rejected = {e.row for e in result.errors}
    written = [
        record
        for record, before in named.values()
        if record.row not in rejected and before != record.content_hash
    ]
    if not written:
        return PersonsWritten()
    keys = report_keys(conn, [r.report_id for r in written])
    rows = dict(
        conn.execute(
            select(Report.report_id, Report.agency_id).where(
                Report.id.in_([keys[r.report_id][0] for r in written])
            )
        ).all()
    )
    groups = dict(conn.execute(select(SharingGroup.name, SharingGroup.id)).all())
    return persons.write(
        conn,
        [
            NamedIn(
                keys[r.report_id][0],
                rows[r.report_id],
                r.marking,
                groups.get(r.sharing_group or ""),
                r.reported_at,
                r.persons,
            )
            for r in written
        ],
    )
