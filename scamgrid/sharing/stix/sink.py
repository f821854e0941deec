"""Taking STIX objects in: reports (with provenance), updates by version, revocations.

Incoming reports go through the same validator (`ingest.reports.to_record`) and the same bulk
writer as files, so a peer's data is held to the rules of local data. Rules:

- a record is owned by the agency that created it; unknown agencies are registered from their
  identity objects, and the record keeps its origin node and STIX version in `report_origins`;
- an older or equal version than the one held changes nothing (idempotent, order-independent);
- a record that originated here is never overwritten from outside (a peer echoing it back);
- a revocation deletes the local copy, if the copy came from the revoking node, and is kept so
  it travels on to this node's own peers; a revoked record never comes back.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import orjson
from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session

from scamgrid.errors import InvalidInput
from scamgrid.ingest.reports import ReadOptions, RowInvalid, to_record
from scamgrid.model.vocabulary import FraudType, Marking
from scamgrid.sharing import agencies
from scamgrid.sharing.federation.tables import ReportOrigin, Revocation
from scamgrid.sharing.stix import objects as o
from scamgrid.sharing.stix import vocabulary as v
from scamgrid.store.crypto import KeyRing
from scamgrid.store.reports import ReportWriter
from scamgrid.store.tables import Agency, Report, SharingGroup, SharingGroupMember, Sighting, utcnow

_CHUNK = 500


@dataclass
class ImportResult:
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    stale: int = 0  # an older or equal version than the one held
    local: int = 0  # originated on this node: not overwritten
    revoked: int = 0
    compounds: int = 0  # compounds created or updated from `location` objects
    compound_links: int = 0  # syndicates and persons newly tied to a compound
    persons: int = 0  # persons of interest received or updated
    person_links: int = 0  # their ties newly written as person links
    skipped: list[str] = field(default_factory=list)  # "id: reason"

    def add(self, other: ImportResult) -> None:
        counts = ("inserted", "updated", "unchanged", "stale", "local", "revoked")
        for name in (*counts, "compounds", "compound_links", "persons", "person_links"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.skipped.extend(other.skipped)

    def as_dict(self) -> dict[str, object]:
        return dataclasses.asdict(self)


@dataclass(frozen=True)
class ImportOptions:
    received_from: str = ""  # peer name or file name, kept with the provenance
    default_agency: str | None = None  # owner of objects whose author is no known agency
    default_marking: str = Marking.AMBER.value  # for unmarked objects


class Sink:
    """Writes batches of STIX objects into the store, inside the caller's transaction."""

    def __init__(self, session: Session, node: str, options: ImportOptions) -> None:
        self.session = session
        self.node = node
        self.options = options
        self.keyring = KeyRing.load()

    def write(self, objects: Iterable[dict[str, Any]]) -> ImportResult:
        result = ImportResult()
        by_id: dict[str, dict[str, Any]] = {}
        for obj in objects:
            if isinstance(obj, dict) and isinstance(obj.get("id"), str):
                by_id[obj["id"]] = obj
        identities = {k: x for k, x in by_id.items() if x.get("type") == "identity"}
        # A syndicate's container (a report of its own, see entities.py) is no victim report.
        reports = [
            x
            for x in by_id.values()
            if x.get("type") == "report" and "syndicate_id" not in o.extension(x)
        ]
        referenced = {ref for r in reports for ref in r.get("object_refs") or []}
        # A person's indicator (an identifier it holds or uses, see entities.py) is no report.
        loose = [
            x
            for k, x in by_id.items()
            if x.get("type") == "indicator"
            and k not in referenced
            and not x.get("revoked")
            and "person_ref" not in o.extension(x)
        ]
        self.register_agencies(identities, reports + loose)
        live = [r for r in reports if not r.get("revoked")]
        revoked = [r for r in reports if r.get("revoked")]
        rows = [(r, [by_id[i] for i in r.get("object_refs") or [] if i in by_id]) for r in live]
        rows += [(self._wrap(indicator), [indicator]) for indicator in loose]
        self._reports(rows, identities, result)
        self._revoke(revoked, by_id, result)
        return result

    # -- agencies ---------------------------------------------------------------------------

    def register_agencies(
        self, identities: dict[str, dict[str, Any]], authored: list[dict[str, Any]]
    ) -> None:
        """Unknown agencies that authored `authored`, registered from their identity objects."""
        known = set(self.session.scalars(select(Agency.code)))
        for ref in {x.get("created_by_ref") for x in authored}:
            identity = identities.get(ref or "")
            if identity is None:
                continue
            code, country = self.code_of(identity)
            if code and code not in known and country:
                agencies.add_agency(self.session, code, str(identity.get("name") or code), country)
                known.add(code)

    @staticmethod
    def code_of(identity: dict[str, Any]) -> tuple[str | None, str | None]:
        ext = o.extension(identity)
        code = ext.get("agency_code")
        if not code and agencies.AGENCY_CODE.match(str(identity.get("name") or "")):
            code = identity["name"]
        return (str(code).upper() if code else None), ext.get("country")

    # -- reports ----------------------------------------------------------------------------

    def _wrap(self, indicator: dict[str, Any]) -> dict[str, Any]:
        """A report around a loose indicator (STIX from other platforms often has no report)."""
        return {
            "type": "report",
            "id": indicator["id"].replace("indicator--", "report--"),
            "created": indicator.get("created"),
            "modified": indicator.get("modified") or indicator.get("created"),
            "created_by_ref": indicator.get("created_by_ref"),
            "published": indicator.get("valid_from") or indicator.get("created"),
            "name": indicator.get("name") or indicator["id"],
            "description": indicator.get("description") or "",
            "object_refs": [indicator["id"]],
            "object_marking_refs": indicator.get("object_marking_refs") or [],
        }

    def _reports(
        self,
        rows: list[tuple[dict[str, Any], list[dict[str, Any]]]],
        identities: dict[str, dict[str, Any]],
        result: ImportResult,
    ) -> None:
        if not rows:
            return
        stix_ids = [r["id"] for r, _ in rows]
        held = self._held_versions(stix_ids)
        gone = self._revoked_ids(stix_ids)
        records = []
        provenance: dict[str, dict[str, Any]] = {}
        for number, (report, indicators) in enumerate(rows, start=1):
            try:
                body, origin = self._report_body(report, indicators, identities)
            except (RowInvalid, InvalidInput, ValueError, KeyError, TypeError) as bad:
                result.skipped.append(f"{report.get('id')}: {getattr(bad, 'reason', bad)}")
                continue
            modified = v.parse_timestamp(str(report.get("modified") or report.get("created")))
            previous = held.get(report["id"])
            if report["id"] in gone:
                result.stale += 1
                continue
            if previous is not None and previous >= modified:
                result.stale += 1
                continue
            try:
                record = to_record(body, number, ReadOptions(keep_invalid=True))
            except RowInvalid as bad:
                result.skipped.append(f"{report['id']}: {bad.field}: {bad.reason}")
                continue
            raws = {(i["type"], i["value"]): i.get("raw") for i in body["indicators"]}
            record.indicators = [
                dataclasses.replace(i, raw=raws.get((i.type, i.value)) or i.raw)
                for i in record.indicators
            ]
            record.seal_hash()
            records.append(record)
            provenance[record.report_id] = {**origin, "stix_id": report["id"], "modified": modified}
        if not records:
            return
        conn = self.session.connection()
        local = self._local_ids([r.report_id for r in records])
        result.local += len(local)
        records = [r for r in records if r.report_id not in local]
        self._ensure_groups(records, provenance)
        writer = ReportWriter(self.keyring, source=f"stix:{self.options.received_from}")
        writer.load_names(conn)
        written = writer.write(conn, records, self.options.received_from or "(stix)")
        result.inserted += written.inserted
        result.updated += written.updated
        result.unchanged += written.unchanged
        result.skipped.extend(str(e) for e in written.errors)
        failed = {e.row for e in written.errors}
        self._record_origins([r.report_id for r in records if r.row not in failed], provenance)

    def _report_body(
        self,
        report: dict[str, Any],
        indicators: list[dict[str, Any]],
        identities: dict[str, dict[str, Any]],
    ) -> tuple[dict[str, Any], dict[str, Any]]:
        ext = o.extension(report)
        author = identities.get(report.get("created_by_ref") or "")
        agency = ext.get("agency") or (self.code_of(author)[0] if author else None)
        agency = agency or self.options.default_agency
        if not agency:
            raise InvalidInput("no owner agency (its author is no known agency; pass --agency)")
        marking = o.marking_of(report)
        items = []
        for indicator in indicators:
            if indicator.get("type") != "indicator":
                continue
            iext = o.extension(indicator)
            if iext.get("identifier_type") and iext.get("value"):
                kind, value = str(iext["identifier_type"]), str(iext["value"])
            else:
                parsed = v.from_pattern(str(indicator.get("pattern") or ""))
                if parsed is None:
                    continue  # a pattern that names no single identifier
                kind, value = parsed
            item = {"type": kind, "value": value, "raw": iext.get("raw") or value}
            if iext.get("country"):
                item["country"] = iext["country"]
            items.append(item)
        fraud_type = ext.get("fraud_type") or next(
            (label for label in report.get("labels") or [] if label in set(FraudType)),
            FraudType.OTHER.value,
        )
        body: dict[str, Any] = {
            "id": ext.get("report_id") or report["id"],
            "agency": agency,
            "country": ext.get("country"),
            "reported_at": str(report.get("published") or report.get("created")).replace(
                "Z", "+00:00"
            ),
            "channel": ext.get("channel"),
            "fraud_type": fraud_type,
            "loss": ext.get("loss"),
            "narrative": report.get("description") or "",
            "marking": (marking or Marking(self.options.default_marking)).value,
            "sharing_group": ext.get("sharing_group"),
            "indicators": items,
        }
        origin = {
            "origin_node": str(ext.get("origin_node") or self.options.received_from or "?"),
            "origin_agency": str(agency).upper(),
            "members": ext.get("sharing_group_members") or [],
        }
        return body, origin

    def _held_versions(self, stix_ids: list[str]) -> dict[str, Any]:
        found = {}
        for start in range(0, len(stix_ids), _CHUNK):
            chunk = stix_ids[start : start + _CHUNK]
            query = select(ReportOrigin.stix_id, ReportOrigin.modified).where(
                ReportOrigin.stix_id.in_(chunk)
            )
            found.update(dict(self.session.execute(query).all()))
        return found

    def _revoked_ids(self, stix_ids: list[str]) -> set[str]:
        found: set[str] = set()
        for start in range(0, len(stix_ids), _CHUNK):
            chunk = stix_ids[start : start + _CHUNK]
            found.update(
                self.session.scalars(
                    select(Revocation.stix_id).where(Revocation.stix_id.in_(chunk))
                )
            )
        return found

    def _local_ids(self, report_ids: list[str]) -> set[str]:
        """Reports held here that did not come from elsewhere: never overwritten from outside."""
        found: set[str] = set()
        for start in range(0, len(report_ids), _CHUNK):
            chunk = report_ids[start : start + _CHUNK]
            query = (
                select(Report.report_id)
                .outerjoin(ReportOrigin, ReportOrigin.report_id == Report.id)
                .where(Report.report_id.in_(chunk), ReportOrigin.report_id.is_(None))
            )
            found.update(self.session.scalars(query))
        return found

    def _ensure_groups(self, records: list[Any], provenance: dict[str, dict[str, Any]]) -> None:
        """An AMBER record's sharing group, created here from its members where missing."""
        wanted: dict[str, set[str]] = {}
        for record in records:
            if record.sharing_group:
                members = wanted.setdefault(record.sharing_group, set())
                members.update(provenance[record.report_id]["members"])
                members.add(record.agency)
        ensure_groups(self.session, wanted)

    def _record_origins(self, report_ids: list[str], provenance: dict[str, dict[str, Any]]) -> None:
        pks: dict[str, int] = {}
        for start in range(0, len(report_ids), _CHUNK):
            chunk = report_ids[start : start + _CHUNK]
            query = select(Report.report_id, Report.id).where(Report.report_id.in_(chunk))
            pks.update({report_id: pk for report_id, pk in self.session.execute(query)})
        known: set[int] = set()
        for start in range(0, len(report_ids), _CHUNK):
            some = [pks[r] for r in report_ids[start : start + _CHUNK]]
            known.update(
                self.session.scalars(
                    select(ReportOrigin.report_id).where(ReportOrigin.report_id.in_(some))
                )
            )
        now = utcnow()
        fresh: list[dict[str, Any]] = []
        moved: list[dict[str, Any]] = []
        for report_id in report_ids:
            p = provenance[report_id]
            row = {
                "report_id": pks[report_id],
                "origin_node": p["origin_node"],
                "origin_agency": p["origin_agency"],
                "stix_id": p["stix_id"],
                "modified": p["modified"],
                "received_from": self.options.received_from,
                "received_at": now,
            }
            (moved if pks[report_id] in known else fresh).append(row)
        if fresh:
            self.session.execute(insert(ReportOrigin), fresh)
        for row in moved:
            self.session.execute(
                update(ReportOrigin).where(ReportOrigin.report_id == row["report_id"]).values(**row)
            )

    # -- revocations ------------------------------------------------------------------------

    def _revoke(
        self,
        reports: list[dict[str, Any]],
        by_id: dict[str, dict[str, Any]],
        result: ImportResult,
    ) -> None:
        for report in reports:
            ext = o.extension(report)
            if self.session.scalar(select(Revocation.id).where(Revocation.stix_id == report["id"])):
                result.stale += 1
                continue
            copy = self.session.execute(
                select(Report, ReportOrigin)
                .join(ReportOrigin, ReportOrigin.report_id == Report.id)
                .where(ReportOrigin.stix_id == report["id"])
            ).first()
            origin_node = str(ext.get("origin_node") or "")
            if copy is None or copy[1].origin_node != origin_node:
                # Not held, or held from another origin: nothing to withdraw here.
                result.stale += 1
                continue
            held, _ = copy
            refs = report.get("object_refs") or []
            indicators = [by_id[i] for i in refs if i in by_id and by_id[i].get("revoked")]
            self.session.execute(delete(Sighting).where(Sighting.report_id == held.id))
            self.session.execute(delete(ReportOrigin).where(ReportOrigin.report_id == held.id))
            self.session.execute(delete(Report).where(Report.id == held.id))
            self.session.add(
                Revocation(
                    report_id=held.report_id,
                    stix_id=report["id"],
                    agency_id=held.agency_id,
                    marking=held.marking,
                    sharing_group_id=held.sharing_group_id,
                    origin_node=origin_node,
                    objects=orjson.dumps([report, *indicators]).decode(),
                    revoked_at=utcnow(),
                )
            )
            result.revoked += 1
        self.session.flush()


def ensure_groups(session: Session, wanted: dict[str, set[str]]) -> None:
    """Each named sharing group, created where missing, with the known agencies among its
    members added (a group named by a peer's record, created from the members it lists)."""
    if not wanted:
        return
    codes = dict(session.execute(select(Agency.code, Agency.id)).all())
    groups = dict(session.execute(select(SharingGroup.name, SharingGroup.id)).all())
    for name, members in wanted.items():
        if name not in groups:
            group = SharingGroup(name=name, description="created by an import from a peer")
            session.add(group)
            session.flush()
            groups[name] = group.id
        have = set(
            session.scalars(
                select(SharingGroupMember.agency_id).where(
                    SharingGroupMember.group_id == groups[name]
                )
            )
        )
        for code in sorted(members):
            if code in codes and codes[code] not in have:
                session.add(SharingGroupMember(group_id=groups[name], agency_id=codes[code]))
    session.flush()
