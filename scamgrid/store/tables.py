"""Tables of the store (SQLAlchemy 2). Alembic migrations under migrations/ create them.

Personal data (victims) is only ever stored as AES-GCM ciphertext (see scamgrid.store.crypto).
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from sqlalchemy import (
    BigInteger,
    Boolean,
    DateTime,
    Dialect,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    Numeric,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# SQLite only autoincrements INTEGER PRIMARY KEY; PostgreSQL gets a real BIGINT.
BigId = BigInteger().with_variant(Integer(), "sqlite")


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """Time zone-aware timestamps on every backend, stored in UTC.

    SQLite keeps no offset: without this, 10:15+07:00 would be stored as 10:15 and read back as
    a naive time. Values are converted to UTC on the way in and marked UTC on the way out.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    pass


class Agency(Base):
    __tablename__ = "agencies"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    country: Mapped[str] = mapped_column(String(2))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class SharingGroup(Base):
    """Agencies that see each other's AMBER records."""

    __tablename__ = "sharing_groups"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    description: Mapped[str] = mapped_column(Text, default="")


class SharingGroupMember(Base):
    __tablename__ = "sharing_group_members"

    group_id: Mapped[int] = mapped_column(
        ForeignKey("sharing_groups.id", ondelete="CASCADE"), primary_key=True
    )
    agency_id: Mapped[int] = mapped_column(
        ForeignKey("agencies.id", ondelete="CASCADE"), primary_key=True
    )


class Report(Base):
    __tablename__ = "reports"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    report_id: Mapped[str] = mapped_column(String(100), unique=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    country: Mapped[str | None] = mapped_column(String(2))
    reported_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    channel: Mapped[str | None] = mapped_column(String(20))
    fraud_type: Mapped[str] = mapped_column(String(20), index=True)
    loss_amount: Mapped[Decimal | None] = mapped_column(Numeric(18, 2))
    loss_currency: Mapped[str | None] = mapped_column(String(3))
    narrative: Mapped[str] = mapped_column(Text, default="")
    marking: Mapped[str] = mapped_column(String(20), index=True)
    sharing_group_id: Mapped[int | None] = mapped_column(ForeignKey("sharing_groups.id"))
    # AES-GCM ciphertext of the victim's personal data (JSON), bound to report_id.
    victim_sealed: Mapped[bytes | None] = mapped_column(LargeBinary)
    # Hash of the normalised input: re-ingesting identical content changes nothing.
    content_hash: Mapped[str] = mapped_column(String(64))
    source: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Indicator(Base):
    """One identifier in canonical form; the join point across agencies and countries."""

    __tablename__ = "indicators"
    __table_args__ = (UniqueConstraint("type", "value", name="uq_indicator_type_value"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    type: Mapped[str] = mapped_column(String(20))
    value: Mapped[str] = mapped_column(String(512))
    country: Mapped[str | None] = mapped_column(String(2))
    valid: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Sighting(Base):
    """An agency saw an indicator in a report: in what raw form and under which marking."""

    __tablename__ = "sightings"
    __table_args__ = (
        UniqueConstraint("report_id", "indicator_id", name="uq_sighting_report_indicator"),
        # Look-ups tally visible sightings by fraud type from this index alone (migration 0011).
        Index(
            "ix_sightings_tally",
            "indicator_id",
            "marking",
            "agency_id",
            "sharing_group_id",
            "fraud_type",
            "seen_at",
        ),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"))
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicators.id"))
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"))
    raw: Mapped[str] = mapped_column(String(512))
    seen_at: Mapped[datetime] = mapped_column(UTCDateTime())
    marking: Mapped[str] = mapped_column(String(20))
    sharing_group_id: Mapped[int | None] = mapped_column(ForeignKey("sharing_groups.id"))
    # The report's fraud type, copied: ReportWriter is the only writer of sightings and
    # rewrites them whenever a report changes, so the copy cannot drift.
    fraud_type: Mapped[str | None] = mapped_column(String(20))


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    role: Mapped[str] = mapped_column(String(20))
    password_hash: Mapped[str | None] = mapped_column(String(200))  # argon2id
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class ApiToken(Base):
    """A bearer token, stored only as its SHA-256 (tokens are 256-bit random, so no salt needed)."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(16))
    role: Mapped[str] = mapped_column(String(20))
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class AuditEvent(Base):
    """One entry of the hash-chained audit trail: hash = SHA-256(previous hash + this event)."""

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    actor: Mapped[str] = mapped_column(String(254))
    agency: Mapped[str | None] = mapped_column(String(32), index=True)
    action: Mapped[str] = mapped_column(String(50), index=True)
    target_type: Mapped[str] = mapped_column(String(50), default="")
    target_id: Mapped[str] = mapped_column(String(200), default="")
    detail: Mapped[str] = mapped_column(Text, default="{}")
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class AuditHead(Base):
    """The chain's tip, one row: locking it serialises appends, and it betrays a cut-off tail."""

    __tablename__ = "audit_head"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    last_id: Mapped[int] = mapped_column(BigInteger, default=0)
    last_hash: Mapped[str] = mapped_column(String(64))


class PublicReport(Base):
    """A report from a member of the public, waiting in the review queue of an agency."""

    __tablename__ = "public_reports"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    reference: Mapped[str] = mapped_column(String(32), unique=True)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    country: Mapped[str] = mapped_column(String(2))
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # scam | trapped_person
    fraud_type: Mapped[str | None] = mapped_column(String(20))
    narrative: Mapped[str] = mapped_column(Text, default="")
    indicators: Mapped[str] = mapped_column(Text, default="[]")  # JSON: canonical identifiers
    contact_sealed: Mapped[bytes | None] = mapped_column(LargeBinary)
    status: Mapped[str] = mapped_column(String(20), default="pending", index=True)


class Transaction(Base):
    """A movement of money between two identifiers (bank accounts, wallets): the money trail.

    Owned and marked like a report; `report_id` links a victim's payment to the victim's report.
    """

    __tablename__ = "transactions"
    __table_args__ = (UniqueConstraint("agency_id", "txn_id", name="uq_transaction_agency_txn"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    txn_id: Mapped[str] = mapped_column(String(128))
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    amount: Mapped[Decimal] = mapped_column(Numeric(24, 6))
    currency: Mapped[str] = mapped_column(String(10))
    from_indicator_id: Mapped[int] = mapped_column(ForeignKey("indicators.id"), index=True)
    to_indicator_id: Mapped[int] = mapped_column(ForeignKey("indicators.id"), index=True)
    rail: Mapped[str] = mapped_column(String(30))  # bank | usdt-trc20 | usdt-erc20 | btc | cash
    reference: Mapped[str] = mapped_column(String(200), default="")
    report_id: Mapped[int | None] = mapped_column(ForeignKey("reports.id", ondelete="SET NULL"))
    marking: Mapped[str] = mapped_column(String(20))
    sharing_group_id: Mapped[int | None] = mapped_column(ForeignKey("sharing_groups.id"))
    content_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class IndicatorLabel(Base):
    """What an identifier is known to be: exchange deposit address, OTC desk, bank hotline...

    Labels are node-wide reference data (not evidence), e.g. from an exchange's published list.
    """

    __tablename__ = "indicator_labels"

    indicator_id: Mapped[int] = mapped_column(
        ForeignKey("indicators.id", ondelete="CASCADE"), primary_key=True
    )
    label: Mapped[str] = mapped_column(String(40), primary_key=True)
    note: Mapped[str] = mapped_column(Text, default="")
