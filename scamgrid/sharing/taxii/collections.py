"""TAXII collections: one per sharing group, one per agency's open feed.

A group collection holds the records of that sharing group (AMBER, and CLEAR/GREEN ones filed
under it) and is listed only to its members; an agency feed holds the agency's CLEAR and GREEN
records and is listed to everyone. Either way the records inside pass the same visibility rule
as any read (store.visibility), and RED or AMBER+STRICT never appear.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from scamgrid.errors import NotFound
from scamgrid.model.vocabulary import Role
from scamgrid.sharing.stix.source import Scope
from scamgrid.store.tables import Agency, SharingGroup
from scamgrid.store.visibility import Viewer

WRITER_ROLES = frozenset({Role.ADMIN, Role.ANALYST})


def collection_id(kind: str, name: str) -> str:
    digest = hashlib.sha256(f"scamgrid-taxii\x1f{kind}\x1f{name}".encode()).digest()
    return str(uuid.UUID(bytes=digest[:16], version=4))


@dataclass(frozen=True)
class Collection:
    id: str
    title: str
    description: str
    group_id: int | None
    group_name: str | None
    agency_id: int | None
    agency_code: str | None
    can_read: bool
    can_write: bool

    def scope(self, viewer: Viewer) -> Scope:
        if self.group_id is not None:
            return Scope(viewer, group_id=self.group_id, context=True)
        return Scope(viewer, agency_id=self.agency_id, open_only=True, context=True)

    def resource(self) -> dict[str, object]:
        return {
            "id": self.id,
            "title": self.title,
            "description": self.description,
            "can_read": self.can_read,
            "can_write": self.can_write,
            "media_types": ["application/stix+json;version=2.1"],
        }


def collections(session: Session, viewer: Viewer, role: Role | None) -> list[Collection]:
    """The collections `viewer` may know of, with what it may do in each."""
    writer = role in WRITER_ROLES or viewer.system
    found = []
    for group in session.scalars(select(SharingGroup).order_by(SharingGroup.name)):
        member = viewer.system or group.id in viewer.group_ids
        if not member:
            continue  # a group's collection is not even listed to outsiders
        found.append(
            Collection(
                id=collection_id("group", group.name),
                title=f"Sharing group {group.name}",
                description=group.description or f"Records shared within {group.name}.",
                group_id=group.id,
                group_name=group.name,
                agency_id=None,
                agency_code=None,
                can_read=True,
                can_write=writer,
            )
        )
    for agency in session.scalars(select(Agency).order_by(Agency.code)):
        found.append(
            Collection(
                id=collection_id("agency", agency.code),
                title=f"{agency.code} open feed",
                description=f"TLP:CLEAR and TLP:GREEN records of {agency.name}.",
                group_id=None,
                group_name=None,
                agency_id=agency.id,
                agency_code=agency.code,
                can_read=True,
                can_write=writer and (viewer.system or viewer.agency_id == agency.id),
            )
        )
    return found


def find(session: Session, viewer: Viewer, role: Role | None, wanted: str) -> Collection:
    for collection in collections(session, viewer, role):
        if collection.id == wanted:
            return collection
    raise NotFound(f"no collection {wanted!r}")
