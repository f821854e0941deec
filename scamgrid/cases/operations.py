"""Joint operations: agencies of several countries against compounds and syndicates.

An operation names its lead agency (the owner), the partner agencies, its date, its targets and
what it touched (compounds, syndicates, identifiers, reports, rescue requests, batches), and its
results: people released and detained by nationality, and evidence seized. Raiding a compound
through an operation also writes the compound's status timeline.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

import orjson
from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from scamgrid.cases import compounds
from scamgrid.cases.ownership import agency_codes, owner
from scamgrid.cases.tables import Operation, OperationAgency, OperationLink, OperationResult
from scamgrid.errors import Conflict, Forbidden, InvalidInput, NotFound
from scamgrid.model.vocabulary import CompoundStatus, OperationOutcome
from scamgrid.sharing import audit
from scamgrid.store.tables import Agency
from scamgrid.store.visibility import Viewer, visible

LINK_KINDS = ("compound", "syndicate", "indicator", "report", "rescue", "batch")


@dataclass
class OperationInput:
    reference: str
    name: str
    started_on: date
    agencies: list[str] = field(default_factory=list)
    targets: list[dict[str, str]] = field(default_factory=list)  # [{kind, ref}]
    released: dict[str, int] = field(default_factory=dict)  # nationality -> people
    detained: dict[str, int] = field(default_factory=dict)
    evidence: dict[str, int] = field(default_factory=dict)  # item -> count
    summary: str = ""
    raided: bool = True  # target compounds become `raided` on the operation's date
    marking: str | None = None
    sharing_group: str | None = None

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> OperationInput:
        for name in ("reference", "name", "started_on"):
            if not str(data.get(name) or "").strip():
                raise InvalidInput(f"{name}: required", field=name)
        try:
            started = date.fromisoformat(str(data["started_on"]))
        except ValueError:
            raise InvalidInput("started_on: YYYY-MM-DD", field="started_on") from None
        known = set(cls.__dataclass_fields__)
        if set(data) - known:
            raise InvalidInput(f"unknown operation fields: {sorted(set(data) - known)}")
        return cls(**{**data, "started_on": started})


def _visible(viewer: Viewer) -> Select[Operation]:
    return select(Operation).where(
        visible(viewer, Operation.marking, Operation.agency_id, Operation.sharing_group_id)
    )


def _counts(where: str, values: dict[str, int]) -> dict[str, int]:
    out = {}
    for country, count in values.items():
        code = str(country).strip().upper()
        if len(code) != 2 or not code.isalpha():
            raise InvalidInput(f"{where}: nationality {country!r} is not ISO 3166 alpha-2")
        if not isinstance(count, int) or count < 0:
            raise InvalidInput(f"{where}.{code}: a count of people (0 or more)")
        out[code] = count
    return out


def record_operation(
    session: Session, viewer: Viewer, actor: audit.Actor, data: OperationInput
) -> dict[str, Any]:
    if session.scalar(select(Operation.id).where(Operation.reference == data.reference)):
        raise Conflict(f"operation {data.reference} already exists")
    who = owner(session, viewer, data.marking, data.sharing_group)
    released = _counts("released", data.released)
    detained = _counts("detained", data.detained)
    operation = Operation(
        reference=data.reference,
        name=data.name,
        agency_id=who.agency_id,
        marking=who.marking,
        sharing_group_id=who.sharing_group_id,
        started_on=data.started_on,
        summary=data.summary,
        evidence=orjson.dumps(data.evidence).decode(),
    )
    session.add(operation)
    session.flush()
    partners = {who.agency_code, *(a.upper() for a in data.agencies)}
    for code in sorted(partners):
        agency = session.scalar(select(Agency.id).where(Agency.code == code))
        if agency is None:
            raise NotFound(f"agencies: no agency with code {code!r}")
        session.add(OperationAgency(operation_id=operation.id, agency_id=agency))
    for outcome, counts in (
        (OperationOutcome.RELEASED, released),
        (OperationOutcome.DETAINED, detained),
    ):
        for country, count in counts.items():
            session.add(
                OperationResult(
                    operation_id=operation.id,
                    outcome=outcome.value,
                    nationality=country,
                    count=count,
                )
            )
    for target in data.targets:
        link(
            session,
            viewer,
            actor,
            data.reference,
            target.get("kind", ""),
            target.get("ref", ""),
            operation,
        )
    if data.raided:
        from datetime import UTC, datetime, time

        moment = datetime.combine(data.started_on, time(), tzinfo=UTC)
        for target in data.targets:
            if target.get("kind") != "compound":
                continue
            compound = compounds.get(session, viewer, target["ref"])
            if viewer.system or compound.agency_id == viewer.agency_id:
                compounds.set_status(
                    session,
                    viewer,
                    actor,
                    compound.key,
                    CompoundStatus.RAIDED,
                    moment,
                    note=f"operation {data.reference}",
                )
    audit.record(
        session,
        actor,
        "operation.create",
        "operation",
        data.reference,
        agencies=sorted(partners),
        released=sum(released.values()),
        detained=sum(detained.values()),
    )
    return as_dict(session, operation)


def link(
    session: Session,
    viewer: Viewer,
    actor: audit.Actor,
    reference: str,
    kind: str,
    ref: str,
    operation: Operation | None = None,
) -> None:
    operation = operation or get(session, viewer, reference)
    if not viewer.system and operation.agency_id != viewer.agency_id:
        partner = session.scalar(
            select(OperationAgency.agency_id).where(
                OperationAgency.operation_id == operation.id,
                OperationAgency.agency_id == viewer.agency_id,
            )
        )
        if partner is None:
            raise Forbidden(f"{reference}: only its agencies may add to it")
    if kind not in LINK_KINDS or not ref:
        raise InvalidInput(f"targets: kind one of {list(LINK_KINDS)} and a ref", field="targets")
    if kind == "compound":
        compound = compounds.get(session, viewer, ref)
        compounds.link(session, viewer, actor, compound.key, "operation", operation.reference)
    exists = session.scalar(
        select(OperationLink.id).where(
            OperationLink.operation_id == operation.id,
            OperationLink.kind == kind,
            OperationLink.ref == ref,
        )
    )
    if exists is None:
        session.add(OperationLink(operation_id=operation.id, kind=kind, ref=ref))
        session.flush()


def get(session: Session, viewer: Viewer, reference: str) -> Operation:
    operation = session.scalar(_visible(viewer).where(Operation.reference == reference))
    if operation is None:
        raise NotFound(f"no operation {reference!r}")
    return operation


def list_operations(session: Session, viewer: Viewer) -> list[dict[str, Any]]:
    query = _visible(viewer).order_by(Operation.started_on.desc(), Operation.id.desc())
    return [as_dict(session, o) for o in session.scalars(query)]


def as_dict(session: Session, operation: Operation) -> dict[str, Any]:
    codes = agency_codes(session)
    results: dict[str, dict[str, int]] = {o.value: {} for o in OperationOutcome}
    for r in session.scalars(
        select(OperationResult).where(OperationResult.operation_id == operation.id)
    ):
        results[r.outcome][r.nationality] = r.count
    return {
        "reference": operation.reference,
        "name": operation.name,
        "lead": codes.get(operation.agency_id),
        "agencies": sorted(
            codes[a]
            for a in session.scalars(
                select(OperationAgency.agency_id).where(
                    OperationAgency.operation_id == operation.id
                )
            )
        ),
        "started_on": operation.started_on,
        "marking": operation.marking,
        "summary": operation.summary,
        "released": results[OperationOutcome.RELEASED],
        "detained": results[OperationOutcome.DETAINED],
        "evidence": orjson.loads(operation.evidence),
        "links": [
            {"kind": k, "ref": r}
            for k, r in session.execute(
                select(OperationLink.kind, OperationLink.ref)
                .where(OperationLink.operation_id == operation.id)
                .order_by(OperationLink.kind, OperationLink.ref)
            )
        ],
    }
