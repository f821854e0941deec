"""Adding objects to a collection: checks, the write, and the TAXII status resource.

An agency adds only its own records (the author of every report and indicator is the caller's
agency), an open feed takes only CLEAR and GREEN, and AMBER records added to a group collection
are filed under that group. Objects that break a rule are listed as failures; the rest are
written in one transaction.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.orm import Session

from scamgrid.model.vocabulary import Marking
from scamgrid.sharing import audit
from scamgrid.sharing.stix import objects as o
from scamgrid.sharing.stix import vocabulary as v
from scamgrid.sharing.stix.sink import ImportOptions, Sink
from scamgrid.sharing.taxii.collections import Collection
from scamgrid.store.visibility import Viewer

AUTHORED = {"report", "indicator"}
OPEN = {Marking.CLEAR, Marking.GREEN}


def _refusal(obj: dict[str, Any], collection: Collection, viewer: Viewer) -> str | None:
    kind = obj.get("type")
    if kind not in AUTHORED:
        return None
    author = o.extension(obj).get("agency")
    if not viewer.system:
        mine = v.agency_stix_id(viewer.agency_code or "")
        if obj.get("created_by_ref") != mine or (author and author != viewer.agency_code):
            return f"only records of {viewer.agency_code} may be added with this token"
    marking = o.marking_of(obj)
    if marking is None:
        return "the object carries no TLP marking"
    if marking.value in v.NEVER_SHARED:
        return f"{marking.value} records are never shared"
    if collection.group_id is None and marking not in OPEN:
        return f"an open feed takes TLP:CLEAR and TLP:GREEN only, not {marking.value}"
    if collection.group_name and kind == "report" and marking is Marking.AMBER:
        ext = obj.setdefault("extensions", {}).setdefault(
            v.EXTENSION_ID, {"extension_type": "property-extension"}
        )
        group = ext.setdefault("sharing_group", collection.group_name)
        if group != collection.group_name:
            return f"filed under sharing group {group!r}, not this collection's"
    return None


def add_objects(
    session: Session,
    collection: Collection,
    viewer: Viewer,
    actor: audit.Actor,
    objects: list[Any],
    node: str,
) -> dict[str, Any]:
    """Write what may be written; the status resource of the request (always complete)."""
    requested = datetime.now(UTC)
    accepted: list[dict[str, Any]] = []
    failures = []
    for obj in objects:
        if not isinstance(obj, dict) or not isinstance(obj.get("id"), str):
            failures.append({"id": "", "message": "not a STIX object with an id"})
            continue
        reason = _refusal(obj, collection, viewer)
        if reason:
            failures.append({"id": obj["id"], "version": _version(obj), "message": reason})
        else:
            accepted.append(obj)
    options = ImportOptions(received_from=f"taxii:{actor.name}", default_agency=viewer.agency_code)
    result = Sink(session, node, options).write(accepted)
    skipped = {s.split(":", 1)[0] for s in result.skipped}
    successes = []
    for obj in accepted:
        if obj["id"] in skipped:
            failures.append({"id": obj["id"], "version": _version(obj), "message": "invalid"})
        else:
            successes.append({"id": obj["id"], "version": _version(obj)})
    audit.record(
        session,
        actor,
        "taxii.add",
        "collection",
        collection.id,
        objects=len(objects),
        inserted=result.inserted,
        updated=result.updated,
        revoked=result.revoked,
        failures=len(failures),
    )
    return {
        "id": str(uuid.uuid4()),
        "status": "complete",
        "request_timestamp": v.timestamp(requested),
        "total_count": len(objects),
        "success_count": len(successes),
        "successes": successes,
        "failure_count": len(failures),
        "failures": failures,
        "pending_count": 0,
        "pendings": [],
    }


def _version(obj: dict[str, Any]) -> str:
    return str(obj.get("modified") or obj.get("created") or "")
