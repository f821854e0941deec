"""Who may see a record: TLP 2.0 markings enforced as SQL conditions in the query layer.

Every query over reports, sightings or anything derived from them goes through `visible`, so no
route, command, export or aggregate can forget the markings.

- CLEAR, GREEN: every agency on the node (and the public checker).
- AMBER: the owner agency and the agencies of the record's sharing group.
- AMBER+STRICT, RED: the owner agency only (RED also never leaves the node).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import ColumnElement, and_, false, or_, select, true
from sqlalchemy.orm import Session

from scamgrid.errors import NotFound
from scamgrid.model.vocabulary import Marking
from scamgrid.store.tables import Agency, SharingGroupMember

OPEN_MARKINGS = (Marking.CLEAR.value, Marking.GREEN.value)


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
    marking: ColumnElement[str],
    agency_id: ColumnElement[int],
    sharing_group_id: ColumnElement[int | None],
) -> ColumnElement[bool]:
    """SQL condition: may `viewer` see a row with these marking, owner and group columns?"""
    if viewer.system:
        return true()
    open_to_all = marking.in_(OPEN_MARKINGS)
    if viewer.agency_id is None:
        return open_to_all
    in_group = (
        and_(marking == Marking.AMBER.value, sharing_group_id.in_(sorted(viewer.group_ids)))
        if viewer.group_ids
        else false()
    )
    return or_(open_to_all, agency_id == viewer.agency_id, in_group)
