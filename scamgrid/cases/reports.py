"""Victim reports one at a time (the API's create, read, list, update, delete).

Bulk files go through scamgrid.ingest; both share one validator and one writer. Reads honour the
markings through store.visibility; writes are only for the owner agency; every write and every
read of another agency's report is audited. The victim's personal data is decrypted for the
owner agency only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import orjson
from sqlalchemy import Select, delete, func, select
from sqlalchemy.orm import Session

from scamgrid.cases.persons import PersonLink
from scamgrid.errors import Conflict, Forbidden, InvalidInput, NotFound
from scamgrid.ingest.load import write_batch
from scamgrid.ingest.persons import REPORT_SOURCE, PersonWriter
from scamgrid.ingest.reports import ReadOptions, ReportRecord, RowInvalid, to_record
from scamgrid.sharing import audit
from scamgrid.store.crypto import KeyRing
from scamgrid.store.reports import ReportWriter
from scamgrid.store.tables import Agency, Indicator, Report, SharingGroup, Sighting
from scamgrid.store.visibility import Viewer, visible

MAX_PAGE = 500


@dataclass(frozen=True)
class ReportFilter:
    agency: str | None = None
    fraud_type: str | None = None
    marking: str | None = None
    since: datetime | None = None
    until: datetime | None = None


def _visible_reports(viewer: Viewer) -> Select[Report, str]:
    return (
        select(Report, Agency.code)
        .join(Agency, Agency.id == Report.agency_id)
        .where(visible(viewer, Report.marking, Report.agency_id, Report.sharing_group_id))
    )


def _as_dict(session: Session, report: Report, agency: str, viewer: Viewer) -> dict[str, Any]:
    indicators = session.execute(
        select(Indicator.type, Indicator.value, Sighting.raw, Indicator.valid)
        .join(Sighting, Sighting.indicator_id == Indicator.id)
        .where(Sighting.report_id == report.id)
        .order_by(Sighting.id)
    ).all()
    group = session.get(SharingGroup, report.sharing_group_id) if report.sharing_group_id else None
    body: dict[str, Any] = {
        "id": report.report_id,
        "agency": agency,
        "country": report.country,
        "reported_at": report.reported_at,
        "channel": report.channel,
        "fraud_type": report.fraud_type,
        "loss": {"amount": float(report.loss_amount), "currency": report.loss_currency}
        if report.loss_amount is not None
        else None,
        "narrative": report.narrative,
        "marking": report.marking,
        "sharing_group": group.name if group else None,
        "indicators": [
            {"type": t, "value": v, "raw": raw, "valid": ok} for t, v, raw, ok in indicators
        ],
        "updated_at": report.updated_at,
    }
    if report.victim_sealed is not None and (viewer.system or viewer.agency_id == report.agency_id):
        body["victim"] = orjson.loads(
            KeyRing.load().open(report.victim_sealed, report.report_id.encode())
        )
    return body


def get_report(
    session: Session, viewer: Viewer, actor: audit.Actor, report_id: str
) -> dict[str, Any]:
    row = session.execute(_visible_reports(viewer).where(Report.report_id == report_id)).first()
    if row is None:
        # Same answer whether it does not exist or may not be seen: no existence leak.
        raise NotFound(f"no report {report_id!r}")
    report, agency = row
    if report.agency_id != viewer.agency_id:
        audit.record(session, actor, "report.read", "report", report_id, owner=agency)
    return _as_dict(session, report, agency, viewer)


def list_reports(
    session: Session,
    viewer: Viewer,
    actor: audit.Actor,
    where: ReportFilter,
    limit: int = 50,
    offset: int = 0,
) -> tuple[int, list[dict[str, Any]]]:
    query = _visible_reports(viewer)
    if where.agency:
        query = query.where(Agency.code == where.agency.upper())
    if where.fraud_type:
        query = query.where(Report.fraud_type == where.fraud_type)
    if where.marking:
        query = query.where(Report.marking == where.marking)
    if where.since:
        query = query.where(Report.reported_at >= where.since)
    if where.until:
        query = query.where(Report.reported_at < where.until)
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = session.execute(
        query.order_by(Report.reported_at.desc(), Report.id.desc())
        .limit(min(limit, MAX_PAGE))
        .offset(offset)
    ).all()
    others = [r.report_id for r, _ in rows if r.agency_id != viewer.agency_id]
    if others:
        audit.record(session, actor, "report.list", "report", "", count=len(others), ids=others)
    return total, [_as_dict(session, r, a, viewer) for r, a in rows]


def _owned(session: Session, viewer: Viewer, report_id: str) -> Report:
    report = session.scalar(select(Report).where(Report.report_id == report_id))
    if (
        report is None
        or not session.execute(_visible_reports(viewer).where(Report.id == report.id)).first()
    ):
        raise NotFound(f"no report {report_id!r}")
    if report.agency_id != viewer.agency_id:
        raise Forbidden(f"report {report_id} belongs to another agency")
    return report


def _validated(data: dict[str, Any], viewer: Viewer) -> ReportRecord:
    if viewer.agency_code is None:
        raise Forbidden("only an agency can write reports")
    agency = str(data.get("agency") or viewer.agency_code).upper()
    if agency != viewer.agency_code:
        raise Forbidden(f"you write for {viewer.agency_code}, not {agency}")
    try:
        return to_record({**data, "agency": agency}, 1, ReadOptions())
    except RowInvalid as bad:
        raise InvalidInput(f"{bad.field}: {bad.reason}", field=bad.field) from None


def _write(session: Session, record: ReportRecord, source: str, *, persons: bool) -> None:
    """Write one report; with `persons`, also the persons it names, replacing its links."""
    keyring = KeyRing.load()
    writer = ReportWriter(keyring, source=source)
    conn = session.connection()
    writer.load_names(conn)
    if persons:
        people = PersonWriter(keyring)
        people.load(conn)
        result, _ = write_batch(conn, writer, people, [record], "(request)")
    else:
        result = writer.write(conn, [record], "(request)")
    if result.errors:
        error = result.errors[0]
        raise InvalidInput(f"{error.field}: {error.reason}", field=error.field)


def create_report(
    session: Session, viewer: Viewer, actor: audit.Actor, data: dict[str, Any]
) -> dict[str, Any]:
    record = _validated(data, viewer)
    if session.scalar(select(Report.id).where(Report.report_id == record.report_id)):
        raise Conflict(f"report {record.report_id} already exists")
    _write(session, record, "api", persons=True)
    audit.record(
        session,
        actor,
        "report.create",
        "report",
        record.report_id,
        marking=record.marking,
        indicators=len(record.indicators),
    )
    return get_report(session, viewer, actor, record.report_id)


def update_report(
    session: Session, viewer: Viewer, actor: audit.Actor, report_id: str, changes: dict[str, Any]
) -> dict[str, Any]:
    report = _owned(session, viewer, report_id)
    current = _as_dict(session, report, viewer.agency_code or "", viewer)
    # Canonical values clean to themselves, so the stored indicators survive the round trip.
    merged = {
        **current,
        "indicators": [{"type": i["type"], "value": i["value"]} for i in current["indicators"]],
    }
    merged.update(changes)
    merged["id"] = report_id
    merged["reported_at"] = str(merged["reported_at"])
    record = _validated(merged, viewer)
    # A change that does not name persons keeps the report's person links as they are.
    _write(session, record, "api", persons="persons" in changes)
    if "persons" in changes and not record.persons:
        # Written by content hash, an emptied list can look unchanged after an earlier change
        # that kept the links; removing them must not depend on that.
        session.execute(
            delete(PersonLink).where(
                PersonLink.report_id == report.id, PersonLink.source == REPORT_SOURCE
            )
        )
    audit.record(session, actor, "report.update", "report", report_id, fields=sorted(changes))
    session.expire_all()
    return get_report(session, viewer, actor, report_id)


def delete_report(session: Session, viewer: Viewer, actor: audit.Actor, report_id: str) -> None:
    report = _owned(session, viewer, report_id)
    session.execute(delete(Sighting).where(Sighting.report_id == report.id))
    session.execute(delete(Report).where(Report.id == report.id))
    audit.record(session, actor, "report.delete", "report", report_id)
