"""Tables of casework: compounds, rescue requests, watch lists, repatriation batches, operations.

Every row another agency could see carries its owner agency, marking and sharing group, and is
read through `store.visibility.visible`. Personal data (names, dates of birth, document numbers)
is only stored sealed (AES-GCM, bound to the row's reference); what screening must find without
decrypting everything is kept as keyed blind indexes (HMAC), never in clear.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from scamgrid.store.tables import Base, BigId, UTCDateTime, utcnow


class Compound(Base):
    """A scam compound: names in several scripts, place, controlling group, current status."""

    __tablename__ = "compounds"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    aliases: Mapped[str] = mapped_column(Text, default="[]")  # JSON list, any script
    country: Mapped[str] = mapped_column(String(2), index=True)
    area: Mapped[str] = mapped_column(String(200), default="")
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    polygon: Mapped[str | None] = mapped_column(Text)  # GeoJSON geometry
    controlling_group: Mapped[str] = mapped_column(String(200), default="")
    headcount: Mapped[int | None] = mapped_column(Integer)
    nationalities: Mapped[str] = mapped_column(Text, default="{}")  # JSON {CC: estimate}
    status: Mapped[str] = mapped_column(String(20), default="active", index=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    marking: Mapped[str] = mapped_column(String(20))
    sharing_group_id: Mapped[int | None] = mapped_column(ForeignKey("sharing_groups.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # Its version: moved by every status change and new link, so an edit travels to peers.
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    origin_node: Mapped[str | None] = mapped_column(String(64))  # a copy's; None: recorded here


class CompoundEvent(Base):
    """The status timeline of a compound: active, raided, relocated (to another compound)..."""

    __tablename__ = "compound_events"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    compound_id: Mapped[int] = mapped_column(
        ForeignKey("compounds.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[str] = mapped_column(String(20))
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    relocated_to_id: Mapped[int | None] = mapped_column(ForeignKey("compounds.id"))
    note: Mapped[str] = mapped_column(Text, default="")


class CompoundLink(Base):
    """Something tied to a compound: a syndicate, an identifier, a report, a person's request."""

    __tablename__ = "compound_links"
    __table_args__ = (UniqueConstraint("compound_id", "kind", "ref", name="uq_compound_link"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    compound_id: Mapped[int] = mapped_column(
        ForeignKey("compounds.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(20))  # cases.compounds.LINK_KINDS
    ref: Mapped[str] = mapped_column(String(200))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)  # when made


class RescueRequest(Base):
    """A person reported trapped, and where the rescue stands."""

    __tablename__ = "rescue_requests"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    reference: Mapped[str] = mapped_column(String(40), unique=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    marking: Mapped[str] = mapped_column(String(20))
    sharing_group_id: Mapped[int | None] = mapped_column(ForeignKey("sharing_groups.id"))
    assigned_agency_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id"))
    status: Mapped[str] = mapped_column(String(20), index=True)
    urgency: Mapped[str] = mapped_column(String(10), default="normal")
    source: Mapped[str] = mapped_column(String(20), default="agency")  # family | ngo | ...
    reported_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    deadline: Mapped[datetime | None] = mapped_column(UTCDateTime())
    nationality: Mapped[str | None] = mapped_column(String(2))
    compound_id: Mapped[int | None] = mapped_column(ForeignKey("compounds.id"), index=True)
    last_location: Mapped[str] = mapped_column(Text, default="")
    proof_of_life_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    proof_of_life: Mapped[str] = mapped_column(Text, default="")
    ransom_amount: Mapped[Decimal | None] = mapped_column(Numeric(18, 2))
    ransom_currency: Mapped[str | None] = mapped_column(String(10))
    ransom_indicator_id: Mapped[int | None] = mapped_column(ForeignKey("indicators.id"))
    # Sealed JSON {names: [...], dob, documents: [...], phone, notes}, bound to `reference`.
    person_sealed: Mapped[bytes] = mapped_column(LargeBinary)
    dob_index: Mapped[str | None] = mapped_column(String(32), index=True)  # HMAC of the DOB
    duplicate_of_id: Mapped[int | None] = mapped_column(ForeignKey("rescue_requests.id"))
    status_changed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class RescueTransition(Base):
    """One step of a rescue request's workflow (also in the audit trail, with the same facts)."""

    __tablename__ = "rescue_transitions"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    request_id: Mapped[int] = mapped_column(
        ForeignKey("rescue_requests.id", ondelete="CASCADE"), index=True
    )
    from_status: Mapped[str | None] = mapped_column(String(20))
    to_status: Mapped[str] = mapped_column(String(20))
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    actor: Mapped[str] = mapped_column(String(254))
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id"))
    note: Mapped[str] = mapped_column(Text, default="")


class DocumentIndex(Base):
    """Blind indexes (HMAC) of document numbers: find a passport without decrypting every row."""

    __tablename__ = "document_indexes"
    __table_args__ = (Index("ix_document_indexes_digest", "digest"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    digest: Mapped[str] = mapped_column(String(32))
    owner_type: Mapped[str] = mapped_column(String(20))  # rescue | watchlist | returnee
    owner_id: Mapped[int] = mapped_column(BigId)


class WatchlistEntry(Base):
    """A person on a watch list (wanted, sanctioned), loaded from CSV or FollowTheMoney JSON."""

    __tablename__ = "watchlist_entries"
    __table_args__ = (UniqueConstraint("list_name", "entry_id", name="uq_watchlist_entry"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    list_name: Mapped[str] = mapped_column(String(100), index=True)
    entry_id: Mapped[str] = mapped_column(String(200))
    category: Mapped[str] = mapped_column(String(20), default="wanted")  # wanted | sanctioned
    nationality: Mapped[str | None] = mapped_column(String(2))
    reason: Mapped[str] = mapped_column(Text, default="")
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    marking: Mapped[str] = mapped_column(String(20))
    sharing_group_id: Mapped[int | None] = mapped_column(ForeignKey("sharing_groups.id"))
    # Sealed JSON {names: [...], dob, documents: [...]}, bound to "list_name/entry_id".
    person_sealed: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class RepatriationBatch(Base):
    """A group of people handed over at a crossing, screened on arrival."""

    __tablename__ = "repatriation_batches"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    reference: Mapped[str] = mapped_column(String(60), unique=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    marking: Mapped[str] = mapped_column(String(20))
    sharing_group_id: Mapped[int | None] = mapped_column(ForeignKey("sharing_groups.id"))
    crossing: Mapped[str] = mapped_column(String(100), default="")
    arrived_on: Mapped[date] = mapped_column(Date, index=True)
    source: Mapped[str] = mapped_column(String(200), default="")
    screened_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Returnee(Base):
    """One person of a batch, with the verdict of screening and its evidence (no names in it)."""

    __tablename__ = "returnees"
    __table_args__ = (UniqueConstraint("batch_id", "row", name="uq_returnee_batch_row"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    batch_id: Mapped[int] = mapped_column(
        ForeignKey("repatriation_batches.id", ondelete="CASCADE"), index=True
    )
    row: Mapped[int] = mapped_column(Integer)
    nationality: Mapped[str | None] = mapped_column(String(2), index=True)
    compound_id: Mapped[int | None] = mapped_column(ForeignKey("compounds.id"))
    compound_text: Mapped[str] = mapped_column(String(200), default="")
    # Sealed JSON {names: [...], dob, documents: [...]}, bound to "batch reference/row".
    person_sealed: Mapped[bytes] = mapped_column(LargeBinary)
    classification: Mapped[str] = mapped_column(String(20), default="unscreened", index=True)
    score: Mapped[float] = mapped_column(Float, default=0.0)
    evidence: Mapped[str] = mapped_column(Text, default="[]")  # JSON: matched ids, scores, why
    receiving_agency_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id"))


class Operation(Base):
    """A joint operation: agencies of several countries against compounds and syndicates."""

    __tablename__ = "operations"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    reference: Mapped[str] = mapped_column(String(60), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)  # lead
    marking: Mapped[str] = mapped_column(String(20))
    sharing_group_id: Mapped[int | None] = mapped_column(ForeignKey("sharing_groups.id"))
    started_on: Mapped[date] = mapped_column(Date, index=True)
    summary: Mapped[str] = mapped_column(Text, default="")
    evidence: Mapped[str] = mapped_column(Text, default="{}")  # JSON {item: count}
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class OperationAgency(Base):
    __tablename__ = "operation_agencies"

    operation_id: Mapped[int] = mapped_column(
        ForeignKey("operations.id", ondelete="CASCADE"), primary_key=True
    )
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), primary_key=True)


class OperationLink(Base):
    """What an operation targeted or touched: compounds, syndicates, identifiers, requests."""

    __tablename__ = "operation_links"
    __table_args__ = (UniqueConstraint("operation_id", "kind", "ref", name="uq_operation_link"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    operation_id: Mapped[int] = mapped_column(
        ForeignKey("operations.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(20))
    ref: Mapped[str] = mapped_column(String(200))


class OperationResult(Base):
    """People released or detained in an operation, by nationality."""

    __tablename__ = "operation_results"
    __table_args__ = (
        UniqueConstraint("operation_id", "outcome", "nationality", name="uq_operation_result"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    operation_id: Mapped[int] = mapped_column(
        ForeignKey("operations.id", ondelete="CASCADE"), index=True
    )
    outcome: Mapped[str] = mapped_column(String(20))  # released | detained
    nationality: Mapped[str] = mapped_column(String(2))
    count: Mapped[int] = mapped_column(Integer)
