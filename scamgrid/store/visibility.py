"""Who may see a record: TLP 2.0 markings enforced as SQL conditions in the query layer.

Every query over reports, sightings or anything derived from them goes through `visible`, so no
route, command, export or aggregate can forget the markings.

- CLEAR, GREEN: every agency on the node (and the public checker).
- AMBER: the owner agency and the agencies of the record's sharing group.
- AMBER+STRICT, RED: the owner agency only (RED also never leaves the node).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import ColumnElement, SQLColumnExpression, and_, false, or_, select, true
from sqlalchemy.orm import Session

from scamgrid.errors import NotFound
from scamgrid.model.vocabulary import Marking
from scamgrid.store.tables import Agency, SharingGroupMember

# Who sees a record of each marking besides its owner agency: the whole node, the record's
# sharing group, or nobody. The SQL below and the authorization tests both follow this table.
AUDIENCE = {
    Marking.CLEAR: "node",
    Marking.GREEN: "node",
    Marking.AMBER: "group",
    Marking.AMBER_STRICT: "owner",
    Marking.RED: "owner",
}
OPEN_MARKINGS = tuple(m.value for m, audience in AUDIENCE.items() if audience == "node")
GROUP_MARKINGS = tuple(m.value for m, audience in AUDIENCE.items() if audience == "group")


@dataclass(frozen=True)
class Viewer:
    """The party asking: an agency (with its sharing groups), the public, or the node itself."""

    agency_id: int | None = None
    agency_code: str | None = None
    group_ids: frozenset[int] = field(default_factory=frozenset)
    system: bool = False

    @property
    def is_public(self) -> bool:
        return not self.system and self.agency_id is None


SYSTEM = Viewer(system=True)
PUBLIC = Viewer()


def viewer_for_agency(session: Session, code: str) -> Viewer:
    agency = session.scalar(select(Agency).where(Agency.code == code))
    if agency is None:
        raise NotFound(f"no agency with code {code!r}")
    groups = session.scalars(
        select(SharingGroupMember.group_id).where(SharingGroupMember.agency_id == agency.id)
    )
    return Viewer(agency_id=agency.id, agency_code=agency.code, group_ids=frozenset(groups))


def visible(
    viewer: Viewer,
    marking: SQLColumnExpression[str],
    agency_id: SQLColumnExpression[int],
    sharing_group_id: SQLColumnExpression[int | None],
) -> ColumnElement[bool]:
    """SQL condition: may `viewer` see a row with these marking, owner and group columns?"""
    if viewer.system:
        return true()
    open_to_all = marking.in_(OPEN_MARKINGS)
    if viewer.agency_id is None:
        return open_to_all
    in_group = (
        and_(marking.in_(GROUP_MARKINGS), sharing_group_id.in_(sorted(viewer.group_ids)))
        if viewer.group_ids
        else false()
    )
    return or_(open_to_all, agency_id == viewer.agency_id, in_group)


def may_see(viewer: Viewer, marking: str, owner_id: int, group_id: int | None) -> bool:
    """The same rule in Python, for one record already in memory."""
    if viewer.system or owner_id == viewer.agency_id:
        return True
    audience = AUDIENCE[Marking(marking)]
    if audience == "node":
        return True
    return audience == "group" and group_id is not None and group_id in viewer.group_ids
