"""Persons of interest back in from a STIX bundle (`share import`): nameless copies and ties.

A person `identity` (scamgrid's `person_ref`) becomes a `PersonOfInterest` owned by its origin
agency (the extension's `agency`, else its author), with its role, nationality, marking and
sharing group, created and modified as on its origin node. No name travels: the copy's sealed
data holds none and says which agency on which node holds them (`cases.persons.sealed_copy`).
Its ties come back as recorded there, each a `PersonLink` owned by the extension's `agency`
(else the person's), marked like the relationship, dated by its `start_time`:

- `related-to` an indicator (`relation` holds / uses): a link to its identifier, resting on
  the report the extension names in `report_id` when it has one (a tie to that report with
  `identifier` in the extension when the report does not cite it);
- `related-to` a report (`named`): a link to that report.

`located-at` a compound comes back as the compound link `person REF` (context_sink.py), as the
origin node records it. Rules as for reports: a newer `modified` updates a copy (role,
nationality, marking, group; counted `persons`), an equal or older one changes nothing
(`stale`), a person recorded on this node is never overwritten (`local`), nor are its owner's
own ties to it rewritten from outside (a peer echoing them back, perhaps after they were removed
here; other agencies' ties to it are taken), and a ref held for another agency, a bad role or a
tie to something not held here is skipped with the reason.
Provenance: each copy written is a `person.receive` audit event (origin node and agency, STIX
id and version, where from), and each link's `source` is `stix:<file or peer>`.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from scamgrid.cases import persons as p
from scamgrid.cases.ownership import Ownership, group_names, owner
from scamgrid.errors import Conflict, Forbidden, InvalidInput, NotFound
from scamgrid.model.vocabulary import Marking
from scamgrid.sharing import audit
from scamgrid.sharing.stix import objects as o
from scamgrid.sharing.stix import vocabulary as v
from scamgrid.sharing.stix.sink import ImportResult, Sink, ensure_groups
from scamgrid.store.tables import Report
from scamgrid.store.visibility import viewer_for_agency

REFUSED = (InvalidInput, NotFound, Forbidden, Conflict, ValueError)


def person_identities(by_id: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """STIX id -> the (not revoked) identities that are scamgrid persons of interest."""
    return {
        k: x
        for k, x in by_id.items()
        if x.get("type") == "identity" and o.extension(x).get("person_ref") and not x.get("revoked")
    }


def import_persons(
    session: Session,
    sink: Sink,
    by_id: dict[str, dict[str, Any]],
    actor: audit.Actor,
    result: ImportResult,
) -> dict[str, str]:
    """Write the persons of a bundle and their related-to ties; returns STIX id -> ref of each
    person held here after it (copies and local persons alike), for their compound links."""
    people = person_identities(by_id)
    identities = {k: x for k, x in by_id.items() if x.get("type") == "identity"}
    ties = [
        x
        for x in by_id.values()
        if x.get("type") == "relationship"
        and x.get("relationship_type") == "related-to"
        and x.get("source_ref") in people
        and not x.get("revoked")
    ]
    asserted = [{"created_by_ref": v.agency_stix_id(str(_ext(t, "agency")))} for t in ties]
    sink.register_agencies(identities, [*people.values(), *asserted])
    held: dict[str, str] = {}
    owners: dict[str, Ownership] = {}
    local: set[str] = set()
    for stix_id, identity in people.items():
        try:
            ref, who, outcome = _person(session, sink, identity, identities, actor)
        except REFUSED as bad:
            result.skipped.append(f"{stix_id}: {bad}")
            continue
        held[stix_id], owners[stix_id] = ref, who
        if outcome == "local":
            local.add(stix_id)
        setattr(result, outcome, getattr(result, outcome) + 1)
    for tie in ties:
        if str(tie["source_ref"]) not in held:
            continue
        source = str(tie["source_ref"])
        if source in local and _ext(tie, "agency") in (None, owners[source].agency_code):
            continue  # our own tie echoed back by a peer: never rewritten from outside
        try:
            added = _tie(session, sink, tie, by_id.get(str(tie.get("target_ref"))), held, owners)
        except REFUSED as bad:
            result.skipped.append(f"{tie['id']}: {bad}")
            continue
        result.person_links += added
    session.flush()
    return held


def _ext(obj: dict[str, Any], name: str) -> Any:
    return o.extension(obj).get(name)


def _ownership(
    session: Session, agency: str, marking: str, group: str | None, members: list[str]
) -> Ownership:
    """Owner, marking and sharing group of a received record (its group made here if missing;
    AMBER outside any group the agency is in falls back to the agency's first group)."""
    if group:
        ensure_groups(session, {group: {*members, agency}})
    viewer = viewer_for_agency(session, agency)
    try:
        return owner(session, viewer, marking, group)
    except InvalidInput:
        return owner(session, viewer, marking, None)


def _person(
    session: Session,
    sink: Sink,
    identity: dict[str, Any],
    identities: dict[str, dict[str, Any]],
    actor: audit.Actor,
) -> tuple[str, Ownership, str]:
    """(ref, owner, outcome: persons | local | stale) of one person identity."""
    ext = o.extension(identity)
    ref = p.check_ref(str(ext.get("person_ref") or ""), "person_ref")
    role = p.check_role(str(ext.get("role") or ""))
    nationality = p.check_nationality(ext.get("nationality"))
    author = identities.get(str(identity.get("created_by_ref") or ""))
    agency = ext.get("agency") or (Sink.code_of(author)[0] if author else None)
    agency = str(agency or sink.options.default_agency or "").upper()
    if not agency:
        raise InvalidInput("agency: no owner agency (no known author; pass --agency)")
    marking = (o.marking_of(identity) or Marking(sink.options.default_marking)).value
    group = ext.get("sharing_group")
    who = _ownership(session, agency, marking, group, list(ext.get("sharing_group_members") or []))
    created = v.parse_timestamp(str(identity["created"]))
    modified = v.parse_timestamp(str(identity.get("modified") or identity["created"]))
    node = str(ext.get("origin_node") or sink.options.received_from or "?")
    row = session.scalar(select(p.PersonOfInterest).where(p.PersonOfInterest.ref == ref))
    if row is not None and row.agency_id != who.agency_id:
        raise Conflict(f"person_ref: {ref!r} is held here for another agency")
    if row is not None and p.held_elsewhere(sink.keyring, row) is None:
        return ref, who, "local"  # recorded on this node: never overwritten from outside
    if row is not None and modified <= row.updated_at:
        return ref, who, "stale"
    if row is None:
        row = p.PersonOfInterest(ref=ref, agency_id=who.agency_id, created_at=created)
        row.share_names, row.documents = False, "[]"
        session.add(row)
    row.role, row.nationality, row.updated_at = role, nationality, modified
    row.marking, row.sharing_group_id = who.marking, who.sharing_group_id
    row.person_sealed = p.sealed_copy(sink.keyring, ref, nationality, agency, node)
    session.flush()
    audit.record(
        session,
        actor,
        "person.receive",
        "person",
        ref,
        role=role,
        marking=who.marking,
        origin_node=node,
        origin_agency=agency,
        stix_id=identity["id"],
        modified=v.timestamp(modified),
        received_from=sink.options.received_from,
    )
    return ref, who, "persons"


def _report_pk(session: Session, report_id: str, where: str) -> int:
    pk = session.scalar(select(Report.id).where(Report.report_id == report_id))
    if pk is None:
        raise NotFound(f"{where}: no report {report_id!r} here")
    return pk


def _tie(
    session: Session,
    sink: Sink,
    tie: dict[str, Any],
    target: dict[str, Any] | None,
    held: dict[str, str],
    owners: dict[str, Ownership],
) -> int:
    """Write one related-to tie as a person link; 1 if it is new, 0 if held already."""
    source = str(tie["source_ref"])
    relation = _ext(tie, "relation")
    if target is None and _ext(tie, "report_id"):
        # Over TAXII the report came in an earlier page: the tie names it (and the identifier).
        target = {
            "type": "report",
            "extensions": {v.EXTENSION_ID: {"report_id": _ext(tie, "report_id")}},
        }
    if target is None:
        raise InvalidInput(f"target_ref: {tie.get('target_ref')} is not in the bundle")
    values: dict[str, Any]
    if target.get("type") == "report" and relation == p.REPORT_RELATION:
        report_id = str(_ext(target, "report_id") or _ext(tie, "report_id") or "")
        values = {"report_id": _report_pk(session, report_id, "target_ref"), "indicator_id": None}
        raw = ""
    elif relation in p.IDENTIFIER_RELATIONS and target.get("type") in ("indicator", "report"):
        if target["type"] == "report":  # a report that does not cite it: named in the tie
            kind, _, value = str(_ext(tie, "identifier") or "").partition(":")
            parsed: tuple[str, str] | None = (kind, value) if value else None
        else:
            kind, value = _ext(target, "identifier_type"), _ext(target, "value")
            parsed = (kind, value) if kind and value else v.from_pattern(str(target["pattern"]))
        if parsed is None:
            raise InvalidInput("target_ref: it names no single identifier")
        country = _ext(target, "country")
        kind, value = p.identifier_key(f"{parsed[0]}:{parsed[1]}", country)
        supported = _ext(tie, "report_id")
        report_pk = _report_pk(session, str(supported), "report_id") if supported else None
        values = {"indicator_id": p.indicator_id(session, kind, value, country)}
        values["report_id"] = report_pk
        raw = str(_ext(target, "raw") or value)
    else:
        raise InvalidInput(
            f"relation: {relation!r} does not tie a person to a {target.get('type')}"
        )
    person = owners[source]
    marking = (o.marking_of(tie) or Marking(person.marking)).value
    group = group_names(session).get(person.sharing_group_id or -1)
    who = _ownership(session, str(_ext(tie, "agency") or person.agency_code), marking, group, [])
    person_id = session.scalar(
        select(p.PersonOfInterest.id).where(p.PersonOfInterest.ref == held[source])
    )
    matches = [
        getattr(p.PersonLink, k).is_(None) if x is None else getattr(p.PersonLink, k) == x
        for k, x in values.items()
    ]
    exists = session.scalar(
        select(p.PersonLink.id).where(
            p.PersonLink.person_id == person_id,
            p.PersonLink.agency_id == who.agency_id,
            p.PersonLink.relation == relation,
            *matches,
        )
    )
    if exists is not None:
        return 0
    at = tie.get("start_time") or tie.get("modified") or tie["created"]
    session.add(
        p.PersonLink(
            person_id=person_id,
            relation=relation,
            raw=raw[:512],
            agency_id=who.agency_id,
            marking=who.marking,
            sharing_group_id=who.sharing_group_id,
            at=v.parse_timestamp(str(at)),
            source=f"stix:{sink.options.received_from}"[:200],
            **values,
        )
    )
    session.flush()
    return 1
