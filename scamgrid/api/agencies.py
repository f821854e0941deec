"""Agencies and sharing groups on this node."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends
from pydantic import BaseModel, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from scamgrid.api.deps import actor, db_session, principal
from scamgrid.sharing import agencies, audit
from scamgrid.sharing.accounts import Principal
from scamgrid.store.tables import SharingGroup

router = APIRouter(prefix="/api/v1", tags=["agencies"])


@router.get("/agencies", summary="Agencies on this node")
def list_agencies(
    session: Annotated[Session, Depends(db_session, scope="function")],
    _: Annotated[Principal, Depends(principal)],
) -> list[dict[str, str]]:
    return [
        {"code": a.code, "name": a.name, "country": a.country}
        for a in agencies.list_agencies(session)
    ]


@router.get("/sharing-groups", summary="Sharing groups and their member agencies")
def list_groups(
    session: Annotated[Session, Depends(db_session, scope="function")],
    _: Annotated[Principal, Depends(principal)],
) -> list[dict[str, Any]]:
    groups = session.scalars(select(SharingGroup).order_by(SharingGroup.name))
    return [
        {
            "name": g.name,
            "description": g.description,
            "members": agencies.group_members(session, g.name),
        }
        for g in groups
    ]


class NewGroup(BaseModel):
    name: str = Field(min_length=1, max_length=100, pattern=r"^[a-z0-9][a-z0-9-]*$")
    members: list[Annotated[str, Field(pattern=r"^[A-Za-z0-9-]{2,32}$")]] = Field(
        min_length=1, max_length=100
    )
    description: str = Field(default="", max_length=2000)


@router.post("/sharing-groups", status_code=201, summary="Create a sharing group (admins)")
def create_group(
    body: NewGroup,
    session: Annotated[Session, Depends(db_session, scope="function")],
    who: Annotated[Principal, Depends(principal)],
    by: Annotated[audit.Actor, Depends(actor)],
) -> dict[str, Any]:
    members = sorted({m.upper() for m in body.members} | {who.agency_code})
    agencies.add_sharing_group(session, body.name, members, body.description)
    audit.record(session, by, "sharing_group.create", "sharing_group", body.name, members=members)
    return {
        "name": body.name,
        "description": body.description,
        "members": agencies.group_members(session, body.name),
    }
