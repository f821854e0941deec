"""The TAXII 2.1 server under /taxii2/: discovery, one API root, collections, objects, status.

Authentication is the platform's bearer tokens; the token's agency decides what is listed and
seen (store.visibility) and its role whether it may add objects. Every answer is
`application/taxii+json;version=2.1`. Routes only parse and format: the work is in
collections.py, listing.py and intake.py.
"""

from __future__ import annotations

from typing import Annotated, Any

import orjson
from fastapi import APIRouter, Body, Depends, Query, Request, Response
from fastapi.security import HTTPAuthorizationCredentials
from sqlalchemy.orm import Session

from scamgrid import settings
from scamgrid.api import deps
from scamgrid.errors import Forbidden, InvalidInput, NotAcceptable, NotFound
from scamgrid.sharing import audit
from scamgrid.sharing.accounts import Principal, Unauthenticated
from scamgrid.sharing.stix.source import Source
from scamgrid.sharing.taxii import collections, intake, listing
from scamgrid.sharing.taxii import status as statuses
from scamgrid.store.visibility import Viewer

TAXII = "application/taxii+json;version=2.1"
ROOT = "/taxii2/"
API_ROOT = "/taxii2/api/"
MAX_CONTENT_LENGTH = 8 * 1024 * 1024

router = APIRouter(tags=["taxii"], include_in_schema=False)


class TaxiiResponse(Response):
    media_type = TAXII

    def render(self, content: Any) -> bytes:
        return orjson.dumps(content)


class Caller:
    def __init__(self, who: Principal, sees: Viewer) -> None:
        self.who = who
        self.viewer = sees
        self.actor = audit.Actor(who.email, who.agency_code)


def caller(
    request: Request,
    session: Annotated[Session, Depends(deps.db_session, scope="function")],
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(deps.bearer)],
) -> Caller:
    """Any valid token reads; `_writer` narrows adding objects to admins and analysts."""
    if credentials is None:
        raise Unauthenticated("a bearer token is required")
    accept = request.headers.get("accept", "")
    if accept and not any(t in accept for t in ("application/taxii+json", "*/*", "application/*")):
        raise NotAcceptable(f"this TAXII server answers {TAXII}, not {accept}")
    who, sees = deps._authenticated(request, session, credentials.credentials)
    request.state.principal = who
    route = request.scope.get("route")
    request.state.target = f"{request.method} {getattr(route, 'path', request.url.path)}"
    return Caller(who, sees)


def node_name(request: Request) -> str:
    """This node's name: the app's own (tests run several nodes in one process) or the setting."""
    return str(getattr(request.app.state, "node_name", None) or settings.NODE_NAME.get())


Who = Annotated[Caller, Depends(caller)]
Db = Annotated[Session, Depends(deps.db_session, scope="function")]


@router.get(ROOT)
def discovery(request: Request, who: Who) -> TaxiiResponse:
    base = str(request.base_url).rstrip("/")
    return TaxiiResponse(
        {
            "title": f"scamgrid node {node_name(request)}",
            "description": "Scam signals shared between law-enforcement agencies.",
            "default": base + API_ROOT,
            "api_roots": [base + API_ROOT],
        }
    )


@router.get(API_ROOT)
def api_root(who: Who) -> TaxiiResponse:
    return TaxiiResponse(
        {
            "title": "scamgrid",
            "description": "Collections per sharing group and per agency's open feed.",
            "versions": [TAXII],
            "max_content_length": MAX_CONTENT_LENGTH,
        }
    )


@router.get(API_ROOT + "collections/")
def list_collections(session: Db, who: Who) -> TaxiiResponse:
    found = collections.collections(session, who.viewer, who.who.role)
    return TaxiiResponse({"collections": [c.resource() for c in found]})


@router.get(API_ROOT + "collections/{collection_id}/")
def get_collection(session: Db, who: Who, collection_id: str) -> TaxiiResponse:
    return TaxiiResponse(_collection(session, who, collection_id).resource())


def _collection(session: Session, who: Caller, collection_id: str) -> collections.Collection:
    return collections.find(session, who.viewer, who.who.role, collection_id)


MatchId = Annotated[str | None, Query(alias="match[id]")]
MatchType = Annotated[str | None, Query(alias="match[type]")]
MatchVersion = Annotated[str | None, Query(alias="match[version]")]
MatchSpec = Annotated[str | None, Query(alias="match[spec_version]")]
Limit = Annotated[int | None, Query(ge=1)]


def _listing(
    request: Request,
    session: Session,
    who: Caller,
    collection_id: str,
    added_after: str | None,
    limit: int | None,
    next_token: str | None,
    match: listing.Match,
) -> listing.Listing:
    collection = _collection(session, who, collection_id)
    source = Source(session, collection.scope(who.viewer), node_name(request))
    after = listing.parse_time(added_after, "added_after")
    found = listing.read(source, limit, after, next_token, match)
    audit.record(
        session,
        who.actor,
        "taxii.read",
        "collection",
        collection_id,
        objects=len(found.items),
    )
    return found


