"""The registry of scam compounds: names in several scripts, place, status timeline, links.

Compounds are owned and marked like every other record (most are GREEN: where a compound is is
rarely a secret, who is inside it is). Every write is audited.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import orjson
from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from scamgrid.cases.ownership import owner
from scamgrid.cases.tables import Compound, CompoundEvent, CompoundLink, RescueRequest
from scamgrid.errors import Conflict, Forbidden, InvalidIdentifier, InvalidInput, NotFound
from scamgrid.identifiers import clean, guess
from scamgrid.model.vocabulary import CompoundStatus, IdentifierType, Marking
from scamgrid.sharing import audit
from scamgrid.store.tables import utcnow
from scamgrid.store.visibility import Viewer, visible

# A person is linked by reference only (a watch-list entry, a returnee, a rescue request),
# never by name: links are not sealed, names are personal data.
LINK_KINDS = ("syndicate", "indicator", "report", "person", "rescue", "operation")


@dataclass
class CompoundInput:
    key: str
    name: str
    country: str
    aliases: list[str] = field(default_factory=list)
    area: str = ""
    lat: float | None = None
    lon: float | None = None
    polygon: dict[str, Any] | None = None  # GeoJSON geometry
    controlling_group: str = ""
    headcount: int | None = None
    nationalities: dict[str, int] = field(default_factory=dict)
    status: str = CompoundStatus.ACTIVE.value
    marking: str | None = Marking.GREEN.value
    sharing_group: str | None = None

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CompoundInput:
        known = set(cls.__dataclass_fields__)
        unknown = set(data) - known
        if unknown:
            raise InvalidInput(f"unknown compound fields: {sorted(unknown)}")
        for name in ("key", "name", "country"):
            if not str(data.get(name) or "").strip():
                raise InvalidInput(f"{name}: required", field=name)
        return cls(**data)


def _fold(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).casefold().split())


def _visible(viewer: Viewer) -> Select[Compound]:
    return select(Compound).where(
        visible(viewer, Compound.marking, Compound.agency_id, Compound.sharing_group_id)
    )


def _validate(data: CompoundInput) -> None:
    if len(data.country) != 2 or not data.country.isalpha():
        raise InvalidInput("country: an ISO 3166 alpha-2 code", field="country")
    if data.lat is not None and not -90 <= data.lat <= 90:
        raise InvalidInput("lat: between -90 and 90", field="lat")
    if data.lon is not None and not -180 <= data.lon <= 180:
        raise InvalidInput("lon: between -180 and 180", field="lon")
    if data.polygon is not None and data.polygon.get("type") not in ("Polygon", "MultiPolygon"):
        raise InvalidInput("polygon: a GeoJSON Polygon or MultiPolygon", field="polygon")
    if data.status not in set(CompoundStatus):
        raise InvalidInput(f"status: one of {[s.value for s in CompoundStatus]}", field="status")


def add_compound(
    session: Session, viewer: Viewer, actor: audit.Actor, data: CompoundInput
) -> dict[str, Any]:
    _validate(data)
    if session.scalar(select(Compound.id).where(Compound.key == data.key)) is not None:
        raise Conflict(f"compound {data.key!r} already exists")
    who = owner(session, viewer, data.marking, data.sharing_group)
    compound = Compound(
        key=data.key,
        name=data.name,
        aliases=orjson.dumps(data.aliases).decode(),
        country=data.country.upper(),
        area=data.area,
        lat=data.lat,
        lon=data.lon,
        polygon=orjson.dumps(data.polygon).decode() if data.polygon else None,
        controlling_group=data.controlling_group,
        headcount=data.headcount,
        nationalities=orjson.dumps(data.nationalities).decode(),
        status=data.status,
        agency_id=who.agency_id,
        marking=who.marking,
        sharing_group_id=who.sharing_group_id,
    )
    session.add(compound)
    session.flush()
    session.add(CompoundEvent(compound_id=compound.id, status=data.status, at=utcnow()))
    audit.record(session, actor, "compound.create", "compound", data.key, marking=who.marking)
    return as_dict(session, viewer, compound)


def get(session: Session, viewer: Viewer, key: str) -> Compound:
    compound = session.scalar(_visible(viewer).where(Compound.key == key))
    if compound is None:
        raise NotFound(f"no compound {key!r}")
    return compound


def _owned(session: Session, viewer: Viewer, key: str) -> Compound:
    compound = get(session, viewer, key)
    if not viewer.system and compound.agency_id != viewer.agency_id:
        # Others report what they saw through links and operations, not by editing the entry.
        raise Forbidden(f"compound {key} belongs to another agency")
    return compound


def set_status(
    session: Session,
    viewer: Viewer,
    actor: audit.Actor,
    key: str,
    status: str,
    at: datetime | None = None,
    relocated_to: str | None = None,
    note: str = "",
) -> dict[str, Any]:
    compound = _owned(session, viewer, key)
    if status not in set(CompoundStatus):
        raise InvalidInput(f"status: one of {[s.value for s in CompoundStatus]}", field="status")
    target = get(session, viewer, relocated_to).id if relocated_to else None
    if status == CompoundStatus.RELOCATED and target is None:
        raise InvalidInput("relocated: name the compound it moved to", field="relocated_to")
    session.add(
        CompoundEvent(
            compound_id=compound.id,
            status=status,
            at=at or utcnow(),
            relocated_to_id=target,
            note=note,
        )
    )
    compound.status = status
    compound.updated_at = max(utcnow(), compound.updated_at)
    audit.record(session, actor, "compound.status", "compound", key, status=status)
    return as_dict(session, viewer, compound)


def link(
    session: Session, viewer: Viewer, actor: audit.Actor, key: str, kind: str, ref: str
) -> None:
    """Tie something to a compound; any agency that sees the compound may add what it knows."""
    compound = get(session, viewer, key)
    if kind not in LINK_KINDS:
        raise InvalidInput(f"kind: one of {list(LINK_KINDS)}", field="kind")
    ref = ref.strip()
    if not ref or len(ref) > 200:
        raise InvalidInput("ref: 1-200 characters", field="ref")
    if kind == "indicator":
        ref = _indicator_ref(ref, compound.country)
    exists = session.scalar(
        select(CompoundLink.id).where(
            CompoundLink.compound_id == compound.id,
            CompoundLink.kind == kind,
            CompoundLink.ref == ref,
        )
    )
    if exists is None:
        now = utcnow()
        session.add(CompoundLink(compound_id=compound.id, kind=kind, ref=ref, updated_at=now))
        compound.updated_at = max(now, compound.updated_at)
        audit.record(session, actor, "compound.link", "compound", key, kind=kind, ref=ref)


def identifier_key(text: str, country: str | None, field: str) -> tuple[str, str]:
    """(type, canonical value) of an identifier in any surface form (`TYPE:value` forces one);
    invalid input names `field`."""
    kind, _, value = text.partition(":")
    try:
        if kind in {t.value for t in IdentifierType} and value:
            found = clean(kind, value, country=country)
        else:
            found = guess(text, country=country)
    except InvalidIdentifier as bad:
        raise InvalidInput(f"{field}: {bad.reason}", field=field) from None
    return found.type.value, found.value


def _indicator_ref(text: str, country: str | None) -> str:
    """`type:canonical value`; local phone numbers are read as the compound's country's."""
    kind, value = identifier_key(text, country, "ref")
    return f"{kind}:{value}"


def list_compounds(
    session: Session, viewer: Viewer, country: str | None = None, status: str | None = None
) -> list[dict[str, Any]]:
    query = _visible(viewer)
    if country:
        query = query.where(Compound.country == country.upper())
    if status:
        query = query.where(Compound.status == status)
    return [
        as_dict(session, viewer, c, detail=False)
        for c in session.scalars(query.order_by(Compound.key))
    ]


def resolve(session: Session, viewer: Viewer, text: str) -> Compound | None:
    """The compound a free-text name means (key, name or any alias, in any script)."""
    wanted = _fold(text)
    if not wanted:
        return None
    for compound in session.scalars(_visible(viewer)):
        names = [compound.key, compound.name, *orjson.loads(compound.aliases)]
        if wanted in {_fold(n) for n in names}:
            return compound
    return None


def as_dict(
    session: Session, viewer: Viewer, compound: Compound, detail: bool = True
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "key": compound.key,
        "name": compound.name,
        "aliases": orjson.loads(compound.aliases),
        "country": compound.country,
        "area": compound.area,
        "centroid": {"lat": compound.lat, "lon": compound.lon},
        "polygon": orjson.loads(compound.polygon) if compound.polygon else None,
        "controlling_group": compound.controlling_group,
        "headcount": compound.headcount,
        "nationalities": orjson.loads(compound.nationalities),
        "status": compound.status,
        "marking": compound.marking,
    }
    if detail:
        events = session.execute(
            select(CompoundEvent, Compound.key)
            .outerjoin(Compound, Compound.id == CompoundEvent.relocated_to_id)
            .where(CompoundEvent.compound_id == compound.id)
            .order_by(CompoundEvent.at, CompoundEvent.id)
        ).all()
        body["timeline"] = [
            {"status": e.status, "at": e.at, "relocated_to": to, "note": e.note} for e, to in events
        ]
        body["links"] = [
            {"kind": k, "ref": r}
            for k, r in session.execute(
                select(CompoundLink.kind, CompoundLink.ref)
                .where(CompoundLink.compound_id == compound.id)
                .order_by(CompoundLink.kind, CompoundLink.ref)
            )
        ]
        body["open_rescue_requests"] = session.scalar(
            select(func.count()).where(
                RescueRequest.compound_id == compound.id,
                RescueRequest.status.not_in(("repatriated", "closed")),
                visible(
                    viewer,
                    RescueRequest.marking,
                    RescueRequest.agency_id,
                    RescueRequest.sharing_group_id,
                ),
            )
        )
    return body


def geojson(session: Session, viewer: Viewer) -> dict[str, Any]:
    """The visible compounds as a GeoJSON FeatureCollection (polygon where known, else centroid)."""
    features = []
    for compound in session.scalars(_visible(viewer).order_by(Compound.key)):
        if compound.polygon:
            geometry = orjson.loads(compound.polygon)
        elif compound.lat is not None and compound.lon is not None:
            geometry = {"type": "Point", "coordinates": [compound.lon, compound.lat]}
        else:
            continue
        props = as_dict(session, viewer, compound, detail=False)
        features.append(
            {"type": "Feature", "id": compound.key, "geometry": geometry, "properties": props}
        )
    return {"type": "FeatureCollection", "features": features}
