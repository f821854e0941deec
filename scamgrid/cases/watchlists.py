"""Watch lists in the store: wanted and sanctioned persons, from CSV or FollowTheMoney JSON lines.

`load` reads a file (through the screening library's readers where they exist, so `scamgrid
screen FILE` and the store agree on what a row means), seals every person, indexes document
numbers blindly, and replaces entries already loaded under the same list and id. `persons`
opens the entries a viewer may see, for screening in memory.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson
from sqlalchemy import delete, insert, select, tuple_
from sqlalchemy.orm import Session

from scamgrid.cases.ownership import owner
from scamgrid.cases.personal import Person, document_digests, parse_dob, seal, unseal
from scamgrid.cases.tables import DocumentIndex, WatchlistEntry
from scamgrid.errors import InvalidInput
from scamgrid.model.vocabulary import Marking
from scamgrid.sharing import audit
from scamgrid.store.crypto import KeyRing
from scamgrid.store.tables import utcnow
from scamgrid.store.visibility import Viewer, visible

CATEGORIES = ("wanted", "sanctioned", "suspect")
# FollowTheMoney properties that name a person, and the topics that make one wanted.
FTM_NAMES = ("name", "alias", "weakAlias", "previousName", "firstName", "lastName")
FTM_DOCUMENTS = ("passportNumber", "idNumber", "taxNumber")
WANTED_TOPICS = {"wanted", "crime", "crime.fraud", "crime.traffick", "crime.cyber"}
CHUNK = 2000


@dataclass
class ListedPerson:
    entry_id: str
    person: Person
    category: str = "wanted"
    reason: str = ""


@dataclass
class LoadSummary:
    list_name: str
    loaded: int
    replaced: int

    def as_dict(self) -> dict[str, Any]:
        return {"list": self.list_name, "loaded": self.loaded, "replaced": self.replaced}


def _split(value: str | None) -> list[str]:
    return [v.strip() for v in (value or "").split(";") if v.strip()]


def read_csv(path: Path) -> Iterator[ListedPerson]:
    """CSV: id, name, aliases (;), dob, nationality, passport / documents (;), category, reason."""
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        fields = set(reader.fieldnames or [])
        if "id" not in fields or not fields & {"name", "names"}:
            raise InvalidInput(f"{path}: a watch-list CSV needs columns id and name")
        for number, row in enumerate(reader, start=2):
            where = f"{path}, row {number}"
            names = _split(row.get("name")) + _split(row.get("names")) + _split(row.get("aliases"))
            if not row.get("id") or not names:
                raise InvalidInput(f"{where}, field id/name: required", row=number)
            category = (row.get("category") or "wanted").strip().lower()
            if category not in CATEGORIES:
                raise InvalidInput(f"{where}, field category: one of {list(CATEGORIES)}")
            nationality = (row.get("nationality") or "").strip().upper() or None
            if nationality and len(nationality) != 2:
                raise InvalidInput(f"{where}, field nationality: an ISO 3166 alpha-2 code")
            documents = _split(row.get("passport")) + _split(row.get("documents"))
            yield ListedPerson(
                entry_id=row["id"].strip(),
                person=Person(
                    names=names,
                    dob=parse_dob(row.get("dob"), f"{where}, field dob"),
                    documents=documents + _split(row.get("id_number")),
                    nationality=nationality,
                ),
                category=category,
                reason=(row.get("reason") or "").strip(),
            )


def read_ftm(path: Path) -> Iterator[ListedPerson]:
    """FollowTheMoney / OpenSanctions entities, one JSON object a line; Person schema only."""
    with path.open("rb") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                entity = orjson.loads(line)
            except orjson.JSONDecodeError as error:
                raise InvalidInput(f"{path}, line {number}: not JSON ({error})") from None
            if entity.get("schema") != "Person":
                continue
            props: dict[str, list[str]] = entity.get("properties") or {}
            names = [n for key in FTM_NAMES for n in props.get(key, [])]
            if not entity.get("id") or not names:
                raise InvalidInput(f"{path}, line {number}, field id/name: required")
            births = props.get("birthDate") or []
            dob = None
            if births:
                value = births[0]
                dob = parse_dob(value if len(value) in (4, 10) else value[:4], f"line {number}")
            countries = props.get("nationality") or props.get("citizenship") or []
            topics = set(props.get("topics") or [])
            category = "wanted" if topics & WANTED_TOPICS or not topics else "sanctioned"
            yield ListedPerson(
                entry_id=str(entity["id"]),
                person=Person(
                    names=names,
                    dob=dob,
                    documents=[d for key in FTM_DOCUMENTS for d in props.get(key, [])],
                    nationality=countries[0].upper()[:2] if countries else None,
                ),
                category=category,
                reason="; ".join(props.get("notes", [])[:1] + props.get("program", [])[:1]),
            )


def read_file(path: Path) -> Iterator[ListedPerson]:
    if not path.is_file():
        raise InvalidInput(f"{path}: no such file")
    if path.suffix.lower() in (".jsonl", ".json", ".ftm", ".ndjson"):
        return read_ftm(path)
    return read_csv(path)


def _chunks(items: list[ListedPerson]) -> Iterable[list[ListedPerson]]:
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]


def load(
    session: Session,
    viewer: Viewer,
    actor: audit.Actor,
    path: Path,
    list_name: str | None = None,
    marking: str | None = Marking.AMBER.value,
    sharing_group: str | None = None,
) -> LoadSummary:
    """Load (or reload) a watch list; entries keep their id, the rest of the list is kept."""
    name = list_name or path.stem
    people = list(read_file(path))
    who = owner(session, viewer, marking, sharing_group)
    ring = KeyRing.load()
    replaced = 0
    now = utcnow()
    for chunk in _chunks(people):
        ids = [p.entry_id for p in chunk]
        old = list(
            session.scalars(
                select(WatchlistEntry.id).where(
                    tuple_(WatchlistEntry.list_name, WatchlistEntry.entry_id).in_(
                        [(name, i) for i in ids]
                    )
                )
            )
        )
        if old:
            replaced += len(old)
            session.execute(
                delete(DocumentIndex).where(
                    DocumentIndex.owner_type == "watchlist", DocumentIndex.owner_id.in_(old)
                )
            )
            session.execute(delete(WatchlistEntry).where(WatchlistEntry.id.in_(old)))
        session.execute(
            insert(WatchlistEntry),
            [
                {
                    "list_name": name,
                    "entry_id": p.entry_id,
                    "category": p.category,
                    "nationality": p.person.nationality,
                    "reason": p.reason,
                    "agency_id": who.agency_id,
                    "marking": who.marking,
                    "sharing_group_id": who.sharing_group_id,
                    "person_sealed": seal(ring, p.person, f"{name}/{p.entry_id}"),
                    "created_at": now,
                }
                for p in chunk
            ],
        )
        pks = {
            entry: pk
            for entry, pk in session.execute(
                select(WatchlistEntry.entry_id, WatchlistEntry.id).where(
                    WatchlistEntry.list_name == name, WatchlistEntry.entry_id.in_(ids)
                )
            )
        }
        rows = [
            {"digest": d, "owner_type": "watchlist", "owner_id": pks[p.entry_id]}
            for p in chunk
            for d in document_digests(p.person)
        ]
        if rows:
            session.execute(insert(DocumentIndex), rows)
    audit.record(
        session,
        actor,
        "watchlist.load",
        "watchlist",
        name,
        entries=len(people),
        replaced=replaced,
        marking=who.marking,
    )
    return LoadSummary(name, len(people), replaced)


@dataclass(frozen=True)
class StoredEntry:
    id: int
    list_name: str
    entry_id: str
    category: str
    agency_id: int
    person: Person


def persons(session: Session, viewer: Viewer) -> list[StoredEntry]:
    """Every watch-list entry the viewer may see, opened in memory for screening."""
    ring = KeyRing.load()
    rows = session.execute(
        select(
            WatchlistEntry.id,
            WatchlistEntry.list_name,
            WatchlistEntry.entry_id,
            WatchlistEntry.category,
            WatchlistEntry.agency_id,
            WatchlistEntry.person_sealed,
        ).where(
            visible(
                viewer,
                WatchlistEntry.marking,
                WatchlistEntry.agency_id,
                WatchlistEntry.sharing_group_id,
            )
        )
    )
    return [
        StoredEntry(pk, name, eid, cat, agency, unseal(ring, blob, f"{name}/{eid}"))
        for pk, name, eid, cat, agency, blob in rows
    ]
