"""Owner agency, marking and sharing group of a new casework record, checked once for all kinds."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from scamgrid.errors import Forbidden, InvalidInput, NotFound
from scamgrid.model.vocabulary import Marking
from scamgrid.store.tables import Agency, SharingGroup, SharingGroupMember
from scamgrid.store.visibility import GROUP_MARKINGS, Viewer


@dataclass(frozen=True)
class Ownership:
    agency_id: int
    agency_code: str
    marking: str
    sharing_group_id: int | None


def owner(
    session: Session,
    viewer: Viewer,
    marking: str | None,
    sharing_group: str | None,
    agency: str | None = None,
    default_marking: Marking = Marking.AMBER,
) -> Ownership:
    """Who owns a record the viewer writes: its own agency (the node itself may name one)."""
    code = (agency or viewer.agency_code or "").strip().upper()
    if not code:
        raise Forbidden("only an agency can write casework records")
    if not viewer.system and code != viewer.agency_code:
        raise Forbidden(f"you write for {viewer.agency_code}, not {code}")
    row = session.execute(select(Agency.id, Agency.code).where(Agency.code == code)).first()
    if row is None:
        raise NotFound(f"no agency with code {code!r}")
    try:
        mark = Marking.parse(marking).value if marking else default_marking.value
    except ValueError as error:
        raise InvalidInput(f"marking: {error}", field="marking") from None
    group_id = None
    if sharing_group:
        group_id = session.scalar(
            select(SharingGroup.id)
            .join(SharingGroupMember, SharingGroupMember.group_id == SharingGroup.id)
            .where(SharingGroup.name == sharing_group, SharingGroupMember.agency_id == row.id)
        )
        if group_id is None:
            raise InvalidInput(
                f"sharing_group: {code} is not a member of {sharing_group!r}", field="sharing_group"
            )
    elif mark in GROUP_MARKINGS:
        # AMBER without a group would be seen by nobody but the owner: take its first group.
        group_id = session.scalar(
            select(SharingGroupMember.group_id)
            .where(SharingGroupMember.agency_id == row.id)
            .order_by(SharingGroupMember.group_id)
            .limit(1)
        )
    return Ownership(row.id, row.code, mark, group_id)


def agency_codes(session: Session) -> dict[int, str]:
    return {i: c for i, c in session.execute(select(Agency.id, Agency.code))}


def group_names(session: Session) -> dict[int, str]:
    return {i: n for i, n in session.execute(select(SharingGroup.id, SharingGroup.name))}
