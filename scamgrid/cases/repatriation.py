"""Repatriation batches: import the list, screen everyone, classify, hand over per agency.

A batch is a CSV of the people handed over at a crossing (names in any script and their
romanisations, date of birth, nationality, passport or ID number, compound of origin). Screening
compares every person with the watch lists and the open rescue requests the importing agency may
see (cases.matching, over the screening library) and classifies them:

- wanted: a watch-list entry of category wanted/sanctioned matches at WANTED_SCORE or more;
- suspect: a weaker watch-list match (REVIEW_SCORE or more), or a suspect-list match: a person
  to interview before release, not a confirmed identity;
- victim: everyone else, the presumption for people leaving a compound; a match with an open
  rescue request is recorded as evidence (the family's case can be closed).

Evidence names matched record ids, scores and reasons, never names. Hand-over lists go to the
agency of the person's nationality, or to the agency whose watch list wants them.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import orjson
from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session

from scamgrid.cases import compounds, matching, watchlists
from scamgrid.cases.ownership import agency_codes, owner
from scamgrid.cases.personal import Person, clean_document, parse_dob, seal, unseal
from scamgrid.cases.rescues import OPEN
from scamgrid.cases.tables import RepatriationBatch, RescueRequest, Returnee
from scamgrid.errors import Conflict, InvalidInput, NotFound
from scamgrid.model.vocabulary import ScreeningClass
from scamgrid.sharing import audit
from scamgrid.store.crypto import KeyRing
from scamgrid.store.tables import Agency, utcnow
from scamgrid.store.visibility import Viewer, visible

WANTED_SCORE = 0.85
REVIEW_SCORE = 0.72
RESCUE_SCORE = 0.85
COLUMNS = ("name", "names", "dob", "nationality", "passport", "id_number", "compound")


@dataclass
class Arrival:
    row: int
    person: Person
    compound: str


def read_batch(path: Path) -> Iterator[Arrival]:
    """Rows of a batch CSV; a bad row stops the import with its file, row and field."""
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        fields = set(reader.fieldnames or [])
        if not fields & {"name", "names"}:
            raise InvalidInput(f"{path}: a batch CSV needs a name column (and names, dob, ...)")
        for number, row in enumerate(reader, start=2):
            where = f"{path}, row {number}"
            names = [
                n.strip()
                for column in ("name", "names")
                for n in (row.get(column) or "").split(";")
                if n.strip()
            ]
            if not names:
                raise InvalidInput(f"{where}, field name: required", row=number, field="name")
            nationality = (row.get("nationality") or "").strip().upper() or None
            if nationality and (len(nationality) != 2 or not nationality.isalpha()):
                raise InvalidInput(
                    f"{where}, field nationality: {nationality!r} is not ISO 3166 alpha-2",
                    row=number,
                    field="nationality",
                )
            documents = [
                d.strip()
                for column in ("passport", "id_number")
                for d in (row.get(column) or "").split(";")
                if d.strip()
            ]
            yield Arrival(
                row=number,
                person=Person(
                    names=names,
                    dob=parse_dob(row.get("dob"), f"{where}, field dob"),
                    documents=documents,
                    nationality=nationality,
                ),
                compound=(row.get("compound") or "").strip(),
            )


def import_batch(
    session: Session,
    viewer: Viewer,
    actor: audit.Actor,
    path: Path,
    reference: str,
    arrived_on: date,
    crossing: str = "",
    marking: str | None = None,
    sharing_group: str | None = None,
) -> dict[str, Any]:
    if session.scalar(select(RepatriationBatch.id).where(RepatriationBatch.reference == reference)):
        raise Conflict(f"batch {reference} already exists")
    if not path.is_file():
        raise InvalidInput(f"{path}: no such file")
    arrivals = list(read_batch(path))
    who = owner(session, viewer, marking, sharing_group)
    batch = RepatriationBatch(
        reference=reference,
        agency_id=who.agency_id,
        marking=who.marking,
        sharing_group_id=who.sharing_group_id,
        crossing=crossing,
        arrived_on=arrived_on,
        source=path.name,
    )
    session.add(batch)
    session.flush()
    ring = KeyRing.load()
    known: dict[str, int | None] = {}
    for arrival in arrivals:
        if arrival.compound and arrival.compound not in known:
            found = compounds.resolve(session, viewer, arrival.compound)
            known[arrival.compound] = found.id if found else None
    session.execute(
        insert(Returnee),
        [
            {
                "batch_id": batch.id,
                "row": a.row,
                "nationality": a.person.nationality,
                "compound_id": known.get(a.compound),
                "compound_text": a.compound,
                "person_sealed": seal(ring, a.person, f"{reference}/{a.row}"),
                "classification": ScreeningClass.UNSCREENED.value,
                "score": 0.0,
                "evidence": "[]",
            }
            for a in arrivals
        ],
    )
    audit.record(
        session,
        actor,
        "repatriation.import",
        "batch",
        reference,
        people=len(arrivals),
        marking=who.marking,
    )
    return summary(session, viewer, reference)


def get(session: Session, viewer: Viewer, reference: str) -> RepatriationBatch:
    batch = session.scalar(
        select(RepatriationBatch).where(
            RepatriationBatch.reference == reference,
            visible(
                viewer,
                RepatriationBatch.marking,
                RepatriationBatch.agency_id,
                RepatriationBatch.sharing_group_id,
            ),
        )
    )
    if batch is None:
        raise NotFound(f"no repatriation batch {reference!r}")
    return batch


def _rescue_targets(session: Session, viewer: Viewer, ring: KeyRing) -> list[matching.Target]:
    rows = session.execute(
        select(RescueRequest.id, RescueRequest.reference, RescueRequest.person_sealed).where(
            RescueRequest.status.in_(OPEN),
            RescueRequest.duplicate_of_id.is_(None),
            visible(
                viewer,
                RescueRequest.marking,
                RescueRequest.agency_id,
                RescueRequest.sharing_group_id,
            ),
        )
    )
    return [
        matching.Target("rescue", pk, ref, "rescue", unseal(ring, blob, ref))
        for pk, ref, blob in rows
    ]


def screen(session: Session, viewer: Viewer, actor: audit.Actor, reference: str) -> dict[str, Any]:
    """Screen (again) every person of the batch; classifications and evidence are rewritten."""
    batch = get(session, viewer, reference)
    ring = KeyRing.load()
    entries = watchlists.persons(session, viewer)
    listed = [
        matching.Target("watchlist", e.id, f"{e.list_name}/{e.entry_id}", e.category, e.person)
        for e in entries
    ]
    owner_of = {e.id: e.agency_id for e in entries}
    index = matching.ScreeningIndex(listed + _rescue_targets(session, viewer, ring))
    returnees = session.execute(
        select(Returnee.id, Returnee.row, Returnee.nationality, Returnee.person_sealed).where(
            Returnee.batch_id == batch.id
        )
    ).all()
    national = _national_agencies(session)
    changes = []
    for pk, row, nationality, sealed in returnees:
        person = unseal(ring, sealed, f"{reference}/{row}")
        hits = index.screen(person, threshold=REVIEW_SCORE)
        verdict, score, evidence, wanted_by = classify(hits)
        receiving = owner_of.get(wanted_by) if wanted_by else None
        changes.append(
            {
                "id": pk,
                "classification": verdict,
                "score": round(score, 4),
                "evidence": orjson.dumps(evidence).decode(),
                "receiving_agency_id": receiving or national.get(nationality or ""),
            }
        )
    # Bulk UPDATE by primary key: one executemany, no per-object session bookkeeping.
    if changes:
        session.execute(update(Returnee), changes)
    batch.screened_at = utcnow()
    counts = Counter(c["classification"] for c in changes)
    audit.record(
        session,
        actor,
        "repatriation.screen",
        "batch",
        reference,
        people=len(changes),
        watchlist_entries=len(listed),
        **{k: counts.get(k, 0) for k in ("wanted", "suspect", "victim")},
    )
    return summary(session, viewer, reference)


def classify(
    hits: list[matching.Hit],
) -> tuple[str, float, list[dict[str, Any]], int | None]:
    """Verdict, its score, the evidence (ids, scores, reasons) and the wanting entry's id."""
    evidence = [h.as_evidence() for h in hits[:5]]
    listed = [h for h in hits if h.target.kind == "watchlist"]
    wanted = [h for h in listed if h.target.category in ("wanted", "sanctioned")]
    if wanted and wanted[0].score >= WANTED_SCORE:
        return ScreeningClass.WANTED.value, wanted[0].score, evidence, wanted[0].target.id
    if listed and listed[0].score >= REVIEW_SCORE:
        return ScreeningClass.SUSPECT.value, listed[0].score, evidence, None
    rescue = [h for h in hits if h.target.kind == "rescue" and h.score >= RESCUE_SCORE]
    score = rescue[0].score if rescue else 0.0
    return ScreeningClass.VICTIM.value, score, evidence, None


