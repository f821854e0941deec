"""The audit log, for admins: their own agency's events."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from sqlalchemy.orm import Session

from scamgrid.api.deps import db_session, principal
from scamgrid.sharing import audit
from scamgrid.sharing.accounts import Principal

router = APIRouter(prefix="/api/v1", tags=["audit"])


@router.get("/audit", summary="Audit events of your agency, newest first (admins)")
def audit_log(
    session: Annotated[Session, Depends(db_session, scope="function")],
    who: Annotated[Principal, Depends(principal)],
    since: datetime | None = None,
    action: Annotated[str | None, Query(max_length=50)] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> dict[str, Any]:
    events = audit.log(session, who.agency_code, since, action, limit, offset)
    return {
        "limit": limit,
        "offset": offset,
        "items": [
            {
                "id": e.id,
                "at": e.at,
                "actor": e.actor,
                "agency": e.agency,
                "action": e.action,
                "target_type": e.target_type,
                "target_id": e.target_id,
                "detail": e.detail,
                "hash": e.hash,
            }
            for e in events
        ],
    }
