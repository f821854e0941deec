"""Rescue requests for people reported trapped in scam compounds, and their workflow.

    reported -> verified -> located -> rescue_planned -> rescued -> repatriated
    (any open state) -> closed;  rescue_planned -> located (the plan fell through)

Each request is owned and marked like a report and read through `visible`. The owner agency
may assign it to another agency that can see it; owner and assignee move it along. Every change
is one row in `rescue_transitions` and one audit event, in the same transaction. The person's
details are sealed; owner and assignee read them, every other reader sees the nationality only.
On creation, the visible requests are searched for the same person (document number, or name
and date of birth through the screening library): the same person reported by a family in China
and an NGO in Thailand becomes one case, the later request pointing at the earlier.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from scamgrid.cases import compounds, matching
from scamgrid.cases.ownership import agency_codes, group_names, owner
from scamgrid.cases.personal import (
    Person,
    dob_digest,
    document_digests,
    parse_dob,
    public_view,
    seal,
    unseal,
)
from scamgrid.cases.tables import DocumentIndex, RescueRequest, RescueTransition
from scamgrid.errors import Forbidden, InvalidIdentifier, InvalidInput, NotFound
from scamgrid.identifiers import clean
from scamgrid.model.vocabulary import RescueSource, RescueStatus, Urgency
from scamgrid.sharing import audit
from scamgrid.store.crypto import KeyRing
from scamgrid.store.reports import _insert_ignore
from scamgrid.store.tables import Agency, Indicator, utcnow
from scamgrid.store.visibility import Viewer, may_see, viewer_for_agency, visible

S = RescueStatus
NEXT: dict[RescueStatus, frozenset[RescueStatus]] = {
    S.REPORTED: frozenset({S.VERIFIED, S.CLOSED}),
    S.VERIFIED: frozenset({S.LOCATED, S.CLOSED}),
    S.LOCATED: frozenset({S.RESCUE_PLANNED, S.CLOSED}),
    S.RESCUE_PLANNED: frozenset({S.RESCUED, S.LOCATED, S.CLOSED}),
    S.RESCUED: frozenset({S.REPATRIATED, S.CLOSED}),
    S.REPATRIATED: frozenset(),
    S.CLOSED: frozenset(),
}
OPEN = tuple(s.value for s in S if NEXT[s])
# How long a request may wait in a state before it is overdue, by urgency (hours).
DEADLINE_HOURS = {
    Urgency.CRITICAL: 24,
    Urgency.HIGH: 72,
    Urgency.NORMAL: 7 * 24,
    Urgency.LOW: 30 * 24,
}
# A candidate is the same person at this person-match score or more (see cases.matching).
DUPLICATE_SCORE = 0.85


@dataclass
class RescueInput:
    person: Person
    reported_at: datetime
    source: str = RescueSource.AGENCY.value
    urgency: str = Urgency.NORMAL.value
    compound: str | None = None
    last_location: str = ""
    proof_of_life: str = ""
    proof_of_life_at: datetime | None = None
    ransom_amount: Decimal | None = None
    ransom_currency: str | None = None
    ransom_wallet: str | None = None
    marking: str | None = None
    sharing_group: str | None = None
    reference: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> RescueInput:
        person = data.get("person")
        if not isinstance(person, dict):
            raise InvalidInput("person: an object with at least `names`", field="person")
        names = person.get("names")
        if isinstance(names, str):
            names = [names]
        if not names or not all(isinstance(n, str) and n.strip() for n in names):
            raise InvalidInput("person.names: one or more names", field="person.names")
        documents = person.get("documents") or []
        if isinstance(documents, str):
            documents = [documents]
        someone = Person(
            names=[n.strip() for n in names],
            dob=parse_dob(person.get("dob"), "person.dob"),
            documents=[str(d) for d in documents],
            nationality=_country(person.get("nationality"), "person.nationality"),
            phone=person.get("phone"),
            notes=str(person.get("notes") or ""),
        )
        ransom = data.get("ransom") or {}
        if not isinstance(ransom, dict):
            raise InvalidInput("ransom: an object {amount, currency, wallet}", field="ransom")
        amount = None
        if ransom.get("amount") is not None:
            try:
                amount = Decimal(str(ransom["amount"]))
            except InvalidOperation:
                raise InvalidInput("ransom.amount: a number", field="ransom.amount") from None
        return cls(
            person=someone,
            reported_at=_when(data.get("reported_at"), "reported_at") or utcnow(),
            source=_choice(data.get("source"), RescueSource, "source", RescueSource.AGENCY),
            urgency=_choice(data.get("urgency"), Urgency, "urgency", Urgency.NORMAL),
            compound=str(data["compound"]) if data.get("compound") else None,
            last_location=str(data.get("last_location") or ""),
            proof_of_life=str(data.get("proof_of_life") or ""),
            proof_of_life_at=_when(data.get("proof_of_life_at"), "proof_of_life_at"),
            ransom_amount=amount,
            ransom_currency=ransom.get("currency"),
            ransom_wallet=ransom.get("wallet"),
            marking=data.get("marking"),
            sharing_group=data.get("sharing_group"),
            reference=data.get("reference"),
        )


def _country(value: object, where: str) -> str | None:
    if value is None or value == "":
        return None
    text = str(value).strip().upper()
    if len(text) != 2 or not text.isalpha():
        raise InvalidInput(f"{where}: an ISO 3166 alpha-2 code", field=where)
    return text


def _when(value: object, where: str) -> datetime | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value
    try:
        return datetime.fromisoformat(str(value))
    except ValueError:
        raise InvalidInput(f"{where}: an ISO 8601 time", field=where) from None


def _choice(value: object, enum: Any, where: str, default: Any) -> str:
    if value is None or value == "":
        return str(default.value)
    try:
        return str(enum(str(value)).value)
    except ValueError:
        raise InvalidInput(f"{where}: one of {[e.value for e in enum]}", field=where) from None


def _visible(viewer: Viewer) -> Select[RescueRequest]:
    return select(RescueRequest).where(
        visible(
            viewer, RescueRequest.marking, RescueRequest.agency_id, RescueRequest.sharing_group_id
        )
    )


def _deadline(urgency: str, since: datetime) -> datetime:
    return since + timedelta(hours=DEADLINE_HOURS[Urgency(urgency)])


def _ransom_indicator(session: Session, wallet: str) -> int:
    """The ransom wallet as a canonical indicator: it joins the graph and look-ups by value."""
    try:
        ident = clean("crypto_wallet", wallet)
    except InvalidIdentifier as bad:
        raise InvalidInput(f"ransom.wallet: {bad.reason}", field="ransom.wallet") from None
    conn = session.connection()
    conn.execute(
        _insert_ignore(conn, Indicator),
        [{"type": ident.type.value, "value": ident.value, "country": None, "valid": True}],
    )
    found = session.scalar(
        select(Indicator.id).where(
            Indicator.type == ident.type.value, Indicator.value == ident.value
        )
    )
    assert found is not None
    return found


def _next_reference(session: Session, agency: str, year: int) -> str:
    prefix = f"RR-{agency}-{year}-"
    count = session.scalar(
        select(func.count()).where(RescueRequest.reference.startswith(prefix, autoescape=True))
    )
    return f"{prefix}{(count or 0) + 1:06d}"


def create(
    session: Session, viewer: Viewer, actor: audit.Actor, data: RescueInput
) -> dict[str, Any]:
    who = owner(session, viewer, data.marking, data.sharing_group)
    reference = data.reference or _next_reference(session, who.agency_code, data.reported_at.year)
    if session.scalar(select(RescueRequest.id).where(RescueRequest.reference == reference)):
        raise InvalidInput(f"reference: {reference} already exists", field="reference")
    compound = compounds.resolve(session, viewer, data.compound) if data.compound else None
    ring = KeyRing.load()
    request = RescueRequest(
        reference=reference,
        agency_id=who.agency_id,
        marking=who.marking,
        sharing_group_id=who.sharing_group_id,
        status=S.REPORTED.value,
        urgency=data.urgency,
        source=data.source,
        reported_at=data.reported_at,
        deadline=_deadline(data.urgency, data.reported_at),
        nationality=data.person.nationality,
        compound_id=compound.id if compound else None,
        last_location=data.last_location or (data.compound if compound is None else "") or "",
        proof_of_life=data.proof_of_life,
        proof_of_life_at=data.proof_of_life_at,
        ransom_amount=data.ransom_amount,
        ransom_currency=data.ransom_currency,
        ransom_indicator_id=_ransom_indicator(session, data.ransom_wallet)
        if data.ransom_wallet
        else None,
        person_sealed=seal(ring, data.person, reference),
        dob_index=dob_digest(data.person),
        status_changed_at=data.reported_at,
    )
    session.add(request)
    session.flush()
    for digest in document_digests(data.person):
        session.add(DocumentIndex(digest=digest, owner_type="rescue", owner_id=request.id))
    session.add(
        RescueTransition(
            request_id=request.id,
            from_status=None,
            to_status=S.REPORTED.value,
            at=data.reported_at,
            actor=actor.name,
            agency_id=who.agency_id,
        )
    )
    if compound is not None:
        compounds.link(session, viewer, actor, compound.key, "rescue", reference)
    duplicates = find_duplicates(session, viewer, request, data.person, ring)
    confirmed = [d for d in duplicates if d.confirmed]
    if confirmed:
        # A name alone only flags a possible duplicate; a document or birth date links them.
        request.duplicate_of_id = confirmed[0].request_id
    audit.record(
        session,
        actor,
        "rescue.create",
        "rescue_request",
        reference,
        marking=who.marking,
        urgency=data.urgency,
        duplicate_of=confirmed[0].reference if confirmed else None,
    )
    body = as_dict(session, viewer, request, ring)
    body["possible_duplicates"] = [d.as_dict() for d in duplicates]
    return body


@dataclass(frozen=True)
class Duplicate:
    request_id: int
    reference: str
    score: float
    reasons: tuple[str, ...]

    @property
    def confirmed(self) -> bool:
        return bool({"same document number", "same date of birth"} & set(self.reasons))

    def as_dict(self) -> dict[str, Any]:
        return {
            "reference": self.reference,
            "score": round(self.score, 3),
            "reasons": self.reasons,
            "confirmed": self.confirmed,
        }


def find_duplicates(
    session: Session, viewer: Viewer, request: RescueRequest, person: Person, ring: KeyRing
) -> list[Duplicate]:
    """Earlier visible requests for the same person, best first."""
    digests = document_digests(person)
    by_document = (
        set(
            session.scalars(
                select(DocumentIndex.owner_id).where(
                    DocumentIndex.owner_type == "rescue", DocumentIndex.digest.in_(digests)
                )
            )
        )
        if digests
        else set()
    )
    query = _visible(viewer).where(RescueRequest.id != request.id)
    if person.nationality:
        # Nationality narrows the search, but a request that does not know it stays a candidate.
        query = query.where(
            (RescueRequest.nationality == person.nationality)
            | RescueRequest.nationality.is_(None)
            | RescueRequest.id.in_(by_document or {-1})
        )
    found = []
    for other in session.scalars(query):
        them = unseal(ring, other.person_sealed, other.reference)
        result = matching.compare_persons(person, them, same_document=other.id in by_document)
        if result.score >= DUPLICATE_SCORE:
            found.append(Duplicate(other.id, other.reference, result.score, result.reasons))
    # The earliest request is the case; later ones point at it.
    found.sort(key=lambda d: (-round(d.score, 2), d.request_id))
    return found


def get(session: Session, viewer: Viewer, reference: str) -> RescueRequest:
    request = session.scalar(_visible(viewer).where(RescueRequest.reference == reference))
    if request is None:
        raise NotFound(f"no rescue request {reference!r}")
    return request


def read(session: Session, viewer: Viewer, actor: audit.Actor, reference: str) -> dict[str, Any]:
    request = get(session, viewer, reference)
    if request.agency_id != viewer.agency_id and not viewer.system:
        audit.record(session, actor, "rescue.read", "rescue_request", reference)
    return as_dict(session, viewer, request, KeyRing.load(), history=True)


def _may_act(viewer: Viewer, request: RescueRequest) -> None:
    if viewer.system or viewer.agency_id in (request.agency_id, request.assigned_agency_id):
        return
    raise Forbidden(f"{request.reference}: only its owner or assigned agency may change it")


def transition(
    session: Session,
    viewer: Viewer,
    actor: audit.Actor,
    reference: str,
    to: str,
    note: str = "",
    at: datetime | None = None,
) -> dict[str, Any]:
    request = get(session, viewer, reference)
    _may_act(viewer, request)
    current = S(request.status)
    try:
        target = S(to)
    except ValueError:
        raise InvalidInput(f"status: one of {[s.value for s in S]}", field="status") from None
    if target not in NEXT[current]:
        allowed = sorted(s.value for s in NEXT[current]) or ["none: the request is finished"]
        raise InvalidInput(
            f"{reference} is {current.value}; it can move to {', '.join(allowed)}", field="status"
        )
    moment = at or utcnow()
    request.status = target.value
    request.status_changed_at = moment
    request.deadline = _deadline(request.urgency, moment) if target.value in OPEN else None
    session.add(
        RescueTransition(
            request_id=request.id,
            from_status=current.value,
            to_status=target.value,
            at=moment,
            actor=actor.name,
            agency_id=viewer.agency_id,
            note=note,
        )
    )
    audit.record(
        session,
        actor,
        "rescue.transition",
        "rescue_request",
        reference,
        from_status=current.value,
        to_status=target.value,
    )
    return as_dict(session, viewer, request, KeyRing.load(), history=True)


def assign(
    session: Session, viewer: Viewer, actor: audit.Actor, reference: str, agency: str
) -> dict[str, Any]:
    request = get(session, viewer, reference)
    if not viewer.system and request.agency_id != viewer.agency_id:
        raise Forbidden(f"{reference}: only its owner agency assigns it")
    assignee = viewer_for_agency(session, agency.upper())
    if not may_see(assignee, request.marking, request.agency_id, request.sharing_group_id):
        raise InvalidInput(
            f"{assignee.agency_code} cannot see {reference} ({request.marking}); share it first",
            field="agency",
        )
    request.assigned_agency_id = assignee.agency_id
    audit.record(
        session, actor, "rescue.assign", "rescue_request", reference, agency=assignee.agency_code
    )
    return as_dict(session, viewer, request, KeyRing.load(), history=True)


def list_requests(
    session: Session,
    viewer: Viewer,
    status: str | None = None,
    overdue: bool = False,
    limit: int = 100,
    offset: int = 0,
) -> tuple[int, list[dict[str, Any]]]:
    query = _visible(viewer)
    if status:
        query = query.where(RescueRequest.status == status)
    if overdue:
        query = query.where(RescueRequest.status.in_(OPEN), RescueRequest.deadline < utcnow())
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = session.scalars(
        query.order_by(RescueRequest.reported_at.desc(), RescueRequest.id.desc())
        .limit(limit)
        .offset(offset)
    )
    ring = KeyRing.load()
    return total, [as_dict(session, viewer, r, ring) for r in rows]


def as_dict(
    session: Session,
    viewer: Viewer,
    request: RescueRequest,
    ring: KeyRing,
    history: bool = False,
) -> dict[str, Any]:
    codes = agency_codes(session)
    full = viewer.system or viewer.agency_id in (request.agency_id, request.assigned_agency_id)
    person = unseal(ring, request.person_sealed, request.reference) if full else None
    compound_key = None
    if request.compound_id is not None:
        from scamgrid.cases.tables import Compound

        compound_key = session.scalar(
            select(Compound.key).where(Compound.id == request.compound_id)
        )
    wallet = (
        session.scalar(select(Indicator.value).where(Indicator.id == request.ransom_indicator_id))
        if request.ransom_indicator_id
        else None
    )
    duplicate_of = (
        session.scalar(
            select(RescueRequest.reference).where(RescueRequest.id == request.duplicate_of_id)
        )
        if request.duplicate_of_id
        else None
    )
    body: dict[str, Any] = {
        "reference": request.reference,
        "agency": codes.get(request.agency_id),
        "assigned_to": codes.get(request.assigned_agency_id or -1),
        "marking": request.marking,
        "sharing_group": group_names(session).get(request.sharing_group_id or -1),
        "status": request.status,
        "urgency": request.urgency,
        "source": request.source,
        "reported_at": request.reported_at,
        "deadline": request.deadline,
        "overdue": bool(request.deadline and request.deadline < utcnow()),
        "compound": compound_key,
        "last_location": request.last_location,
        "proof_of_life": {"at": request.proof_of_life_at, "note": request.proof_of_life},
        "ransom": {
            "amount": float(request.ransom_amount) if request.ransom_amount is not None else None,
            "currency": request.ransom_currency,
            "wallet": wallet,
        }
        if request.ransom_amount is not None or wallet
        else None,
        "person": public_view(person, full=True)
        if person
        else {"nationality": request.nationality},
        "duplicate_of": duplicate_of
        if duplicate_of is None or _sees_reference(session, viewer, duplicate_of)
        else None,
    }
    if history:
        body["history"] = [
            {
                "from": t.from_status,
                "to": t.to_status,
                "at": t.at,
                "by": t.actor,
                "agency": codes.get(t.agency_id or -1),
                "note": t.note,
            }
            for t in session.scalars(
                select(RescueTransition)
                .where(RescueTransition.request_id == request.id)
                .order_by(RescueTransition.at, RescueTransition.id)
            )
        ]
    return body


def _sees_reference(session: Session, viewer: Viewer, reference: str) -> bool:
    return session.scalar(_visible(viewer).where(RescueRequest.reference == reference)) is not None


def agency_id(session: Session, code: str) -> int:
    found = session.scalar(select(Agency.id).where(Agency.code == code.upper()))
    if found is None:
        raise NotFound(f"no agency with code {code!r}")
    return found
