"""Taking compounds, persons and their ties in (`share import`, `federation sync`).

A `location` carrying scamgrid's `compound_key` becomes a compound (through
`cases.compounds.add_compound`, so it is validated, owned and audited like one entered by hand)
that keeps its origin node and version (`compounds.origin_node`, `updated_at`; audited
`compound.receive`). A copy already held is brought to a newer version; an equal or older one
changes nothing (`stale`), and one recorded here is never overwritten (`local`): a compound is
edited by its owner, on its owner's node. An intrusion-set `originates-from` (or `located-at`)
such a location becomes the link `compound link KEY syndicate ID`, and a person `located-at` it
the link `person REF`, added to the compound whether it came in the same bundle or was held
already. Syndicates themselves are not stored: every node detects them from the reports it
holds, and the importing node finds the same ids in the same reports.

Persons of interest come in as copies without names, with their ties (person_sink.py); other
platforms' locations (countries, cities) are no compounds and are skipped. Over TAXII a
relationship's ends may have come in an earlier page: they are found among the compounds and
persons held here by their STIX ids. A TAXII client adds reports only.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import orjson
from sqlalchemy import select
from sqlalchemy.orm import Session

from scamgrid.cases import compounds
from scamgrid.cases.ownership import owner
from scamgrid.cases.persons import PersonOfInterest
from scamgrid.cases.tables import Compound, CompoundEvent, CompoundLink
from scamgrid.errors import Conflict, Forbidden, InvalidInput, NotFound
from scamgrid.model.vocabulary import Marking
from scamgrid.sharing import audit
from scamgrid.sharing.stix import entities as e
from scamgrid.sharing.stix import objects as o
from scamgrid.sharing.stix import vocabulary as v
from scamgrid.sharing.stix.person_sink import import_persons
from scamgrid.sharing.stix.sink import ImportResult, Sink, ensure_groups
from scamgrid.store.visibility import SYSTEM, viewer_for_agency

PLACED = ("originates-from", "located-at")


def import_context(
    session: Session,
    sink: Sink,
    objects: list[dict[str, Any]],
    actor: audit.Actor,
    result: ImportResult,
) -> None:
    by_id = {x["id"]: x for x in objects if isinstance(x, dict) and isinstance(x.get("id"), str)}
    places = {
        k: x
        for k, x in by_id.items()
        if x.get("type") == "location"
        and o.extension(x).get("compound_key")
        and not x.get("revoked")
    }
    identities = {k: x for k, x in by_id.items() if x.get("type") == "identity"}
    sink.register_agencies(identities, list(places.values()))
    held = set(session.scalars(select(Compound.key)))
    for stix_id, place in places.items():
        key = str(o.extension(place)["compound_key"])
        try:
            if key in held:
                outcome = _update(session, sink, place, identities, actor)
                setattr(result, outcome, getattr(result, outcome) + 1)
                continue
            _add(session, sink, place, identities, actor)
        except (InvalidInput, NotFound, Forbidden, Conflict, ValueError) as bad:
            result.skipped.append(f"{stix_id}: {bad}")
            continue
        held.add(key)
        result.compounds += 1
    people = import_persons(session, sink, by_id, actor, result)
    # Over TAXII a relationship's ends may have come in an earlier page: found by their ids.
    known_places: dict[str, str] | None = None
    known_people: dict[str, str] | None = None
    for relation in by_id.values():
        if relation.get("type") != "relationship" or relation.get("revoked"):
            continue
        if relation.get("relationship_type") not in PLACED:
            continue
        source = by_id.get(str(relation.get("source_ref")))
        target_ref = str(relation.get("target_ref"))
        target = places.get(target_ref)
        if target is not None:
            place_key: str | None = str(o.extension(target)["compound_key"])
        else:
            if known_places is None:
                known_places = {e.compound_stix_id(k): k for k in held}
            place_key = known_places.get(target_ref)
        if place_key is None or place_key not in held:
            continue
        if source is not None and source.get("type") == "intrusion-set":
            kind, ref = "syndicate", o.extension(source).get("syndicate_id")
        elif source is not None and source.get("type") != "identity":
            continue
        else:  # a person located at the compound (its identity, if it was taken in)
            kind, ref = "person", people.get(str(relation.get("source_ref")))
            if ref is None and source is None:
                if known_people is None:
                    refs = session.scalars(select(PersonOfInterest.ref))
                    known_people = {e.person_stix_id(r): r for r in refs}
                ref = known_people.get(str(relation.get("source_ref")))
        if not ref or _linked(session, place_key, kind, str(ref)):
            continue
        copy = session.scalar(select(Compound).where(Compound.key == place_key))
        version = copy.updated_at if copy is not None else None
        compounds.link(session, SYSTEM, actor, place_key, kind, str(ref))
        if copy is not None and copy.origin_node is not None and version is not None:
            copy.updated_at = version  # a copy keeps its origin's version
        result.compound_links += 1
    session.flush()


def _input(
    session: Session,
    sink: Sink,
    place: dict[str, Any],
    identities: dict[str, dict[str, Any]],
) -> tuple[str, compounds.CompoundInput]:
    """(owner agency, validated input) of a compound's `location`."""
    ext = o.extension(place)
    author = identities.get(str(place.get("created_by_ref") or ""))
    agency = ext.get("agency") or (Sink.code_of(author)[0] if author else None)
    agency = agency or sink.options.default_agency
    if not agency:
        raise InvalidInput("no owner agency (its author is no known agency; pass --agency)")
    for name, value in (("latitude", place.get("latitude")), ("longitude", place.get("longitude"))):
        if value is not None and not isinstance(value, int | float):
            raise InvalidInput(f"{name}: a number", field=name)
    headcount = ext.get("headcount")
    if headcount is not None and not isinstance(headcount, int):
        raise InvalidInput("headcount: a whole number", field="headcount")
    marking = o.marking_of(place) or Marking(sink.options.default_marking)
    group = ext.get("sharing_group")
    if group:
        ensure_groups(session, {group: {*ext.get("sharing_group_members", []), agency}})
    data = compounds.CompoundInput(
        key=str(ext["compound_key"]),
        name=str(place.get("name") or ext["compound_key"]),
        country=str(place.get("country") or ""),
        aliases=list(ext.get("aliases") or []),
        area=str(ext.get("area") or ""),
        lat=place.get("latitude"),
        lon=place.get("longitude"),
        polygon=ext.get("polygon"),
        controlling_group=str(ext.get("controlling_group") or ""),
        headcount=headcount,
        nationalities=dict(ext.get("nationalities") or {}),
        status=str(ext.get("status") or "active"),
        marking=marking.value,
        sharing_group=group,
    )
    return str(agency).upper(), data


