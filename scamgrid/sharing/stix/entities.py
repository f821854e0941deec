"""Compounds, syndicates and persons of interest <-> STIX 2.1 objects (pure: values in, values out).

- a compound is a `location` (latitude/longitude when known, country), which OpenCTI shows as
  a position on its map and MISP imports as a geolocation;
- a syndicate is an `intrusion-set`: "a grouped set of adversarial behaviours and resources
  with common properties believed to be orchestrated by a single organisation" is what
  syndicate detection finds (reports tied by the phones, accounts and wallets they share),
  without claiming who the people are (that would be a `threat-actor`). A `report` of type
  `intrusion-set` per syndicate holds it with its relationships, as OpenCTI's containers do;
- a person of interest is an `identity` with `identity_class: individual`, named by its
  reference only: names, dates of birth and documents never leave the node in STIX;
- relationships: indicator `indicates` intrusion-set, intrusion-set `originates-from` location
  (the relationship STIX suggests between the two; `located-at` is not one for intrusion-sets),
  identity `located-at` location, identity `related-to` indicator or report (what the person
  holds, uses or is named in).

Every object carries one TLP 2.0 marking: its own record's, or for what is derived from several
records (a syndicate, a relationship) the most restrictive of theirs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from scamgrid.model.vocabulary import Marking
from scamgrid.sharing.stix import vocabulary as v


def strictest(*markings: str) -> str:
    """The most restrictive of TLP markings (TLP 2.0 order)."""
    order = [m.value for m in Marking]
    return max(markings, key=order.index)


def _grouped(properties: dict[str, Any], group: str | None, members: list[str]) -> None:
    if group:
        properties["sharing_group"] = group
        properties["sharing_group_members"] = members


@dataclass
class CompoundView:
    key: str
    name: str
    aliases: list[str]
    country: str
    area: str
    lat: float | None
    lon: float | None
    polygon: dict[str, Any] | None
    controlling_group: str
    headcount: int | None
    nationalities: dict[str, int]
    status: str
    agency: str
    marking: str
    sharing_group: str | None
    group_members: list[str]
    created: datetime
    modified: datetime
    origin_node: str = ""  # the node that recorded it (a copy keeps its origin's)


def compound_stix_id(key: str) -> str:
    return v.stix_id("location", "compound", key)


def location(compound: CompoundView) -> dict[str, Any]:
    properties: dict[str, Any] = {
        "extension_type": "property-extension",
        "compound_key": compound.key,
        "agency": compound.agency,
        "status": compound.status,
    }
    for name in ("aliases", "area", "controlling_group", "headcount", "polygon"):
        if getattr(compound, name):
            properties[name] = getattr(compound, name)
    if compound.nationalities:
        properties["nationalities"] = compound.nationalities
    if compound.origin_node:
        properties["origin_node"] = compound.origin_node
    _grouped(properties, compound.sharing_group, compound.group_members)
    body: dict[str, Any] = {
        "type": "location",
        "spec_version": v.SPEC,
        "id": compound_stix_id(compound.key),
        "created": v.timestamp(compound.created),
        "modified": v.timestamp(max(compound.created, compound.modified)),
        "created_by_ref": v.agency_stix_id(compound.agency),
        "name": compound.name,
        "description": f"Scam compound {compound.key} ({compound.status})"
        + (f", {compound.area}" if compound.area else ""),
        "country": compound.country,
        "object_marking_refs": [v.TLP_IDS[Marking(compound.marking)]],
        "extensions": {v.EXTENSION_ID: properties},
    }
    if compound.lat is not None and compound.lon is not None:
        body["latitude"] = compound.lat
        body["longitude"] = compound.lon
    return body


@dataclass
class SyndicateView:
    id: str
    reports: list[str]
    fraud_types: dict[str, int]
    losses: dict[str, Decimal]
    countries: list[str]
    agencies: list[str]
    first_seen: datetime | None
    last_seen: datetime | None
    created: str  # STIX timestamps: earliest creation and latest version of its reports
    modified: str
    marking: str
    sharing_group: str | None
    group_members: list[str]
    origin_node: str
    indicators: list[str] = field(default_factory=list)  # ids of the indicators tying it


def syndicate_stix_id(syndicate_id: str) -> str:
    return v.stix_id("intrusion-set", syndicate_id)


def syndicate_objects(syndicate: SyndicateView) -> list[dict[str, Any]]:
    """The intrusion-set, its `indicates` relationships (the report container comes last)."""
    markings = [v.TLP_IDS[Marking(syndicate.marking)]]
    set_id = syndicate_stix_id(syndicate.id)
    properties: dict[str, Any] = {
        "extension_type": "property-extension",
        "syndicate_id": syndicate.id,
        "report_ids": syndicate.reports,
        "fraud_types": syndicate.fraud_types,
        "countries": syndicate.countries,
        "agencies": syndicate.agencies,
        "origin_node": syndicate.origin_node,
    }
    if syndicate.losses:
        properties["losses"] = {c: str(a) for c, a in syndicate.losses.items()}
    _grouped(properties, syndicate.sharing_group, syndicate.group_members)
    kinds = ", ".join(syndicate.fraud_types) or "scam"
    where = ", ".join(syndicate.countries) or "an unknown country"
    body: dict[str, Any] = {
        "type": "intrusion-set",
        "spec_version": v.SPEC,
        "id": set_id,
        "created": syndicate.created,
        "modified": syndicate.modified,
        "name": f"Syndicate {syndicate.id}",
        "description": (
            f"{len(syndicate.reports)} {kinds} reports from {where} tied by the identifiers "
            "they share (scamgrid syndicate detection)."
        ),
        "goals": ["defraud victims"],
        "resource_level": "organization",
        "primary_motivation": "personal-gain",
        "object_marking_refs": markings,
        "extensions": {v.EXTENSION_ID: properties},
    }
    if syndicate.first_seen is not None and syndicate.last_seen is not None:
        body["first_seen"] = v.timestamp(syndicate.first_seen)
        body["last_seen"] = v.timestamp(syndicate.last_seen)
    relations = [
        relationship(indicator, "indicates", set_id, syndicate.marking, syndicate.modified)
        for indicator in syndicate.indicators
    ]
    return [body, *relations]


def container(
    syndicate: SyndicateView, refs: list[str], agency: str | None = None
) -> dict[str, Any]:
    """A `report` of type intrusion-set holding a syndicate and what is tied to it."""
    body: dict[str, Any] = {
        "type": "report",
        "spec_version": v.SPEC,
        "id": v.stix_id("report", "syndicate", syndicate.id),
        "created": syndicate.created,
        "modified": syndicate.modified,
        "name": f"Syndicate {syndicate.id}",
        "description": f"Syndicate {syndicate.id}: its reports' indicators, places and people.",
        "report_types": ["intrusion-set"],
        "published": syndicate.modified,
        "object_refs": [syndicate_stix_id(syndicate.id), *refs],
        "object_marking_refs": [v.TLP_IDS[Marking(syndicate.marking)]],
        "extensions": {
            v.EXTENSION_ID: {
                "extension_type": "property-extension",
                "syndicate_id": syndicate.id,
                "origin_node": syndicate.origin_node,
            }
        },
    }
    if agency:
        body["created_by_ref"] = v.agency_stix_id(agency)
    return body


def relationship(
    source: str,
    kind: str,
    target: str,
    marking: str,
    modified: str,
    relation: str | None = None,
    tie: PersonTie | None = None,
) -> dict[str, Any]:
    """A relationship named by its ends (and a person link's owner and supporting report), so
    every export names it alike."""
    more = (tie.agency, tie.report_id or "") if tie else ()
    body: dict[str, Any] = {
        "type": "relationship",
        "spec_version": v.SPEC,
        "id": v.stix_id("relationship", source, kind, target, relation or "", *more),
        "created": modified,
        "modified": modified,
        "relationship_type": kind,
        "source_ref": source,
        "target_ref": target,
        "object_marking_refs": [v.TLP_IDS[Marking(marking)]],
    }
    if relation:
        body["description"] = f"The person {relation} it."
        properties: dict[str, Any] = {"extension_type": "property-extension", "relation": relation}
        if tie:
            properties["agency"] = tie.agency
            if tie.report_id:
                properties["report_id"] = tie.report_id
            if tie.identifier:
                properties["identifier"] = tie.identifier
            body["start_time"] = tie.at
        body["extensions"] = {v.EXTENSION_ID: properties}
    return body


@dataclass(frozen=True)
class PersonTie:
    """A person link as it leaves: the agency asserting it, since when (`start_time`), and for
    a holds / uses link that a report supports, that report's id (and the identifier, when the
    relationship points at that report because it does not cite the identifier itself)."""

    agency: str
    at: str
    report_id: str | None = None
    identifier: str | None = None  # "type:value", when the target is the report, not an indicator


@dataclass
class PersonView:
    """What leaves the node of a person of interest: never a name, date of birth or document."""

    ref: str
    role: str
    nationality: str | None
    agency: str
    marking: str
    sharing_group: str | None
    group_members: list[str]
    created: datetime
    modified: datetime
    origin_node: str = ""  # the node that recorded it (a copy keeps its origin's)


def person_stix_id(ref: str) -> str:
    return v.stix_id("identity", "person", ref)


def person_identity(person: PersonView) -> dict[str, Any]:
    properties: dict[str, Any] = {
        "extension_type": "property-extension",
        "person_ref": person.ref,
        "role": person.role,
        "agency": person.agency,
    }
    if person.nationality:
        properties["nationality"] = person.nationality
    if person.origin_node:
        properties["origin_node"] = person.origin_node
    _grouped(properties, person.sharing_group, person.group_members)
    return {
        "type": "identity",
        "spec_version": v.SPEC,
        "id": person_stix_id(person.ref),
        "created": v.timestamp(person.created),
        "modified": v.timestamp(max(person.created, person.modified)),
        "created_by_ref": v.agency_stix_id(person.agency),
        "name": person.ref,
        "description": f"Person of interest {person.ref} ({person.role}), named by reference.",
        "identity_class": "individual",
        "roles": [person.role],
        "object_marking_refs": [v.TLP_IDS[Marking(person.marking)]],
        "extensions": {v.EXTENSION_ID: properties},
    }


def person_indicator(
    ref: str, kind: str, value: str, tie: PersonTie, marking: str, modified: str
) -> dict[str, Any]:
    """An indicator of an identifier a person holds or uses that no exported report cites (an
    analyst's link), so the `related-to` tie has something to point at. It carries the
    extension's `person_ref`: an import takes it as the person's, not as a report of its own."""
    return {
        "type": "indicator",
        "spec_version": v.SPEC,
        "id": v.stix_id("indicator", "person", ref, kind, value, tie.agency),
        "created": modified,
        "modified": modified,
        "created_by_ref": v.agency_stix_id(tie.agency),
        "name": f"{kind} {value}",
        "description": f"Held or used by person of interest {ref}.",
        "indicator_types": ["malicious-activity"],
        "pattern": v.pattern(kind, value),
        "pattern_type": "stix",
        "valid_from": tie.at,
        "object_marking_refs": [v.TLP_IDS[Marking(marking)]],
        "extensions": {
            v.EXTENSION_ID: {
                "extension_type": "property-extension",
                "identifier_type": kind,
                "value": value,
                "raw": value,
                "valid": True,
                "person_ref": ref,
            }
        },
    }
