"""STIX bundles as files: `scamgrid share export --format stix` and `scamgrid share import`.

Export streams the pages of a `Source` into one bundle, keeping one small entry per exported
report, then adds their context (compounds, syndicates, persons of interest and their
relationships; context.py), which reads the viewer's link graph as `graph syndicates` does.
Import parses every object with the `stix2` library first (a malformed object is named by its
index and refused before anything is written), then hands them to a `Sink` in one
transaction, and the compounds, persons and their ties to context_sink.py.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import IO, Any

import orjson
import stix2
from sqlalchemy.orm import Session
from stix2.exceptions import STIXError

from scamgrid.errors import InvalidInput
from scamgrid.sharing import audit
from scamgrid.sharing.stix.context import Context
from scamgrid.sharing.stix.context_sink import import_context
from scamgrid.sharing.stix.sink import ImportOptions, ImportResult, Sink
from scamgrid.sharing.stix.source import Scope, Source


def export_bundle(
    session: Session, scope: Scope, out: IO[bytes], actor: audit.Actor, node: str | None = None
) -> int:
    """Write every object of `scope` as one STIX 2.1 bundle; returns the number of objects."""
    source = Source(session, scope, node)
    context = Context(session, scope, source.node)
    out.write(b'{"type": "bundle", "id": "bundle--' + str(uuid.uuid4()).encode())
    out.write(b'", "objects": [')
    count = 0
    for page in source.pages():
        for obj in page.objects:
            out.write(b",\n" if count else b"\n")
            out.write(orjson.dumps(obj))
            count += 1
            context.note(obj)
    reports = len(context.reports)
    for obj in context.objects():
        out.write(b",\n" if count else b"\n")
        out.write(orjson.dumps(obj))
        count += 1
    out.write(b"\n]}\n")
    audit.record(
        session,
        actor,
        "share.export",
        "bundle",
        "stix",
        objects=count,
        reports=reports,
        as_agency=scope.viewer.agency_code,
    )
    return count


def read_bundle(path: Path) -> list[dict[str, Any]]:
    """The objects of a STIX 2.1 bundle file, each checked by the `stix2` library."""
    try:
        bundle = orjson.loads(path.read_bytes())
    except orjson.JSONDecodeError as error:
        raise InvalidInput(f"{path}: not valid JSON: {error}") from None
    if not isinstance(bundle, dict) or bundle.get("type") != "bundle":
        raise InvalidInput(f"{path}: not a STIX bundle (no top-level type 'bundle')")
    objects = bundle.get("objects") or []
    if not isinstance(objects, list):
        raise InvalidInput(f"{path}: objects: must be a list")
    for index, obj in enumerate(objects):
        try:
            stix2.parse(obj, allow_custom=True, version="2.1")
        except (STIXError, ValueError, TypeError) as error:
            name = obj.get("id") if isinstance(obj, dict) else None
            raise InvalidInput(f"{path}: objects[{index}] ({name}): {error}") from None
    return objects


def import_bundle(
    session: Session, path: Path, options: ImportOptions, actor: audit.Actor, node: str
) -> ImportResult:
    objects = read_bundle(path)
    sink = Sink(session, node, options)
    result = sink.write(objects)
    import_context(session, sink, objects, actor, result)
    audit.record(
        session,
        actor,
        "share.import",
        "bundle",
        path.name,
        objects=len(objects),
        inserted=result.inserted,
        updated=result.updated,
        revoked=result.revoked,
        compounds=result.compounds,
        compound_links=result.compound_links,
        persons=result.persons,
        person_links=result.person_links,
    )
    return result
