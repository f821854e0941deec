"""What the public may ask and tell: the value check and the review queue of public reports.

The check reveals only how often and as what a value was reported, from CLEAR and GREEN data;
never who reported it, never report ids. Public reports land in the review queue of the agency
of the reporter's country (or the first joint centre when no agency of that country exists).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import orjson
from sqlalchemy import select
from sqlalchemy.orm import Session

from scamgrid.errors import InvalidIdentifier, InvalidInput
from scamgrid.identifiers import clean, extract
from scamgrid.model.vocabulary import FraudType
from scamgrid.sharing import audit
from scamgrid.store.crypto import KeyRing
from scamgrid.store.lookup import identify, lookup
from scamgrid.store.tables import Agency, PublicReport
from scamgrid.store.visibility import PUBLIC, Viewer

KINDS = ("scam", "trapped_person")


@dataclass
class PublicCheck:
    type: str
    value: str
    reported: bool
    report_count: int = 0
    fraud_types: dict[str, int] = field(default_factory=dict)
    first_seen: datetime | None = None
    last_seen: datetime | None = None


def check_value(session: Session, value: str, kind: str | None, country: str | None) -> PublicCheck:
    result = lookup(session, PUBLIC, identify(value, kind, country))
    return PublicCheck(
        result.type,
        result.value,
        result.found,
        result.report_count,
        result.fraud_types,
        result.first_seen,
        result.last_seen,
    )


def submit(session: Session, data: dict[str, Any]) -> str:
    """Store a public report (contact data sealed) and return its reference for follow-up."""
    country = str(data.get("country") or "").upper()
    if len(country) != 2 or not country.isalpha():
        raise InvalidInput("country: an ISO 3166 alpha-2 code is required", field="country")
    kind = str(data.get("kind") or "scam")
    if kind not in KINDS:
        raise InvalidInput(f"kind: must be one of {', '.join(KINDS)}", field="kind")
    fraud_type = data.get("fraud_type")
    if fraud_type is not None and fraud_type not in {f.value for f in FraudType}:
        raise InvalidInput(
            f"fraud_type: {fraud_type!r} is not a known fraud type", field="fraud_type"
        )
    narrative = str(data.get("narrative") or "").strip().replace("\x00", "")
    if not narrative:
        raise InvalidInput("narrative: tell us what happened", field="narrative")
    found: dict[tuple[str, str], None] = {}
    for item in data.get("indicators") or []:
        try:
            identifier = clean(item["type"], item["value"], country=country)
        except (InvalidIdentifier, KeyError, TypeError) as bad:
            reason = bad.reason if isinstance(bad, InvalidIdentifier) else "needs type and value"
            raise InvalidInput(f"indicators: {reason}", field="indicators") from None
        found[(identifier.type.value, identifier.value)] = None
    for identifier in extract(narrative, country=country):
        found[(identifier.type.value, identifier.value)] = None
    reference = "PR-" + secrets.token_hex(6).upper()
    contact = data.get("contact")
    sealed = KeyRing.load().seal(orjson.dumps(contact), reference.encode()) if contact else None
    agency = session.scalar(
        select(Agency.id).where(Agency.country == country).order_by(Agency.id).limit(1)
    )
    session.add(
        PublicReport(
            reference=reference,
            country=country,
            agency_id=agency,
            kind=kind,
            fraud_type=fraud_type,
            narrative=narrative[:5000],
            indicators=orjson.dumps([{"type": t, "value": v} for t, v in found]).decode(),
            contact_sealed=sealed,
        )
    )
    session.flush()
    audit.record(
        session,
        audit.Actor("public"),
        "public_report.create",
        "public_report",
        reference,
        country=country,
        kind=kind,
    )
    return reference


def review_queue(session: Session, viewer: Viewer, limit: int, offset: int) -> list[dict[str, Any]]:
    rows = session.scalars(
        select(PublicReport)
        .where(PublicReport.agency_id == viewer.agency_id, PublicReport.status == "pending")
        .order_by(PublicReport.received_at.desc())
        .limit(limit)
        .offset(offset)
    )
    return [
        {
            "reference": r.reference,
            "received_at": r.received_at,
            "country": r.country,
            "kind": r.kind,
            "fraud_type": r.fraud_type,
            "narrative": r.narrative,
            "indicators": orjson.loads(r.indicators),
            "contact": orjson.loads(KeyRing.load().open(r.contact_sealed, r.reference.encode()))
            if r.contact_sealed
            else None,
        }
        for r in rows
    ]
