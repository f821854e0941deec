"""Reports: create, read, list with filters and pages, update, delete (all audited)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Query, Response
from sqlalchemy.orm import Session

from scamgrid.api.deps import actor, db_session, viewer
from scamgrid.cases import reports
from scamgrid.model.vocabulary import FraudType, Marking
from scamgrid.sharing import audit
from scamgrid.store.visibility import Viewer

router = APIRouter(prefix="/api/v1/reports", tags=["reports"])

EXAMPLE = {
    "id": "TH-CCIB-2025-000123",
    "country": "TH",
    "reported_at": "2025-02-03T10:15:00+07:00",
    "channel": "call",
    "fraud_type": "impersonation",
    "marking": "TLP:AMBER",
    "loss": {"amount": 125000, "currency": "THB"},
    "narrative": "Caller claimed to be police.",
    "indicators": [{"type": "phone", "value": "081 234 5678", "country": "TH"}],
}
ReportBody = Annotated[dict[str, Any], Body(examples=[EXAMPLE])]
Deps = tuple[Session, Viewer, audit.Actor]


def _deps(
    session: Annotated[Session, Depends(db_session, scope="function")],
    who: Annotated[Viewer, Depends(viewer)],
    by: Annotated[audit.Actor, Depends(actor)],
) -> Deps:
    return session, who, by


@router.get("", summary="List the reports you may see, newest first")
def list_reports(
    deps: Annotated[Deps, Depends(_deps)],
    agency: Annotated[str | None, Query(max_length=32)] = None,
    fraud_type: FraudType | None = None,
    marking: Marking | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    limit: Annotated[int, Query(ge=1, le=reports.MAX_PAGE)] = 50,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> dict[str, Any]:
    where = reports.ReportFilter(
        agency,
        fraud_type.value if fraud_type else None,
        marking.value if marking else None,
        since,
        until,
    )
    total, items = reports.list_reports(*deps, where, limit, offset)
    return {"total": total, "limit": limit, "offset": offset, "items": items}


@router.post("", status_code=201, summary="Create a report for your agency")
def create_report(deps: Annotated[Deps, Depends(_deps)], body: ReportBody) -> dict[str, Any]:
    return reports.create_report(*deps, body)


@router.get("/{report_id}", summary="Read one report")
def get_report(deps: Annotated[Deps, Depends(_deps)], report_id: str) -> dict[str, Any]:
    return reports.get_report(*deps, report_id)


@router.patch("/{report_id}", summary="Change fields of your agency's report")
def update_report(
    deps: Annotated[Deps, Depends(_deps)], report_id: str, body: ReportBody
) -> dict[str, Any]:
    return reports.update_report(*deps, report_id, body)


@router.delete("/{report_id}", status_code=204, summary="Delete your agency's report")
def delete_report(deps: Annotated[Deps, Depends(_deps)], report_id: str) -> Response:
    reports.delete_report(*deps, report_id)
    return Response(status_code=204)