def _headers(found: listing.Listing) -> dict[str, str]:
    if not found.items:
        return {}
    return {
        "X-TAXII-Date-Added-First": found.first_added or "",
        "X-TAXII-Date-Added-Last": found.last_added or "",
    }


def _envelope(found: listing.Listing, body: dict[str, Any]) -> TaxiiResponse:
    body = {"more": found.more, **({"next": found.next} if found.next else {}), **body}
    return TaxiiResponse(body, headers=_headers(found))


@router.get(API_ROOT + "collections/{collection_id}/objects/")
def get_objects(
    request: Request,
    session: Db,
    who: Who,
    collection_id: str,
    added_after: str | None = None,
    limit: Limit = None,
    next: str | None = None,
    match_id: MatchId = None,
    match_type: MatchType = None,
    match_version: MatchVersion = None,
    match_spec_version: MatchSpec = None,
) -> TaxiiResponse:
    match = listing.Match.parse(match_id, match_type, match_version, match_spec_version)
    found = _listing(request, session, who, collection_id, added_after, limit, next, match)
    objects = [obj for _, obj in found.items]
    return _envelope(found, {"objects": objects} if objects else {})


@router.get(API_ROOT + "collections/{collection_id}/manifest/")
def get_manifest(
    request: Request,
    session: Db,
    who: Who,
    collection_id: str,
    added_after: str | None = None,
    limit: Limit = None,
    next: str | None = None,
    match_id: MatchId = None,
    match_type: MatchType = None,
    match_version: MatchVersion = None,
    match_spec_version: MatchSpec = None,
) -> TaxiiResponse:
    match = listing.Match.parse(match_id, match_type, match_version, match_spec_version)
    found = _listing(request, session, who, collection_id, added_after, limit, next, match)
    records = [
        {
            "id": obj["id"],
            "date_added": listing.v.timestamp(added),
            "version": listing.version(obj),
            "media_type": "application/stix+json;version=2.1",
        }
        for added, obj in found.items
    ]
    return _envelope(found, {"objects": records} if records else {})


def _one(
    request: Request,
    session: Session,
    who: Caller,
    collection_id: str,
    object_id: str,
    match: listing.Match,
) -> listing.Listing:
    collection = _collection(session, who, collection_id)
    source = Source(session, collection.scope(who.viewer), node_name(request))
    found = listing.find_object(source, object_id, match)
    if not found.items:
        raise NotFound(f"no object {object_id!r} in this collection")
    return found


@router.get(API_ROOT + "collections/{collection_id}/objects/{object_id}/")
def get_object(
    request: Request,
    session: Db,
    who: Who,
    collection_id: str,
    object_id: str,
    match_version: MatchVersion = None,
    match_spec_version: MatchSpec = None,
) -> TaxiiResponse:
    match = listing.Match.parse(None, None, match_version, match_spec_version)
    found = _one(request, session, who, collection_id, object_id, match)
    return _envelope(found, {"objects": [obj for _, obj in found.items]})


@router.get(API_ROOT + "collections/{collection_id}/objects/{object_id}/versions/")
def get_versions(
    request: Request,
    session: Db,
    who: Who,
    collection_id: str,
    object_id: str,
    match_spec_version: MatchSpec = None,
) -> TaxiiResponse:
    match = listing.Match.parse(None, None, None, match_spec_version)
    found = _one(request, session, who, collection_id, object_id, match)
    return _envelope(found, {"versions": [listing.version(obj) for _, obj in found.items]})


@router.post(API_ROOT + "collections/{collection_id}/objects/", status_code=202)
def add_objects(
    request: Request,
    session: Db,
    who: Who,
    collection_id: str,
    envelope: Annotated[dict[str, Any], Body()],
) -> TaxiiResponse:
    collection = _collection(session, who, collection_id)
    if not collection.can_write or who.who.role not in collections.WRITER_ROLES:
        raise Forbidden(f"role {who.who.role.value} of {who.who.agency_code} may not write here")
    objects = envelope.get("objects")
    if not isinstance(objects, list):
        raise InvalidInput("objects: an envelope needs a list of objects")
    status = intake.add_objects(
        session, collection, who.viewer, who.actor, objects, node_name(request)
    )
    statuses.save(session, who.who.agency_id, status)
    return TaxiiResponse(status, status_code=202)


@router.get(API_ROOT + "status/{status_id}/")
def get_status(session: Db, who: Who, status_id: str) -> TaxiiResponse:
    found = statuses.load(session, who.who.agency_id, status_id)
    if found is None:
        raise NotFound(f"no status {status_id!r}")
    return TaxiiResponse(found)
