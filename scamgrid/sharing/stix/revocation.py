"""Withdrawing a shared report: its STIX objects are re-issued as revoked, then it is deleted.

The revoked objects stay in `revocations` and are served in every collection the report was
in, so peers delete their copies on their next sync and relay the revocation to theirs.
"""

from __future__ import annotations

import orjson
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from scamgrid.errors import Forbidden, NotFound
from scamgrid.sharing import audit
from scamgrid.sharing.federation.tables import ReportOrigin, Revocation
from scamgrid.sharing.stix import objects as o
from scamgrid.sharing.stix import vocabulary as v
from scamgrid.sharing.stix.source import Scope, Source
from scamgrid.store.tables import Report, Sighting, utcnow
from scamgrid.store.visibility import SYSTEM, Viewer, may_see


def revoke_report(
    session: Session, viewer: Viewer, actor: audit.Actor, report_id: str, node: str
) -> bool:
    """Delete one of the viewer's agency's reports and publish its revocation.

    Returns whether a revocation was published (a report that was never shared, RED or
    AMBER+STRICT, is only deleted).
    """
    report = session.scalar(select(Report).where(Report.report_id == report_id))
    if report is None or not may_see(
        viewer, report.marking, report.agency_id, report.sharing_group_id
    ):
        raise NotFound(f"no report {report_id!r}")
    if not viewer.system and report.agency_id != viewer.agency_id:
        raise Forbidden(f"report {report_id} belongs to another agency")
    if session.scalar(select(ReportOrigin.origin_node).where(ReportOrigin.report_id == report.id)):
        raise Forbidden(f"report {report_id} came from another node: only its origin revokes it")
    entry = Source(session, Scope(SYSTEM), node).report_entry(report.id)
    now = utcnow()
    session.execute(delete(Sighting).where(Sighting.report_id == report.id))
    session.execute(delete(Report).where(Report.id == report.id))
    published = entry is not None and report.marking not in v.NEVER_SHARED
    if entry is not None and published:
        session.add(
            Revocation(
                report_id=report_id,
                stix_id=v.report_stix_id(report_id),
                agency_id=report.agency_id,
                marking=report.marking,
                sharing_group_id=report.sharing_group_id,
                origin_node=node,
                objects=orjson.dumps(o.revoked(entry.objects, now)).decode(),
                revoked_at=now,
            )
        )
    audit.record(session, actor, "report.revoke", "report", report_id, published=published)
    session.flush()
    return published