def _national_agencies(session: Session) -> dict[str, int]:
    """The agency that receives a country's nationals: the first agency of that country."""
    out: dict[str, int] = {}
    for pk, country in session.execute(select(Agency.id, Agency.country).order_by(Agency.id)):
        out.setdefault(country, pk)
    return out


def summary(session: Session, viewer: Viewer, reference: str) -> dict[str, Any]:
    batch = get(session, viewer, reference)
    codes = agency_codes(session)
    rows = session.execute(
        select(Returnee.classification, Returnee.nationality, Returnee.receiving_agency_id).where(
            Returnee.batch_id == batch.id
        )
    ).all()
    return {
        "reference": batch.reference,
        "agency": codes.get(batch.agency_id),
        "marking": batch.marking,
        "crossing": batch.crossing,
        "arrived_on": batch.arrived_on,
        "screened_at": batch.screened_at,
        "people": len(rows),
        "by_classification": dict(sorted(Counter(r[0] for r in rows).items())),
        "by_nationality": dict(Counter(r[1] or "??" for r in rows).most_common()),
        "by_receiving_agency": dict(
            sorted(Counter(codes.get(r[2] or -1, "-") for r in rows).items())
        ),
    }


def list_batches(session: Session, viewer: Viewer) -> list[dict[str, Any]]:
    refs = session.scalars(
        select(RepatriationBatch.reference)
        .where(
            visible(
                viewer,
                RepatriationBatch.marking,
                RepatriationBatch.agency_id,
                RepatriationBatch.sharing_group_id,
            )
        )
        .order_by(RepatriationBatch.arrived_on.desc(), RepatriationBatch.id.desc())
    )
    return [summary(session, viewer, r) for r in refs]


