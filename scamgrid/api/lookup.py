"""Look-ups: one identifier in full, or up to 10,000 at once for operators and banks."""

from __future__ import annotations

import dataclasses
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from scamgrid.api.deps import actor, db_session, viewer
from scamgrid.model.vocabulary import IdentifierType
from scamgrid.sharing import audit
from scamgrid.store.lookup import bulk_lookup, identify, lookup
from scamgrid.store.visibility import Viewer

router = APIRouter(prefix="/api/v1", tags=["indicators"])
MAX_BULK = 10_000
Country = Annotated[str | None, Query(title="Country hint", pattern="^[A-Za-z]{2}$")]


@router.get("/lookup", summary="Look up one identifier in any surface form")
def lookup_one(
    value: Annotated[str, Query(title="Identifier", min_length=1, max_length=512)],
    session: Annotated[Session, Depends(db_session, scope="function")],
    who: Annotated[Viewer, Depends(viewer)],
    by: Annotated[audit.Actor, Depends(actor)],
    type: Annotated[IdentifierType | None, Query(title="Identifier type")] = None,
    country: Country = None,
) -> dict[str, Any]:
    identifier = identify(value, type.value if type else None, country.upper() if country else None)
    result = lookup(session, who, identifier)
    others = sorted({r.report_id for r in result.reports if r.agency != who.agency_code})
    audit.record(
        session, by, "lookup", identifier.type.value, identifier.value, other_agency_reports=others
    )
    return dataclasses.asdict(result)


class BulkItem(BaseModel):
    value: str = Field(min_length=1, max_length=512)
    type: IdentifierType | None = None
    country: str | None = Field(default=None, pattern="^[A-Za-z]{2}$")


class BulkRequest(BaseModel):
    items: list[BulkItem] = Field(max_length=MAX_BULK, description="Up to 10,000 values.")
    model_config = {
        "json_schema_extra": {
            "examples": [
                {
                    "items": [
                        {"value": "+66812345678", "type": "phone"},
                        {"value": "hxxps://bad[.]top/x"},
                    ]
                }
            ]
        }
    }


@router.post("/lookup/bulk", summary="Look up up to 10,000 identifiers in one request")
def lookup_bulk(
    body: BulkRequest,
    session: Annotated[Session, Depends(db_session, scope="function")],
    who: Annotated[Viewer, Depends(viewer)],
    by: Annotated[audit.Actor, Depends(actor)],
) -> dict[str, Any]:
    items = [
        (i.value, i.type.value if i.type else None, i.country.upper() if i.country else None)
        for i in body.items
    ]
    hits = bulk_lookup(session, who, items)
    reported = sum(h.reported for h in hits)
    audit.record(session, by, "lookup.bulk", "indicators", "", values=len(items), reported=reported)
    return {
        "count": len(hits),
        "reported": reported,
        "results": [dataclasses.asdict(h) for h in hits],
    }
