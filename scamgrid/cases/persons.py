"""Persons of interest: suspects, recruiters, launderers, money mules, account holders.

What an investigator keeps in i2 or Aleph about the people behind a scam, as records of the
store: one `PersonOfInterest` per person (its `ref` unique on the node, e.g. `CN-MPS-P-0012`),
owned by an agency with a TLP marking and sharing group like every record, and `PersonLink`s
from it to identifiers ("holds" an account or wallet, "uses" a phone, handle or site) and to
reports ("named" in a victim's report). A link is a record of its own: the agency that asserts
it owns it and marks it, so another agency may see a person and not every link to it.

Names, date of birth and document numbers are personal data: stored only sealed (AES-GCM,
`store.crypto.KeyRing`, bound to `person/<ref>`); document numbers are also kept as keyed
blind-index digests, so the same passport under two agencies' persons is found without opening
either. Readers who may see a person see its role, nationality and links; its names only when
they are its owner agency (or the node), or when the owner released them (`share_names`).

Ways in: `add_person` / `link` (CLI `scamgrid person add|link`, audited), and the optional
`persons` array of the report input (`scamgrid.ingest.persons`), and a peer's STIX export
(`scamgrid.sharing.stix.person_sink`: copies without names, `sealed_copy`). Ways out:
`visible_persons` (everything a viewer may see of every person, e.g. for an export), and the
link graph (`scamgrid.graph.build` reads these tables through `store.visibility.visible`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import orjson
from sqlalchemy import Boolean, ColumnElement, ForeignKey, LargeBinary, String, Text, select
from sqlalchemy.orm import Mapped, Session, aliased, mapped_column

from scamgrid.cases import compounds
from scamgrid.cases.ownership import agency_codes, group_names, owner
from scamgrid.cases.personal import Person, document_digests, parse_dob, seal, unseal
from scamgrid.errors import Conflict, InvalidInput, NotFound
from scamgrid.model.vocabulary import IdentifierType, Marking
from scamgrid.sharing import audit
from scamgrid.store.crypto import KeyRing
from scamgrid.store.tables import Agency, Base, BigId, Indicator, Report, UTCDateTime, utcnow
from scamgrid.store.visibility import Viewer, visible

# What a person is to the scam (the investigator's classification, one per person).
ROLES = (
    "suspect",
    "boss",
    "recruiter",
    "launderer",
    "broker",  # guarantee-market (danbao) broker
    "money_mule",
    "account_holder",
    "associate",
)
# Links: to an identifier, a person holds (accounts, wallets) or uses (phones, handles, sites);
# to a report, a person is named in it.
IDENTIFIER_RELATIONS = ("holds", "uses")
REPORT_RELATION = "named"
HELD_TYPES = {IdentifierType.BANK_ACCOUNT, IdentifierType.IBAN, IdentifierType.CRYPTO_WALLET}


class PersonOfInterest(Base):
    """A person behind scams, owned and marked; personal data sealed, bound to `person/<ref>`."""

    __tablename__ = "persons"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    ref: Mapped[str] = mapped_column(String(100), unique=True)
    role: Mapped[str] = mapped_column(String(20), index=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    marking: Mapped[str] = mapped_column(String(20))
    sharing_group_id: Mapped[int | None] = mapped_column(ForeignKey("sharing_groups.id"))
    nationality: Mapped[str | None] = mapped_column(String(2))
    share_names: Mapped[bool] = mapped_column(Boolean, default=False)
    # Sealed JSON {names: [...], dob, documents: [...], nationality, phone, notes}.
    person_sealed: Mapped[bytes] = mapped_column(LargeBinary)
    documents: Mapped[str] = mapped_column(Text, default="[]")  # JSON: blind-index digests
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class PersonLink(Base):
    """A person holds / uses an identifier, or is named in a report; owned by who asserts it."""

    __tablename__ = "person_links"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"), index=True)
    relation: Mapped[str] = mapped_column(String(20))  # holds | uses | named
    indicator_id: Mapped[int | None] = mapped_column(ForeignKey("indicators.id"), index=True)
    # The report the person is named in (relation "named"), or the report that supports a
    # holds / uses link (from the report's `persons`); the link is visible only with it.
    report_id: Mapped[int | None] = mapped_column(
        ForeignKey("reports.id", ondelete="CASCADE"), index=True
    )
    raw: Mapped[str] = mapped_column(String(512), default="")  # the identifier as written
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    marking: Mapped[str] = mapped_column(String(20))
    sharing_group_id: Mapped[int | None] = mapped_column(ForeignKey("sharing_groups.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime())  # when it was known (report date)
    source: Mapped[str] = mapped_column(String(200), default="")  # report ingest | analyst
    note: Mapped[str] = mapped_column(Text, default="")


@dataclass
class PersonInput:
    ref: str
    role: str
    names: list[str] = field(default_factory=list)
    dob: str | None = None
    documents: list[str] = field(default_factory=list)
    nationality: str | None = None
    notes: str = ""
    share_names: bool = False
    marking: str | None = Marking.AMBER.value
    sharing_group: str | None = None

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PersonInput:
        unknown = set(data) - set(cls.__dataclass_fields__)
        if unknown:
            raise InvalidInput(f"unknown person fields: {sorted(unknown)}")
        return cls(**data)


@dataclass
class PersonView:
    """What a viewer may see of one person: names empty unless it may see them."""

    ref: str
    role: str
    agency: str
    marking: str
    sharing_group: str | None
    nationality: str | None
    names: list[str]
    names_visible: bool
    created_at: datetime
    links: list[dict[str, Any]] = field(default_factory=list)


def check_ref(ref: str, where: str = "ref") -> str:
    text = (ref or "").strip()
    if not text or len(text) > 100 or any(c.isspace() or c in "/\x00" for c in text):
        raise InvalidInput(f"{where}: 1-100 characters, no spaces or '/'", field=where)
    return text


def check_role(role: str, where: str = "role") -> str:
    value = (role or "").strip().lower()
    if value not in ROLES:
        raise InvalidInput(f"{where}: {value!r} is not one of {', '.join(ROLES)}", field=where)
    return value


def check_nationality(value: str | None, where: str = "nationality") -> str | None:
    text = (value or "").strip().upper()
    if not text:
        return None
    if len(text) != 2 or not text.isascii() or not text.isalpha():
        raise InvalidInput(f"{where}: an ISO 3166 alpha-2 code", field=where)
    return text


def bound_to(ref: str) -> str:
    """What a person's sealed data is bound to: copied onto another row, it does not open."""
    return f"person/{ref}"


