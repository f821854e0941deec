"""Public routes, no login, rate-limited: check a value, report a scam or a trapped relative."""

from __future__ import annotations

import dataclasses
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from scamgrid.api.deps import db_session, viewer
from scamgrid.api.ratelimit import public_limit
from scamgrid.cases import public
from scamgrid.model.vocabulary import FraudType, IdentifierType
from scamgrid.store.visibility import Viewer

router = APIRouter(prefix="/api/v1", tags=["public"])
limited = [Depends(public_limit)]


@router.get(
    "/public/check",
    dependencies=limited,
    summary="Was this number, link, wallet or handle reported? (public)",
)
def check(
    value: Annotated[str, Query(min_length=1, max_length=512)],
    session: Annotated[Session, Depends(db_session, scope="function")],
    type: IdentifierType | None = None,
    country: Annotated[str | None, Query(pattern="^[A-Za-z]{2}$")] = None,
) -> dict[str, Any]:
    result = public.check_value(
        session, value, type.value if type else None, country.upper() if country else None
    )
    return dataclasses.asdict(result)


class Indicator(BaseModel):
    type: IdentifierType
    value: str = Field(min_length=1, max_length=512)


class PublicReportIn(BaseModel):
    country: str = Field(pattern="^[A-Za-z]{2}$", description="Country of the person reporting.")
    kind: str = Field(default="scam", pattern="^(scam|trapped_person)$")
    fraud_type: FraudType | None = None
    narrative: str = Field(min_length=1, max_length=5000)
    indicators: list[Indicator] = Field(default_factory=list, max_length=50)
    contact: dict[str, str] | None = Field(
        default=None, max_length=10, description="How to reach you (kept encrypted)."
    )


@router.post(
    "/public/reports",
    status_code=201,
    dependencies=limited,
    summary="Report a scam, or a relative trapped in a compound (public)",
)
def report(
    body: PublicReportIn, session: Annotated[Session, Depends(db_session, scope="function")]
) -> dict[str, str]:
    data = body.model_dump(mode="json")
    return {"reference": public.submit(session, data), "status": "pending"}


@router.get("/review/public-reports", summary="Your agency's queue of public reports")
def review(
    session: Annotated[Session, Depends(db_session, scope="function")],
    who: Annotated[Viewer, Depends(viewer)],
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> dict[str, Any]:
    return {"items": public.review_queue(session, who, limit, offset)}
