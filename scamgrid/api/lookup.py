"""GET /api/v1/lookup: everything the caller may see about one identifier."""

from __future__ import annotations

import dataclasses
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from sqlalchemy.orm import Session

from scamgrid.api.deps import current_viewer, db_session
from scamgrid.model.vocabulary import IdentifierType
from scamgrid.store.lookup import identify, lookup
from scamgrid.store.visibility import Viewer

router = APIRouter(tags=["indicators"])


@router.get("/lookup", summary="Look up one identifier in any surface form")
def lookup_one(
    value: Annotated[str, Query(title="Identifier", min_length=1, max_length=512)],
    session: Annotated[Session, Depends(db_session)],
    viewer: Annotated[Viewer, Depends(current_viewer)],
    type: Annotated[IdentifierType | None, Query(title="Identifier type")] = None,
    country: Annotated[
        str | None, Query(title="Country hint", min_length=2, max_length=2, pattern="^[A-Za-z]{2}$")
    ] = None,
) -> dict[str, Any]:
    identifier = identify(value, type.value if type else None, country.upper() if country else None)
    return dataclasses.asdict(lookup(session, viewer, identifier))