def sealed_person(ring: KeyRing, ref: str, person: Person) -> tuple[bytes, str]:
    """The sealed blob and the JSON list of document digests of one person."""
    digests = orjson.dumps(document_digests(person)).decode()
    return seal(ring, person, bound_to(ref)), digests


# A copy received from another node (`sharing.stix.person_sink`) holds no names: its sealed data
# says who does, e.g. "names held by TH-CCIB on node th".
HELD_BY = "names held by "


def sealed_copy(ring: KeyRing, ref: str, nationality: str | None, agency: str, node: str) -> bytes:
    """The sealed data of a person received from a peer: no names, date of birth or documents
    (they never leave their node), only which agency on which node holds them."""
    person = Person(names=[], nationality=nationality, notes=f"{HELD_BY}{agency} on node {node}")
    return seal(ring, person, bound_to(ref))


def held_elsewhere(ring: KeyRing, row: PersonOfInterest) -> tuple[str, str] | None:
    """(agency, node) holding the names of a received copy; None for a person recorded here."""
    known = unseal(ring, row.person_sealed, bound_to(row.ref))
    if known.names or not known.notes.startswith(HELD_BY):
        return None
    agency, _, node = known.notes.removeprefix(HELD_BY).partition(" on node ")
    return agency, node


def _visible_persons(viewer: Viewer) -> ColumnElement[bool]:
    return visible(
        viewer,
        PersonOfInterest.marking,
        PersonOfInterest.agency_id,
        PersonOfInterest.sharing_group_id,
    )


def _visible_links(viewer: Viewer) -> ColumnElement[bool]:
    return visible(viewer, PersonLink.marking, PersonLink.agency_id, PersonLink.sharing_group_id)


def may_see_names(viewer: Viewer, person: PersonOfInterest) -> bool:
    """Names are opened for the owner agency and the node; others only once released."""
    return viewer.system or viewer.agency_id == person.agency_id or person.share_names


