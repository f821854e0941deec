"""Tables of cross-border sharing: peers, sync cursors, provenance, revocations, blind-match
keys, TAXII status resources.

Provenance lives beside `reports` (one row per report that came from another node) rather than
in it, so the report table stays the ingest path's own.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from scamgrid.store.tables import Base, BigId, UTCDateTime, utcnow


class Peer(Base):
    """Another scamgrid (or any TAXII 2.1) node this one pulls from and pushes to."""

    __tablename__ = "peers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    url: Mapped[str] = mapped_column(String(500))  # the peer's discovery URL (…/taxii2/)
    # The bearer token this node presents to the peer, sealed with the node's key ring.
    token_sealed: Mapped[bytes] = mapped_column(LargeBinary)
    # The peer's agency on this node: set, records it may see are pushed to it.
    agency: Mapped[str | None] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_sync_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class SyncCursor(Base):
    """How far a pull from (or a push to) one collection of a peer got.

    `next_token` is the page to ask for when a sync was cut off; `added_after` the point from
    which the next sync starts once a run completed.
    """

    __tablename__ = "sync_cursors"
    __table_args__ = (
        UniqueConstraint("peer_id", "direction", "collection_id", name="uq_sync_cursor"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    peer_id: Mapped[int] = mapped_column(ForeignKey("peers.id", ondelete="CASCADE"))
    direction: Mapped[str] = mapped_column(String(4))  # pull | push
    collection_id: Mapped[str] = mapped_column(String(64))
    added_after: Mapped[str | None] = mapped_column(String(40))
    next_token: Mapped[str | None] = mapped_column(String(200))
    objects: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class ReportOrigin(Base):
    """Provenance of a report that came from elsewhere: origin node, agency and STIX version."""

    __tablename__ = "report_origins"

    report_id: Mapped[int] = mapped_column(
        ForeignKey("reports.id", ondelete="CASCADE"), primary_key=True
    )
    origin_node: Mapped[str] = mapped_column(String(64), index=True)
    origin_agency: Mapped[str] = mapped_column(String(32))
    stix_id: Mapped[str] = mapped_column(String(80), unique=True)
    modified: Mapped[datetime] = mapped_column(UTCDateTime())  # the origin's version
    received_from: Mapped[str] = mapped_column(String(64), default="")  # peer name or file
    received_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Revocation(Base):
    """A withdrawn report: its revoked STIX objects, served until every peer has them."""

    __tablename__ = "revocations"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    report_id: Mapped[str] = mapped_column(String(100), unique=True)
    stix_id: Mapped[str] = mapped_column(String(80), unique=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    marking: Mapped[str] = mapped_column(String(20))
    sharing_group_id: Mapped[int | None] = mapped_column(ForeignKey("sharing_groups.id"))
    origin_node: Mapped[str] = mapped_column(String(64))
    objects: Mapped[str] = mapped_column(Text)  # JSON list of the revoked STIX objects
    revoked_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)


class BlindKey(Base):
    """The HMAC key of a sharing group for blind matching, sealed with the node's key ring.

    Every node of the group holds the same key (exchanged out of band, like a group password).
    """

    __tablename__ = "blind_keys"

    group_name: Mapped[str] = mapped_column(String(100), primary_key=True)
    key_sealed: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class TaxiiStatus(Base):
    """A TAXII status resource, kept in the store so every worker of a node can answer for it.

    Only the agency that added the objects reads it; it is gone after `expires_at`.
    """

    __tablename__ = "taxii_statuses"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)  # a UUID, the resource's id
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"))
    body: Mapped[str] = mapped_column(Text)  # the status resource as JSON
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
