"""Writing reports in bulk: a batch of records is one transaction of a few set-wise statements.

Idempotent by report id: identical content is left alone, changed content replaces the stored
report and its sightings. Indicators are upserted on (type, value).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import cast

import orjson
from sqlalchemy import Connection, Executable, Table, bindparam, delete, select, tuple_, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from scamgrid.ingest.reports import ReportRecord, RowError
from scamgrid.store.bulk import insert_rows
from scamgrid.store.crypto import KeyRing
from scamgrid.store.tables import Agency, Indicator, Report, SharingGroup, Sighting, utcnow

_IN_CHUNK = 500  # keys per IN (...) clause: well under SQLite's bound-parameter limit
REPORTS = cast(Table, Report.__table__)
SIGHTINGS = cast(Table, Sighting.__table__)
SIGHTING_COLUMNS = (
    "report_id",
    "indicator_id",
    "agency_id",
    "raw",
    "seen_at",
    "marking",
    "sharing_group_id",
    "fraud_type",
)


@dataclass
class WriteResult:
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)

    def add(self, other: WriteResult) -> None:
        self.inserted += other.inserted
        self.updated += other.updated
        self.unchanged += other.unchanged
        self.errors.extend(other.errors)


def _chunks(items: Sequence[object], size: int = _IN_CHUNK) -> Iterable[Sequence[object]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _insert_ignore(conn: Connection, table: type[Indicator]) -> Executable:
    """INSERT ... ON CONFLICT DO NOTHING, which both dialects spell the same way."""
    if conn.dialect.name == "postgresql":
        return pg_insert(table).on_conflict_do_nothing()
    return sqlite_insert(table).on_conflict_do_nothing()


class ReportWriter:
    """Writes batches of records; keeps look-up caches that only grow after a commit."""

    def __init__(self, keyring: KeyRing, source: str = "") -> None:
        self.keyring = keyring
        self.source = source
        self._agencies: dict[str, int] = {}
        self._groups: dict[str, int] = {}
        self._indicators: dict[tuple[str, str], int] = {}
        self._pending: dict[tuple[str, str], int] = {}

    def load_names(self, conn: Connection) -> None:
        self._agencies = dict(conn.execute(select(Agency.code, Agency.id)).all())
        self._groups = dict(conn.execute(select(SharingGroup.name, SharingGroup.id)).all())

    def write(self, conn: Connection, records: list[ReportRecord], file: str) -> WriteResult:
        """Write one batch inside the caller's transaction."""
        result = WriteResult()
        accepted: list[ReportRecord] = []
        for record in records:
            if record.agency not in self._agencies:
                result.errors.append(
                    RowError(
                        file,
                        record.row,
                        "agency",
                        f"unknown agency {record.agency!r} (add it with `scamgrid agency add`)",
                    )
                )
            elif record.sharing_group and record.sharing_group not in self._groups:
                result.errors.append(
                    RowError(
                        file,
                        record.row,
                        "sharing_group",
                        f"unknown sharing group {record.sharing_group!r}",
                    )
                )
            else:
                accepted.append(record)
        if not accepted:
            return result

        stored = self._stored_hashes(conn, [r.report_id for r in accepted])
        new: list[ReportRecord] = []
        changed: list[ReportRecord] = []
        for record in accepted:
            previous = stored.get(record.report_id)
            if previous is None:
                new.append(record)
            elif previous[1] == record.content_hash:
                result.unchanged += 1
            else:
                changed.append(record)
        if not new and not changed:
            return result

        indicator_ids = self._indicator_ids(conn, new + changed)
        now = utcnow()
        report_ids: dict[str, int] = {}
        if new:
            rows = [self._report_row(r, now) | {"created_at": now} for r in new]
            # One executemany, then the new ids by report id: RETURNING over executemany makes
            # SQLite run one statement per row.
            columns = list(rows[0])
            insert_rows(conn, REPORTS, columns, [tuple(row.values()) for row in rows])
            report_ids.update(self._ids_of(conn, [r.report_id for r in new]))
            result.inserted = len(new)
        if changed:
            pks = [stored[r.report_id][0] for r in changed]
            for chunk in _chunks(pks):
                conn.execute(delete(Sighting).where(Sighting.report_id.in_(chunk)))
            conn.execute(
                update(Report).where(Report.id == bindparam("pk")),
                [self._report_row(r, now) | {"pk": stored[r.report_id][0]} for r in changed],
            )
            report_ids.update({r.report_id: stored[r.report_id][0] for r in changed})
            result.updated = len(changed)

        sightings = [
            (
                report_ids[r.report_id],
                indicator_ids[(i.type, i.value)],
                self._agencies[r.agency],
                i.raw,
                r.reported_at,
                r.marking,
                self._groups.get(r.sharing_group or ""),
                r.fraud_type,
            )
            for r in new + changed
            for i in r.indicators
        ]
        insert_rows(conn, SIGHTINGS, SIGHTING_COLUMNS, sightings)
        return result

    def _report_row(self, record: ReportRecord, now: object) -> dict[str, object]:
        sealed = None
        if record.victim:
            sealed = self.keyring.seal(orjson.dumps(record.victim), record.report_id.encode())
        return {
            "report_id": record.report_id,
            "agency_id": self._agencies[record.agency],
            "country": record.country,
            "reported_at": record.reported_at,
            "channel": record.channel,
            "fraud_type": record.fraud_type,
            "loss_amount": record.loss_amount,
            "loss_currency": record.loss_currency,
            "narrative": record.narrative,
            "marking": record.marking,
            "sharing_group_id": self._groups.get(record.sharing_group or ""),
            "victim_sealed": sealed,
            "content_hash": record.content_hash,
            "source": self.source,
            "updated_at": now,
        }

    def _ids_of(self, conn: Connection, report_ids: list[str]) -> dict[str, int]:
        found: dict[str, int] = {}
        for chunk in _chunks(report_ids):
            query = select(Report.report_id, Report.id).where(Report.report_id.in_(chunk))
            found.update({rid: pk for rid, pk in conn.execute(query)})
        return found

    def _stored_hashes(self, conn: Connection, report_ids: list[str]) -> dict[str, tuple[int, str]]:
        found: dict[str, tuple[int, str]] = {}
        for chunk in _chunks(report_ids):
            query = select(Report.report_id, Report.id, Report.content_hash).where(
                Report.report_id.in_(chunk)
            )
            found.update({rid: (pk, digest) for rid, pk, digest in conn.execute(query)})
        return found

    def _indicator_ids(
        self, conn: Connection, records: list[ReportRecord]
    ) -> dict[tuple[str, str], int]:
        wanted: dict[tuple[str, str], tuple[str | None, bool]] = {}
        for record in records:
            for i in record.indicators:
                wanted.setdefault((i.type, i.value), (i.country, i.valid))
        ids = {key: self._indicators[key] for key in wanted if key in self._indicators}
        missing = [key for key in wanted if key not in ids]
        if missing:
            now = utcnow()
            conn.execute(
                _insert_ignore(conn, Indicator),
                [
                    {
                        "type": t,
                        "value": v,
                        "country": wanted[(t, v)][0],
                        "valid": wanted[(t, v)][1],
                        "created_at": now,
                    }
                    for t, v in missing
                ],
            )
            for chunk in _chunks(missing):
                query = select(Indicator.type, Indicator.value, Indicator.id).where(
                    tuple_(Indicator.type, Indicator.value).in_(chunk)
                )
                ids.update({(t, v): pk for t, v, pk in conn.execute(query)})
            self._pending.update({key: ids[key] for key in missing})
        return ids

    def after_commit(self) -> None:
        """Cache indicator ids only once their transaction has committed."""
        self._indicators.update(self._pending)
        self._pending.clear()

    def after_rollback(self) -> None:
        self._pending.clear()
