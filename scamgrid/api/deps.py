"""Dependencies shared by routers: the database session, the caller, and the policy check."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session

from scamgrid.api.policy import POLICY
from scamgrid.errors import Forbidden
from scamgrid.sharing import accounts, audit
from scamgrid.sharing.accounts import Principal, Unauthenticated
from scamgrid.store import database
from scamgrid.store.visibility import Viewer, viewer_for_agency

bearer = HTTPBearer(auto_error=False, description="An API token from `scamgrid token create`.")


def db_session(request: Request) -> Iterator[Session]:
    """One transaction per request, committed before the response leaves (scope="function")."""
    with database.session(request.app.state.database_url) as session:
        yield session


def principal(
    request: Request,
    session: Annotated[Session, Depends(db_session, scope="function")],
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> Principal:
    """The caller behind the bearer token, checked against the route's row of the policy."""
    # Routers carry full paths (no include prefix), so the matched route's path is the template.
    route = request.scope.get("route")
    path = getattr(route, "path", request.url.path)
    target = f"{request.method} {path}"
    url = request.app.state.database_url
    if credentials is None:
        raise Unauthenticated("a bearer token is required")
    try:
        who = accounts.authenticate(session, credentials.credentials)
    except Unauthenticated as refused:
        _record_apart(url, audit.Actor("unknown"), "auth.failed", target, reason=refused.message)
        raise
    roles = POLICY.get((request.method, path))
    if roles is None or who.role not in roles:
        _record_apart(
            url,
            audit.Actor(who.email, who.agency_code),
            "access.denied",
            target,
            role=who.role.value,
        )
        raise Forbidden(f"role {who.role.value} may not {target}")
    if who.token_id is not None:
        accounts.touch(session, who.token_id)
    audit.record(session, audit.Actor(who.email, who.agency_code), "api.request", "route", target)
    return who


def _record_apart(url: str, who: audit.Actor, action: str, target: str, **detail: object) -> None:
    """Refusals are audited in their own transaction: the request's own one is rolled back."""
    with database.session(url) as session:
        audit.record(session, who, action, "route", target, **detail)


def viewer(
    who: Annotated[Principal, Depends(principal)],
    session: Annotated[Session, Depends(db_session, scope="function")],
) -> Viewer:
    return viewer_for_agency(session, who.agency_code)


def actor(who: Annotated[Principal, Depends(principal)]) -> audit.Actor:
    return audit.Actor(who.email, who.agency_code)
