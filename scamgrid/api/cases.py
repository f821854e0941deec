"""Casework routes: compounds, rescue requests and their transitions, batches, operations, stats.

Thin: parse, call scamgrid.cases, return. Markings are enforced in the case modules' queries.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, Body, Depends, Query
from sqlalchemy.orm import Session

from scamgrid.api.deps import actor, db_session, viewer
from scamgrid.cases import compounds, operations, repatriation, rescues, situation, stats
from scamgrid.errors import InvalidInput
from scamgrid.model.vocabulary import RescueStatus
from scamgrid.sharing import audit
from scamgrid.store.visibility import Viewer

router = APIRouter(prefix="/api/v1", tags=["cases"])
T = TypeVar("T")
Deps = tuple[Session, Viewer, audit.Actor]
Key = Annotated[str, Query(min_length=1, max_length=64)]
RESCUE_EXAMPLE = {
    "person": {
        "names": ["王伟", "Wang Wei"],
        "dob": "1998-04-12",
        "documents": ["E12345678"],
        "nationality": "CN",
    },
    "source": "family",
    "urgency": "high",
    "compound": "KK园区",
    "ransom": {"amount": 30000, "currency": "USDT", "wallet": "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t"},
    "marking": "TLP:AMBER",
}
OPERATION_EXAMPLE = {
    "reference": "OP-2025-010",
    "name": "Operation Dawn Bridge",
    "started_on": "2025-02-05",
    "agencies": ["CN-MPS", "MM-MPF"],
    "targets": [{"kind": "compound", "ref": "kk-park"}],
    "released": {"CN": 410},
    "detained": {"CN": 38},
    "evidence": {"phones": 3200},
    "marking": "TLP:GREEN",
}


def _deps(
    session: Annotated[Session, Depends(db_session, scope="function")],
    who: Annotated[Viewer, Depends(viewer)],
    by: Annotated[audit.Actor, Depends(actor)],
) -> Deps:
    return session, who, by


Ctx = Annotated[Deps, Depends(_deps)]


def _parse(build: Callable[[dict[str, Any]], T], body: dict[str, Any]) -> T:
    """Build an input from a JSON body; values of the wrong type are bad input, not a crash."""
    try:
        return build(body)
    except (TypeError, AttributeError, ValueError) as error:
        raise InvalidInput(f"body: {error}") from None


@router.get("/compounds", summary="Compounds you may see")
def list_compounds(
    deps: Ctx,
    country: Annotated[str | None, Query(max_length=2)] = None,
    status: Annotated[str | None, Query(max_length=20)] = None,
) -> list[dict[str, Any]]:
    return compounds.list_compounds(deps[0], deps[1], country, status)


@router.get("/compounds/{key}", summary="One compound with its timeline and links")
def get_compound(deps: Ctx, key: str) -> dict[str, Any]:
    session, who, _ = deps
    return compounds.as_dict(session, who, compounds.get(session, who, key))


@router.get("/rescue-requests", summary="Rescue requests you may see, newest first")
def list_rescues(
    deps: Ctx,
    status: RescueStatus | None = None,
    overdue: bool = False,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> dict[str, Any]:
    total, items = rescues.list_requests(
        deps[0], deps[1], status.value if status else None, overdue, limit, offset
    )
    return {"total": total, "items": items}


@router.post("/rescue-requests", status_code=201, summary="Open a rescue request")
def create_rescue(
    deps: Ctx, body: Annotated[dict[str, Any], Body(examples=[RESCUE_EXAMPLE])]
) -> dict[str, Any]:
    return rescues.create(*deps, _parse(rescues.RescueInput.from_dict, body))


@router.get("/rescue-requests/{reference}", summary="One rescue request with its history")
def get_rescue(deps: Ctx, reference: str) -> dict[str, Any]:
    return rescues.read(*deps, reference)


@router.post("/rescue-requests/{reference}/transitions", summary="Move a request to its next state")
def move_rescue(
    deps: Ctx,
    reference: str,
    body: Annotated[dict[str, Any], Body(examples=[{"status": "verified", "note": "called"}])],
) -> dict[str, Any]:
    return rescues.transition(
        *deps, reference, str(body.get("status", "")), str(body.get("note") or "")
    )


@router.post("/rescue-requests/{reference}/assignment", summary="Assign a request to an agency")
def assign_rescue(
    deps: Ctx,
    reference: str,
    body: Annotated[dict[str, Any], Body(examples=[{"agency": "CN-MPS"}])],
) -> dict[str, Any]:
    return rescues.assign(*deps, reference, str(body.get("agency", "")))


@router.get("/repatriation-batches", summary="Repatriation batches you may see")
def list_batches(deps: Ctx) -> list[dict[str, Any]]:
    return repatriation.list_batches(deps[0], deps[1])


@router.get("/repatriation-batches/{reference}", summary="A batch: counts and screened people")
def get_batch(deps: Ctx, reference: str) -> dict[str, Any]:
    session, who, _ = deps
    body = repatriation.summary(session, who, reference)
    body["people"] = repatriation.people(session, who, reference)
    return body


@router.post("/repatriation-batches/{reference}/screening", summary="Screen a batch (again)")
def screen_batch(deps: Ctx, reference: str) -> dict[str, Any]:
    return repatriation.screen(*deps, reference)


@router.get("/operations", summary="Joint operations you may see")
def list_operations(deps: Ctx) -> list[dict[str, Any]]:
    return operations.list_operations(deps[0], deps[1])


@router.post("/operations", status_code=201, summary="Record a joint operation")
def create_operation(
    deps: Ctx, body: Annotated[dict[str, Any], Body(examples=[OPERATION_EXAMPLE])]
) -> dict[str, Any]:
    return operations.record_operation(*deps, _parse(operations.OperationInput.from_dict, body))


@router.get("/stats", summary="Statistics of what you may see, by country and month")
def get_stats(
    deps: Ctx,
    period: Annotated[str | None, Query(pattern=r"^\d{4}-\d{2}$")] = None,
) -> dict[str, Any]:
    session, who, _ = deps
    if period:
        return situation.build(session, who, period).as_dict()
    return stats.collect(session, who).as_dict()
