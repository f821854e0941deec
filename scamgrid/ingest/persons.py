"""Persons named in reports: the optional `persons` array of the report input, read and written.

Each item names one person of interest (`scamgrid.cases.persons`) the way a report knows it:

    {"ref": "CN-MPS-P-0012", "role": "recruiter", "names": ["Wang Wei"], "dob": "1988",
     "documents": ["E12345678"], "nationality": "CN", "share_names": false,
     "identifiers": [{"type": "telegram", "value": "@hr_wang"},
                     {"type": "bank_account", "value": "123-4-56789-0", "bank": "KBANK"}]}

Only `role` is required. `ref` names the person on the node: a ref already stored links this
report to that person (the owner's record is not changed by another agency's report); a new
ref creates the person, owned and marked like the report; without `ref` the person is
`<report id>-P<n>`. The report is linked to the person (`named`), and the person to each of its
identifiers (`holds` accounts and wallets, `uses` the rest, or `relation`), those links owned
and marked like the report and supported by it. In CSV the column `persons` holds the same
array as JSON text. A report re-ingested with other content has its person links replaced.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import orjson
from sqlalchemy import Connection, delete, insert, select, tuple_, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from scamgrid.cases.personal import Person, parse_dob, unseal
from scamgrid.cases.persons import (
    HELD_TYPES,
    IDENTIFIER_RELATIONS,
    REPORT_RELATION,
    ROLES,
    PersonLink,
    PersonOfInterest,
    bound_to,
    sealed_person,
)
from scamgrid.errors import InvalidInput
from scamgrid.store.crypto import KeyRing
from scamgrid.store.tables import Indicator, Report, SharingGroupMember, utcnow
from scamgrid.store.visibility import Viewer, may_see

FIELDS = {"ref", "role", "names", "dob", "documents", "nationality", "share_names", "identifiers"}
CHUNK = 500
REPORT_SOURCE = "report"  # PersonLink.source of the links a report's `persons` made


@dataclass(frozen=True, slots=True)
class PersonIdentifier:
    type: str
    value: str
    raw: str
    relation: str
    country: str | None


@dataclass(slots=True)
class PersonRecord:
    ref: str
    role: str
    names: list[str] = field(default_factory=list)
    dob: str | None = None
    documents: list[str] = field(default_factory=list)
    nationality: str | None = None
    share_names: bool = False
    identifiers: list[PersonIdentifier] = field(default_factory=list)

    def digest_body(self) -> list[Any]:
        return [
            self.ref,
            self.role,
            self.names,
            self.dob,
            self.documents,
            self.nationality,
            self.share_names,
            [(i.type, i.value, i.raw, i.relation) for i in self.identifiers],
        ]


class PersonInvalid(Exception):
    def __init__(self, where: str, reason: str) -> None:
        super().__init__(reason)
        self.field = where
        self.reason = reason


def _strings(item: dict[str, Any], name: str, where: str) -> list[str]:
    value = item.get(name) or []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise PersonInvalid(f"{where}.{name}", "must be a list of text")
    return [v.strip()[:200] for v in value if v.strip()]


def parse_persons(
    value: Any, report_id: str, country: str | None, clean_identifier: Any
) -> list[PersonRecord]:
    """The `persons` of one report row, validated; `clean_identifier(kind, raw, hint, bank)`
    gives the canonical (type, value, country) of an identifier or raises PersonInvalid."""
    if value in (None, "", []):
        return []
    if isinstance(value, str):  # CSV: the array as JSON text
        try:
            value = orjson.loads(value)
        except orjson.JSONDecodeError:
            raise PersonInvalid("persons", "is not a JSON array") from None
    if not isinstance(value, list):
        raise PersonInvalid("persons", "must be a list of objects")
    found: list[PersonRecord] = []
    for index, item in enumerate(value):
        where = f"persons[{index}]"
        if not isinstance(item, dict):
            raise PersonInvalid(where, "must be an object with at least a role")
        unknown = sorted(set(item) - FIELDS)
        if unknown:
            raise PersonInvalid(f"{where}.{unknown[0]}", f"unknown field (known: {sorted(FIELDS)})")
        role = str(item.get("role") or "").strip().lower()
        if role not in ROLES:
            raise PersonInvalid(f"{where}.role", f"{role!r} is not one of {', '.join(ROLES)}")
        ref = str(item.get("ref") or f"{report_id}-P{index + 1}").strip()
        if len(ref) > 100 or any(c.isspace() or c in "/\x00" for c in ref):
            raise PersonInvalid(f"{where}.ref", "1-100 characters, no spaces or '/'")
        nationality = str(item.get("nationality") or "").strip().upper() or None
        if nationality and (len(nationality) != 2 or not nationality.isalpha()):
            raise PersonInvalid(f"{where}.nationality", "an ISO 3166 alpha-2 code")
        try:
            dob = parse_dob(item.get("dob"), f"{where}.dob")
        except InvalidInput as bad:
            raise PersonInvalid(f"{where}.dob", bad.message) from None
        share = item.get("share_names", False)
        if not isinstance(share, bool):
            raise PersonInvalid(f"{where}.share_names", "must be true or false")
        found.append(
            PersonRecord(
                ref=ref,
                role=role,
                names=_strings(item, "names", where),
                dob=dob,
                documents=_strings(item, "documents", where),
                nationality=nationality,
                share_names=share,
                identifiers=_identifiers(item, where, country, clean_identifier),
            )
        )
    return found


def _identifiers(
    item: dict[str, Any], where: str, country: str | None, clean_identifier: Any
) -> list[PersonIdentifier]:
    items = item.get("identifiers") or []
    if not isinstance(items, list):
        raise PersonInvalid(f"{where}.identifiers", "must be a list")
    result: dict[tuple[str, str], PersonIdentifier] = {}
    for k, entry in enumerate(items):
        at = f"{where}.identifiers[{k}]"
        if not isinstance(entry, dict) or not str(entry.get("value") or "").strip():
            raise PersonInvalid(at, "must be an object with type and value")
        raw = str(entry["value"]).strip()[:512]
        kind = str(entry.get("type") or "").strip().lower()
        hint = entry.get("country") or country
        bank = entry.get("bank")
        canonical, value, found_country = clean_identifier(
            kind,
            raw,
            hint if isinstance(hint, str) else None,
            bank if isinstance(bank, str) else None,
            at,
        )
        relation = entry.get("relation") or ("holds" if canonical in HELD_TYPES else "uses")
        if relation not in IDENTIFIER_RELATIONS:
            raise PersonInvalid(f"{at}.relation", f"one of {', '.join(IDENTIFIER_RELATIONS)}")
        result.setdefault(
            (canonical, value), PersonIdentifier(canonical, value, raw, relation, found_country)
        )
    return list(result.values())


@dataclass(frozen=True)
class NamedIn:
    """A report written in this batch, as its person links need it."""

    report_pk: int
    agency_id: int
    marking: str
    sharing_group_id: int | None
    reported_at: datetime
    persons: list[PersonRecord]


@dataclass
class PersonsWritten:
    persons: int = 0  # created or updated
    links: int = 0


@dataclass
class StoredPerson:
    """Who owns a person and how it is marked: what decides who may name it."""

    id: int
    agency_id: int
    marking: str
    sharing_group_id: int | None


class PersonWriter:
    """Writes the persons of a batch of reports, inside the batch's transaction."""

    def __init__(self, keyring: KeyRing) -> None:
        self.keyring = keyring
        self._groups: dict[int, frozenset[int]] = {}
        self.any_links = False
        self.refused: list[Any] = []  # row errors of the batch being written

    def load(self, conn: Connection) -> None:
        groups: dict[int, set[int]] = {}
        for group, agency in conn.execute(
            select(SharingGroupMember.group_id, SharingGroupMember.agency_id)
        ):
            groups.setdefault(agency, set()).add(group)
        self._groups = {agency: frozenset(ids) for agency, ids in groups.items()}
        self.any_links = conn.scalar(select(PersonLink.id).limit(1)) is not None

    def stored(self, conn: Connection, refs: Sequence[str]) -> dict[str, StoredPerson]:
        found: dict[str, StoredPerson] = {}
        for start in range(0, len(refs), CHUNK):
            query = select(
                PersonOfInterest.ref,
                PersonOfInterest.id,
                PersonOfInterest.agency_id,
                PersonOfInterest.marking,
                PersonOfInterest.sharing_group_id,
            ).where(PersonOfInterest.ref.in_(refs[start : start + CHUNK]))
            found.update({row[0]: StoredPerson(*row[1:]) for row in conn.execute(query)})
        return found

    def may_link(self, stored: StoredPerson, agency_id: int) -> bool:
        """May a report of `agency_id` name this stored person? Only if that agency sees it."""
        viewer = Viewer(agency_id=agency_id, group_ids=self._groups.get(agency_id, frozenset()))
        return may_see(viewer, stored.marking, stored.agency_id, stored.sharing_group_id)

    def write(self, conn: Connection, reports: list[NamedIn]) -> PersonsWritten:
        """Replace the person links of every report written in this batch."""
        written = PersonsWritten()
        pks = [r.report_pk for r in reports]
        for start in range(0, len(pks), CHUNK):
            conn.execute(
                # Only what the reports said: an analyst's or a peer's link to a report stays.
                delete(PersonLink).where(
                    PersonLink.report_id.in_(pks[start : start + CHUNK]),
                    PersonLink.source == REPORT_SOURCE,
                )
            )
        named = [r for r in reports if r.persons]
        if not named:
            return written
        stored = self.stored(conn, sorted({p.ref for r in named for p in r.persons}))
        indicators = self._indicator_ids(
            conn, [i for r in named for p in r.persons for i in p.identifiers]
        )
        now = utcnow()
        links: list[dict[str, Any]] = []
        for report in named:
            for record in report.persons:
                person = stored.get(record.ref)
                if person is None:
                    person = self._create(conn, record, report, now)
                    stored[record.ref] = person
                    written.persons += 1
                elif person.agency_id == report.agency_id and self._update(
                    conn, person, record, now
                ):
                    written.persons += 1
                common = {
                    "person_id": person.id,
                    "report_id": report.report_pk,
                    "agency_id": report.agency_id,
                    "marking": report.marking,
                    "sharing_group_id": report.sharing_group_id,
                    "at": report.reported_at,
                    "source": REPORT_SOURCE,
                    "note": "",
                }
                links.append(
                    common | {"relation": REPORT_RELATION, "indicator_id": None, "raw": ""}
                )
                links += [
                    common
                    | {
                        "relation": i.relation,
                        "indicator_id": indicators[(i.type, i.value)],
                        "raw": i.raw,
                    }
                    for i in record.identifiers
                ]
        conn.execute(insert(PersonLink), links)
        written.links = len(links)
        self.any_links = True
        return written

    def _create(
        self, conn: Connection, record: PersonRecord, report: NamedIn, now: datetime
    ) -> StoredPerson:
        """A new person, owned and marked like the report that first names it."""
        blob, digests = sealed_person(self.keyring, record.ref, _person(record))
        pk = conn.execute(
            insert(PersonOfInterest).returning(PersonOfInterest.id),
            {
                "ref": record.ref,
                "role": record.role,
                "agency_id": report.agency_id,
                "marking": report.marking,
                "sharing_group_id": report.sharing_group_id,
                "nationality": record.nationality,
                "share_names": record.share_names,
                "person_sealed": blob,
                "documents": digests,
                "created_at": now,
                "updated_at": now,
            },
        ).scalar_one()
        return StoredPerson(pk, report.agency_id, report.marking, report.sharing_group_id)

    def _update(
        self, conn: Connection, person: StoredPerson, record: PersonRecord, now: datetime
    ) -> bool:
        """The owner's own report adds what it says of the person (names, documents)."""
        sealed = conn.scalar(
            select(PersonOfInterest.person_sealed).where(PersonOfInterest.id == person.id)
        )
        known = unseal(self.keyring, sealed or b"", bound_to(record.ref))
        merged = Person(
            names=[*known.names, *(n for n in record.names if n not in known.names)],
            dob=record.dob or known.dob,
            documents=[
                *known.documents,
                *(d for d in record.documents if d not in known.documents),
            ],
            nationality=record.nationality or known.nationality,
            notes=known.notes,
        )
        if merged == known:
            return False
        blob, digests = sealed_person(self.keyring, record.ref, merged)
        conn.execute(
            update(PersonOfInterest)
            .where(PersonOfInterest.id == person.id)
            .values(
                person_sealed=blob,
                documents=digests,
                nationality=merged.nationality,
                updated_at=now,
            )
        )
        return True

    def _indicator_ids(
        self, conn: Connection, items: list[PersonIdentifier]
    ) -> dict[tuple[str, str], int]:
        wanted = {(i.type, i.value): i.country for i in items}
        if not wanted:
            return {}
        keys = sorted(wanted)
        ids: dict[tuple[str, str], int] = {}
        for start in range(0, len(keys), CHUNK):
            chunk = keys[start : start + CHUNK]
            query = select(Indicator.type, Indicator.value, Indicator.id).where(
                tuple_(Indicator.type, Indicator.value).in_(chunk)
            )
            ids.update({(t, v): pk for t, v, pk in conn.execute(query)})
        missing = [k for k in keys if k not in ids]
        if missing:
            dialect_insert = pg_insert if conn.dialect.name == "postgresql" else sqlite_insert
            conn.execute(
                dialect_insert(Indicator).on_conflict_do_nothing(),
                [
                    {
                        "type": t,
                        "value": v,
                        "country": wanted[(t, v)],
                        "valid": True,
                        "created_at": utcnow(),
                    }
                    for t, v in missing
                ],
            )
            for start in range(0, len(missing), CHUNK):
                query = select(Indicator.type, Indicator.value, Indicator.id).where(
                    tuple_(Indicator.type, Indicator.value).in_(missing[start : start + CHUNK])
                )
                ids.update({(t, v): pk for t, v, pk in conn.execute(query)})
        return ids


def _person(record: PersonRecord) -> Person:
    return Person(
        names=record.names,
        dob=record.dob,
        documents=record.documents,
        nationality=record.nationality,
    )


def report_keys(conn: Connection, report_ids: Sequence[str]) -> dict[str, tuple[int, str]]:
    """report id -> (pk, content hash) of the stored reports among `report_ids`."""
    found: dict[str, tuple[int, str]] = {}
    for start in range(0, len(report_ids), CHUNK):
        query = select(Report.report_id, Report.id, Report.content_hash).where(
            Report.report_id.in_(report_ids[start : start + CHUNK])
        )
        found.update({rid: (pk, digest) for rid, pk, digest in conn.execute(query)})
    return found