def _origin(sink: Sink, place: dict[str, Any]) -> tuple[str, datetime, datetime]:
    """(origin node, created, version) of a compound's `location`."""
    node = str(o.extension(place).get("origin_node") or sink.options.received_from or "?")
    created = v.parse_timestamp(str(place["created"]))
    return node[:64], created, v.parse_timestamp(str(place.get("modified") or place["created"]))


def _add(
    session: Session,
    sink: Sink,
    place: dict[str, Any],
    identities: dict[str, dict[str, Any]],
    actor: audit.Actor,
) -> None:
    agency, data = _input(session, sink, place, identities)
    owner = viewer_for_agency(session, agency)
    compounds.add_compound(session, owner, actor, data)
    node, created, modified = _origin(sink, place)
    row = session.scalar(select(Compound).where(Compound.key == data.key))
    assert row is not None  # just added
    row.origin_node, row.created_at, row.updated_at = node, created, modified
    _received(session, sink, actor, place, agency, node, modified)


def _update(
    session: Session,
    sink: Sink,
    place: dict[str, Any],
    identities: dict[str, dict[str, Any]],
    actor: audit.Actor,
) -> str:
    """Bring a held copy to a newer version: outcome `compounds`, `stale` or `local`."""
    key = str(o.extension(place)["compound_key"])
    row = session.scalar(select(Compound).where(Compound.key == key))
    assert row is not None  # held
    if row.origin_node is None:
        return "local"  # recorded on this node: never overwritten from outside
    node, _, modified = _origin(sink, place)
    if modified <= row.updated_at:
        return "stale"
    agency, data = _input(session, sink, place, identities)
    compounds._validate(data)  # as add_compound checks a new one
    who = owner(session, viewer_for_agency(session, agency), data.marking, data.sharing_group)
    if who.agency_id != row.agency_id:
        raise Conflict(f"compound_key: {key!r} is held here for another agency")
    if data.status != row.status:
        session.add(CompoundEvent(compound_id=row.id, status=data.status, at=modified))
    row.name, row.aliases = data.name, orjson.dumps(data.aliases).decode()
    row.country, row.area = data.country.upper(), data.area
    row.lat, row.lon = data.lat, data.lon
    row.polygon = orjson.dumps(data.polygon).decode() if data.polygon else None
    row.controlling_group, row.headcount = data.controlling_group, data.headcount
    row.nationalities = orjson.dumps(data.nationalities).decode()
    row.status, row.marking, row.sharing_group_id = data.status, who.marking, who.sharing_group_id
    row.origin_node, row.updated_at = node, modified
    _received(session, sink, actor, place, agency, node, modified)
    return "compounds"


def _received(
    session: Session,
    sink: Sink,
    actor: audit.Actor,
    place: dict[str, Any],
    agency: str,
    node: str,
    modified: datetime,
) -> None:
    audit.record(
        session,
        actor,
        "compound.receive",
        "compound",
        str(o.extension(place)["compound_key"]),
        origin_node=node,
        origin_agency=agency,
        stix_id=place["id"],
        modified=v.timestamp(modified),
        received_from=sink.options.received_from,
    )


def _linked(session: Session, key: str, kind: str, ref: str) -> bool:
    return (
        session.scalar(
            select(CompoundLink.id)
            .join(Compound, Compound.id == CompoundLink.compound_id)
            .where(Compound.key == key, CompoundLink.kind == kind, CompoundLink.ref == ref)
        )
        is not None
    )
