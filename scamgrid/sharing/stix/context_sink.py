"""Taking compounds, persons and their ties back in from a STIX bundle (`share import`).

A `location` carrying scamgrid's `compound_key` becomes a compound (through
`cases.compounds.add_compound`, so it is validated, owned and audited like one entered by
hand); one already held under that key is left as it is (a compound is edited by its owner, on
its owner's node). An intrusion-set `originates-from` (or `located-at`) such a location becomes
the link `compound link KEY syndicate ID`, and a person `located-at` it the link `person REF`,
added to the compound whether it came in the same bundle or was held already. Syndicates
themselves are not stored: every node detects them from the reports it holds, and the
importing node finds the same ids in the same reports.

Persons of interest come in as copies without names, with their ties (person_sink.py); other
platforms' locations (countries, cities) are no compounds and are skipped. Only `share import`
takes compounds and persons: a TAXII client adds reports.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from scamgrid.cases import compounds
from scamgrid.cases.tables import Compound, CompoundLink
from scamgrid.errors import Conflict, Forbidden, InvalidInput, NotFound
from scamgrid.model.vocabulary import Marking
from scamgrid.sharing import audit
from scamgrid.sharing.stix import objects as o
from scamgrid.sharing.stix.person_sink import import_persons
from scamgrid.sharing.stix.sink import ImportOptions, ImportResult, Sink, ensure_groups
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
        if key in held:
            continue
        try:
            _add(session, sink.options, place, identities, actor)
        except (InvalidInput, NotFound, Forbidden, Conflict) as bad:
            result.skipped.append(f"{stix_id}: {bad}")
            continue
        held.add(key)
        result.compounds += 1
    people = import_persons(session, sink, by_id, actor, result)
    for relation in by_id.values():
        if relation.get("type") != "relationship" or relation.get("revoked"):
            continue
        if relation.get("relationship_type") not in PLACED:
            continue
        source = by_id.get(str(relation.get("source_ref")))
        target = places.get(str(relation.get("target_ref")))
        if source is None or target is None:
            continue
        if source.get("type") == "intrusion-set":
            kind, ref = "syndicate", o.extension(source).get("syndicate_id")
        else:  # a person located at the compound (its identity, if it was taken in)
            kind, ref = "person", people.get(source["id"])
        key = str(o.extension(target)["compound_key"])
        if not ref or key not in held or _linked(session, key, kind, str(ref)):
            continue
        compounds.link(session, SYSTEM, actor, key, kind, str(ref))
        result.compound_links += 1
    session.flush()


def _add(
    session: Session,
    options: ImportOptions,
    place: dict[str, Any],
    identities: dict[str, dict[str, Any]],
    actor: audit.Actor,
) -> None:
    ext = o.extension(place)
    author = identities.get(str(place.get("created_by_ref") or ""))
    agency = ext.get("agency") or (Sink.code_of(author)[0] if author else None)
    agency = agency or options.default_agency
    if not agency:
        raise InvalidInput("no owner agency (its author is no known agency; pass --agency)")
    for name, value in (("latitude", place.get("latitude")), ("longitude", place.get("longitude"))):
        if value is not None and not isinstance(value, int | float):
            raise InvalidInput(f"{name}: a number", field=name)
    headcount = ext.get("headcount")
    if headcount is not None and not isinstance(headcount, int):
        raise InvalidInput("headcount: a whole number", field="headcount")
    marking = o.marking_of(place) or Marking(options.default_marking)
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
    owner = viewer_for_agency(session, str(agency).upper())
    compounds.add_compound(session, owner, actor, data)


def _linked(session: Session, key: str, kind: str, ref: str) -> bool:
    return (
        session.scalar(
            select(CompoundLink.id)
            .join(Compound, Compound.id == CompoundLink.compound_id)
            .where(Compound.key == key, CompoundLink.kind == kind, CompoundLink.ref == ref)
        )
        is not None
    )