def add_person(
    session: Session, viewer: Viewer, actor: audit.Actor, data: PersonInput
) -> dict[str, Any]:
    """Create a person of interest owned by the viewer's agency (audited, names never logged)."""
    ref = check_ref(data.ref)
    role = check_role(data.role)
    names = [n.strip() for n in data.names if n and n.strip()]
    if not names:
        raise InvalidInput("names: at least one name", field="names")
    if session.scalar(select(PersonOfInterest.id).where(PersonOfInterest.ref == ref)) is not None:
        raise Conflict(f"person {ref!r} already exists")
    who = owner(session, viewer, data.marking, data.sharing_group)
    nationality = check_nationality(data.nationality)
    person = Person(
        names=names,
        dob=parse_dob(data.dob),
        documents=[d.strip() for d in data.documents if d.strip()],
        nationality=nationality,
        notes=data.notes,
    )
    blob, digests = sealed_person(KeyRing.load(), ref, person)
    row = PersonOfInterest(
        ref=ref,
        role=role,
        agency_id=who.agency_id,
        marking=who.marking,
        sharing_group_id=who.sharing_group_id,
        nationality=nationality,
        share_names=data.share_names,
        person_sealed=blob,
        documents=digests,
    )
    session.add(row)
    session.flush()
    audit.record(session, actor, "person.create", "person", ref, role=role, marking=who.marking)
    return as_dict(session, viewer, row)


def get(session: Session, viewer: Viewer, ref: str) -> PersonOfInterest:
    row = session.scalar(
        select(PersonOfInterest).where(PersonOfInterest.ref == ref, _visible_persons(viewer))
    )
    if row is None:
        raise NotFound(f"no person {ref!r}")
    return row


def identifier_key(text: str, country: str | None = None) -> tuple[str, str]:
    """(type, canonical value) of a link's target identifier in any surface form."""
    return compounds.identifier_key(text, country, "target")


def indicator_id(session: Session, kind: str, value: str, country: str | None = None) -> int:
    """The stored indicator's id, created when this is its first appearance."""
    found = session.scalar(
        select(Indicator.id).where(Indicator.type == kind, Indicator.value == value)
    )
    if found is not None:
        return found
    row = Indicator(type=kind, value=value, country=country, valid=True)
    session.add(row)
    session.flush()
    return row.id


def link(
    session: Session,
    viewer: Viewer,
    actor: audit.Actor,
    ref: str,
    target: str,
    relation: str | None = None,
    marking: str | None = None,
    sharing_group: str | None = None,
    country: str | None = None,
    note: str = "",
) -> dict[str, Any]:
    """Link a visible person to a visible report (`report:ID`) or to an identifier.

    The link belongs to the viewer's agency and carries its own marking (default: the person's),
    so an agency may add what it knows to another agency's person without seeing more of it.
    """
    person = get(session, viewer, ref)
    who = owner(
        session, viewer, marking or person.marking, sharing_group, default_marking=Marking.AMBER
    )
    if target.startswith("report:"):
        report_id = target.removeprefix("report:").strip()
        report = session.execute(
            select(Report.id, Report.reported_at).where(
                Report.report_id == report_id,
                visible(viewer, Report.marking, Report.agency_id, Report.sharing_group_id),
            )
        ).first()
        if report is None:
            raise NotFound(f"no report {report_id!r}")
        if relation not in (None, REPORT_RELATION):
            raise InvalidInput(f"relation: a report link is {REPORT_RELATION!r}", field="relation")
        values: dict[str, Any] = {"relation": REPORT_RELATION, "report_id": report.id}
        at, shown = report.reported_at, f"report:{report_id}"
    else:
        kind, value = identifier_key(target.strip(), country)
        chosen = relation or ("holds" if kind in HELD_TYPES else "uses")
        if chosen not in IDENTIFIER_RELATIONS:
            raise InvalidInput(
                f"relation: one of {', '.join(IDENTIFIER_RELATIONS)} for an identifier",
                field="relation",
            )
        values = {"relation": chosen, "indicator_id": indicator_id(session, kind, value)}
        at, shown = utcnow(), f"{kind}:{value}"
    exists = session.scalar(
        select(PersonLink.id).where(
            PersonLink.person_id == person.id,
            PersonLink.agency_id == who.agency_id,
            *(getattr(PersonLink, k) == v for k, v in values.items()),
        )
    )
    if exists is None:
        session.add(
            PersonLink(
                person_id=person.id,
                raw=target.strip()[:512],
                agency_id=who.agency_id,
                marking=who.marking,
                sharing_group_id=who.sharing_group_id,
                at=at,
                source=f"analyst:{actor.name}"[:200],
                note=note,
                **values,
            )
        )
        audit.record(
            session, actor, "person.link", "person", ref, relation=values["relation"], ref=shown
        )
    return {"person": ref, "relation": values["relation"], "target": shown, "added": not exists}