def people(
    session: Session, viewer: Viewer, reference: str, classification: str | None = None
) -> list[dict[str, Any]]:
    """The screened people of a batch without personal data: row, verdict, evidence."""
    batch = get(session, viewer, reference)
    codes = agency_codes(session)
    query = select(Returnee).where(Returnee.batch_id == batch.id).order_by(Returnee.row)
    if classification:
        query = query.where(Returnee.classification == classification)
    return [
        {
            "row": r.row,
            "nationality": r.nationality,
            "compound": r.compound_text,
            "classification": r.classification,
            "score": r.score,
            "evidence": orjson.loads(r.evidence),
            "receiving_agency": codes.get(r.receiving_agency_id or -1),
        }
        for r in session.scalars(query)
    ]


HANDOVER_COLUMNS = (
    "row",
    "names",
    "dob",
    "nationality",
    "documents",
    "compound",
    "classification",
    "score",
    "evidence",
)


def handover_rows(
    session: Session, viewer: Viewer, actor: audit.Actor, reference: str, agency: str
) -> list[dict[str, str]]:
    """The people a receiving agency takes over, with their personal data (audited)."""
    batch = get(session, viewer, reference)
    if not viewer.system and batch.agency_id != viewer.agency_id:
        raise InvalidInput(f"{reference}: only the agency that holds the batch writes hand-overs")
    receiving = session.scalar(select(Agency.id).where(Agency.code == agency.upper()))
    if receiving is None:
        raise NotFound(f"no agency with code {agency!r}")
    ring = KeyRing.load()
    rows = []
    for r in session.scalars(
        select(Returnee)
        .where(Returnee.batch_id == batch.id, Returnee.receiving_agency_id == receiving)
        .order_by(Returnee.row)
    ):
        person = unseal(ring, r.person_sealed, f"{reference}/{r.row}")
        rows.append(
            {
                "row": str(r.row),
                "names": "; ".join(person.names),
                "dob": person.dob or "",
                "nationality": r.nationality or "",
                "documents": "; ".join(clean_document(d) for d in person.documents),
                "compound": r.compound_text,
                "classification": r.classification,
                "score": f"{r.score:.2f}",
                "evidence": "; ".join(
                    f"{e['kind']}:{e['ref']} ({e['score']:.2f})" for e in orjson.loads(r.evidence)
                ),
            }
        )
    audit.record(
        session,
        actor,
        "repatriation.handover",
        "batch",
        reference,
        to=agency.upper(),
        people=len(rows),
    )
    return rows


def handover_csv(rows: list[dict[str, str]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=HANDOVER_COLUMNS)
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def remove(session: Session, viewer: Viewer, actor: audit.Actor, reference: str) -> None:
    batch = get(session, viewer, reference)
    if not viewer.system and batch.agency_id != viewer.agency_id:
        raise InvalidInput(f"{reference}: only the agency that holds the batch removes it")
    session.execute(delete(Returnee).where(Returnee.batch_id == batch.id))
    session.execute(delete(RepatriationBatch).where(RepatriationBatch.id == batch.id))
    audit.record(session, actor, "repatriation.delete", "batch", reference)
