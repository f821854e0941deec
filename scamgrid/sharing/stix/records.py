"""Compounds and persons of interest as entries of a TAXII collection's stream (source.py).

A collection (and so `federation sync`) carries, besides reports and revocations:

- each compound the scope may have (`source.shared`: visible to its viewer, never RED or
  AMBER+STRICT, of the collection's group or agency feed) as its `location`, added to the
  stream at its version (`compounds.updated_at`, moved by every status change and new link);
- each person of interest of the scope as its nameless `identity`, with its ties (`related-to`)
  that the scope may have: a tie resting on a report only when that report is in the same
  collection (pointing at the report and naming the identifier and report in the extension, so
  a node that got the report in an earlier page rebuilds the same link), an analyst's link to
  an identifier with an indicator of its own (`entities.person_indicator`), and its
  `located-at` compounds of the same scope (only here, so no object is served twice). A
  person's place in the stream is the latest of its own version, its ties' times, their
  reports' and its compounds' versions, so it comes after every report and compound its ties
  point at, and comes again when a tie is added or what it points at changes.

Syndicates are not carried: they are detected per viewer, not records; each node detects them
from the reports it holds. Only records that originated here are pushed; compounds and persons
are pulled (a scope with `local_only` gets none).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import orjson
from sqlalchemy import ColumnElement, select

from scamgrid.cases.persons import PersonLink, PersonOfInterest, held_elsewhere
from scamgrid.cases.tables import Compound, CompoundLink
from scamgrid.sharing.stix import entities as e
from scamgrid.sharing.stix import vocabulary as v
from scamgrid.store.crypto import KeyRing
from scamgrid.store.tables import Indicator, Report

if TYPE_CHECKING:
    from scamgrid.sharing.stix.source import Entry, Position, Source


def compound_entries(
    source: Source, rows: int, added_after: datetime | None, position: Position | None
) -> list[Entry]:
    from scamgrid.sharing.stix.source import COMPOUND, Entry, after, shared

    scope = source.scope
    if not scope.context or scope.local_only:
        return []
    query = select(Compound).where(
        *shared(scope, Compound.marking, Compound.agency_id, Compound.sharing_group_id),
        after(Compound.updated_at, Compound.id, COMPOUND, position),
    )
    if added_after is not None:
        query = query.where(Compound.updated_at > added_after)
    found = list(
        source.session.scalars(query.order_by(Compound.updated_at, Compound.id).limit(rows + 1))
    )
    if not found:
        return []
    entries = []
    for row in found:
        added = row.updated_at.astimezone(UTC)
        entries.append(Entry(added, COMPOUND, row.id, [e.location(compound_view(source, row))]))
    return entries


def compound_view(source: Source, row: Compound) -> e.CompoundView:
    return view_of_compound(
        row,
        agency=source.agency_code(row.agency_id),
        sharing_group=source.group_name(row.sharing_group_id),
        group_members=source.group_members(row.sharing_group_id),
        modified=row.updated_at,
        node=source.node,
    )


def view_of_compound(
    row: Compound,
    *,
    agency: str,
    sharing_group: str | None,
    group_members: list[str],
    modified: datetime,
    node: str,
) -> e.CompoundView:
    """What leaves the node of a compound row (file exports and TAXII alike)."""
    return e.CompoundView(
        key=row.key,
        name=row.name,
        aliases=orjson.loads(row.aliases),
        country=row.country,
        area=row.area,
        lat=row.lat,
        lon=row.lon,
        polygon=orjson.loads(row.polygon) if row.polygon else None,
        controlling_group=row.controlling_group,
        headcount=row.headcount,
        nationalities=orjson.loads(row.nationalities),
        status=row.status,
        agency=agency,
        marking=row.marking,
        sharing_group=sharing_group,
        group_members=group_members,
        created=row.created_at,
        modified=modified,
        origin_node=row.origin_node or node,
    )


def _located(person: dict[str, Any], place: dict[str, Any]) -> dict[str, Any]:
    marking = e.strictest(_marking(person), _marking(place))
    modified = max(person["modified"], place["modified"])
    return e.relationship(person["id"], "located-at", place["id"], marking, modified)


def _marking(obj: dict[str, Any]) -> str:
    from scamgrid.sharing.stix import objects as o

    found = o.marking_of(obj)
    assert found is not None  # every object built here carries one
    return found.value


def _in_scope(source: Source) -> list[ColumnElement[bool]]:
    from scamgrid.sharing.stix.source import shared

    return shared(
        source.scope,
        PersonOfInterest.marking,
        PersonOfInterest.agency_id,
        PersonOfInterest.sharing_group_id,
    )


def _persons_by_ref(source: Source, refs: set[str]) -> dict[str, dict[str, Any]]:
    """ref -> identity of each of `refs` that is a person of the scope."""
    if not refs:
        return {}
    ring = KeyRing.load()
    found = {}
    rows = source.session.scalars(
        select(PersonOfInterest).where(PersonOfInterest.ref.in_(sorted(refs)), *_in_scope(source))
    )
    for row in rows:
        copy = held_elsewhere(ring, row)  # a copy from a peer keeps its origin node
        view = e.PersonView(
            ref=row.ref,
            role=row.role,
            nationality=row.nationality,
            agency=source.agency_code(row.agency_id),
            marking=row.marking,
            sharing_group=source.group_name(row.sharing_group_id),
            group_members=source.group_members(row.sharing_group_id),
            created=row.created_at,
            modified=row.updated_at,
            origin_node=copy[1] if copy else source.node,
        )
        found[row.ref] = {**e.person_identity(view), "_pk": row.id, "_at": row.updated_at}
    return found


def person_entries(
    source: Source, rows: int, added_after: datetime | None, position: Position | None
) -> list[Entry]:
    from scamgrid.sharing.stix.source import PERSON, Entry, shared

    scope = source.scope
    if not scope.context or scope.local_only:
        return []
    # Versions first, from a few columns; identities (unsealed) only for the page's persons.
    versions = {
        ref: (pk, at)
        for ref, pk, at in source.session.execute(
            select(PersonOfInterest.ref, PersonOfInterest.id, PersonOfInterest.updated_at).where(
                *_in_scope(source)
            )
        )
    }
    if not versions:
        return []
    by_pk = {pk: ref for ref, (pk, _) in versions.items()}
    in_scope = shared(scope, Report.marking, Report.agency_id, Report.sharing_group_id)
    ties = source.session.execute(
        select(
            PersonLink.person_id,
            PersonLink.relation,
            PersonLink.marking,
            PersonLink.at,
            PersonLink.agency_id,
            PersonLink.report_id,
            Indicator.type,
            Indicator.value,
        )
        .outerjoin(Indicator, Indicator.id == PersonLink.indicator_id)
        .where(
            PersonLink.person_id.in_(list(by_pk)),
            *shared(scope, PersonLink.marking, PersonLink.agency_id, PersonLink.sharing_group_id),
        )
        .order_by(PersonLink.id)
    ).all()
    wanted = {t.report_id for t in ties if t.report_id is not None}
    reports: dict[int, tuple[str, datetime, str]] = {}
    listed = sorted(wanted)
    for start in range(0, len(listed), 500):
        for pk, report_id, updated, marking in source.session.execute(
            select(Report.id, Report.report_id, Report.updated_at, Report.marking).where(
                Report.id.in_(listed[start : start + 500]), *in_scope
            )
        ):
            reports[pk] = (report_id, updated, marking)
    version: dict[str, datetime] = {ref: at for ref, (_, at) in versions.items()}
    places: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for compound, ref in source.session.execute(
        select(Compound, CompoundLink.ref)
        .join(CompoundLink, CompoundLink.compound_id == Compound.id)
        .where(
            CompoundLink.kind == "person",
            CompoundLink.ref.in_(list(versions)),
            *shared(scope, Compound.marking, Compound.agency_id, Compound.sharing_group_id),
        )
        .order_by(Compound.key)
    ).all():
        places[ref].append(e.location(compound_view(source, compound)))
        moved = compound.updated_at.astimezone(UTC)
        version[ref] = max(version[ref].astimezone(UTC), moved)
    kept: dict[str, list[Any]] = defaultdict(list)
    for tie in ties:
        if tie.report_id is not None and tie.report_id not in reports:
            continue  # a tie travels only with the report it rests on
        ref = by_pk[tie.person_id]
        kept[ref].append(tie)
        moments = [version[ref], tie.at]
        if tie.report_id is not None:
            moments.append(reports[tie.report_id][1])
        version[ref] = max(m.astimezone(UTC) for m in moments)
    ordered = sorted(
        (version[ref].astimezone(UTC), PERSON, pk, ref) for ref, (pk, _) in versions.items()
    )
    window = []
    for added, kind, pk, ref in ordered:
        if added_after is not None and added <= added_after:
            continue
        if position is not None and (added, kind, pk) <= position:
            continue
        window.append((added, kind, pk, ref))
        if len(window) > rows:
            break
    people = _persons_by_ref(source, {ref for *_, ref in window})
    return [
        Entry(
            added, kind, pk, _person_objects(source, people[ref], kept[ref], reports, places[ref])
        )
        for added, kind, pk, ref in window
    ]


def _person_objects(
    source: Source,
    person: dict[str, Any],
    ties: list[Any],
    reports: dict[int, tuple[str, datetime, str]],
    places: list[dict[str, Any]],
) -> list[dict[str, Any]]:
    identity = {k: x for k, x in person.items() if not k.startswith("_")}
    objects = [identity]
    ref = str(identity["extensions"][v.EXTENSION_ID]["person_ref"])
    emitted: set[str] = set()
    for tie in ties:
        agency = source.agency_code(tie.agency_id)
        at = v.timestamp(tie.at)
        identifier = f"{tie.type}:{tie.value}" if tie.type is not None else None
        if tie.report_id is None:
            assert identifier is not None  # a tie rests on a report or names an identifier
            link = e.PersonTie(agency, at)
            strict = e.strictest(tie.marking, _marking(identity))
            modified = max(at, identity["modified"])
            shown = e.person_indicator(ref, tie.type, tie.value, link, strict, modified)
            if shown["id"] not in emitted:
                emitted.add(shown["id"])
                objects.append(shown)
            target = shown["id"]
        else:
            report_id, updated, report_marking = reports[tie.report_id]
            link = e.PersonTie(agency, at, report_id, identifier)
            strict = e.strictest(tie.marking, _marking(identity), report_marking)
            modified = max(at, identity["modified"], v.timestamp(updated))
            target = v.report_stix_id(report_id)
        objects.append(
            e.relationship(
                identity["id"], "related-to", target, strict, modified, tie.relation, link
            )
        )
    objects += [_located(identity, place) for place in places]
    return objects