def visible_persons(
    session: Session,
    viewer: Viewer,
    role: str | None = None,
    ring: KeyRing | None = None,
    ref: str | None = None,
) -> list[PersonView]:
    """Everything `viewer` may see of every person (or of the one with `ref`): the person, and
    only its visible links (to visible reports), each with its target, relation, owner agency
    and date."""
    query = select(PersonOfInterest).where(_visible_persons(viewer))
    if role:
        query = query.where(PersonOfInterest.role == check_role(role))
    if ref is not None:
        query = query.where(PersonOfInterest.ref == ref)
    rows = list(session.scalars(query.order_by(PersonOfInterest.ref)))
    codes, groups = agency_codes(session), group_names(session)
    ring = ring or KeyRing.load()
    views = {row.id: _view(row, viewer, ring, codes, groups) for row in rows}
    if not views:
        return []
    for person_id, link_view in _links(session, viewer, list(views)):
        views[person_id].links.append(link_view)
    return list(views.values())


def _view(
    row: PersonOfInterest,
    viewer: Viewer,
    ring: KeyRing,
    codes: dict[int, str],
    groups: dict[int, str],
) -> PersonView:
    shown = may_see_names(viewer, row)
    names = unseal(ring, row.person_sealed, bound_to(row.ref)).names if shown else []
    return PersonView(
        ref=row.ref,
        role=row.role,
        agency=codes.get(row.agency_id, ""),
        marking=row.marking,
        sharing_group=groups.get(row.sharing_group_id or -1),
        nationality=row.nationality,
        names=names,
        names_visible=shown,
        created_at=row.created_at,
    )


def _links(
    session: Session, viewer: Viewer, person_ids: list[int]
) -> list[tuple[int, dict[str, Any]]]:
    linker = aliased(Agency)
    report_visible = visible(viewer, Report.marking, Report.agency_id, Report.sharing_group_id)
    query = (
        select(
            PersonLink.person_id,
            PersonLink.relation,
            Indicator.type,
            Indicator.value,
            Report.report_id,
            linker.code,
            PersonLink.marking,
            PersonLink.at,
        )
        .join(linker, linker.id == PersonLink.agency_id)
        .outerjoin(Indicator, Indicator.id == PersonLink.indicator_id)
        .outerjoin(Report, Report.id == PersonLink.report_id)
        .where(
            _visible_links(viewer),
            PersonLink.person_id.in_(person_ids),
            (PersonLink.report_id.is_(None)) | report_visible,
        )
        .order_by(PersonLink.person_id, PersonLink.id)
    )
    result = []
    for pid, relation, kind, value, report_id, agency, marking, at in session.execute(query):
        target = f"{kind}:{value}" if kind is not None else f"report:{report_id}"
        result.append(
            (
                pid,
                {
                    "relation": relation,
                    "target": target,
                    "agency": agency,
                    "marking": marking,
                    "at": at,
                },
            )
        )
    return result


def as_dict(session: Session, viewer: Viewer, row: PersonOfInterest) -> dict[str, Any]:
    for view in visible_persons(session, viewer, ref=row.ref):
        return person_dict(view)
    raise NotFound(f"no person {row.ref!r}")


def person_dict(view: PersonView) -> dict[str, Any]:
    return {
        "ref": view.ref,
        "role": view.role,
        "agency": view.agency,
        "marking": view.marking,
        "sharing_group": view.sharing_group,
        "nationality": view.nationality,
        "names": view.names if view.names_visible else None,
        "created_at": view.created_at,
        "links": view.links,
    }
