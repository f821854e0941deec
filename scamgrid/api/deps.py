"""Dependencies shared by routers: the database session, the caller, and the policy check."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Iterator
from concurrent.futures import Future
from datetime import UTC, datetime
from threading import Lock
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import State

from scamgrid.api.policy import POLICY
from scamgrid.errors import Forbidden
from scamgrid.sharing import accounts, audit
from scamgrid.sharing.accounts import Principal, Unauthenticated
from scamgrid.sharing.appender import Appender
from scamgrid.store import database
from scamgrid.store.visibility import Viewer, viewer_for_agency

log = logging.getLogger(__name__)
bearer = HTTPBearer(auto_error=False, description="An API token from `scamgrid token create`.")


def db_session(request: Request) -> Iterator[Session]:
    """One transaction per request, committed before the response leaves (scope="function").

    A request by a token that recorded no audit event of its own is recorded as `api.request`,
    so every use of a token is in the trail, with one event per request.
    """
    with database.session(request.app.state.database_url) as session:
        yield session
        who: Principal | None = getattr(request.state, "principal", None)
        if who is not None and not session.info.get(audit.AUDITED):
            target = getattr(request.state, "target", "")
            audit.record(
                session, audit.Actor(who.email, who.agency_code), "api.request", "route", target
            )


class TokenCache:
    """Authenticated tokens for a few seconds: a look-up must not cost five queries.

    A revocation (only `scamgrid token revoke`, in its own process) takes effect within
    `SCAMGRID_TOKEN_CACHE_SECONDS` in every worker. An entry never outlives the token's expiry.

    Entries are checked again ahead of time: in the last `REFRESH_SHARE` of its trust, the
    first request to find an entry claims its refresh (`due`) and is answered from the cache
    while the token is checked in the background. When every request found it expired at
    once, all of them checked the token, each with a write (`touch`), a stall of 100 ms or
    more every few seconds under steady load.
    """

    REFRESH_SHARE = 0.2

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        # token -> (trusted until, refresh from, principal, viewer)
        self._entries: dict[str, tuple[float, float, Principal, Viewer]] = {}
        self._refreshing: set[str] = set()
        self._lock = Lock()

    def get(self, token: str) -> tuple[Principal, Viewer] | None:
        entry = self._entries.get(token)
        if entry is None or entry[0] < time.monotonic():
            return None
        return entry[2], entry[3]

    def due(self, token: str) -> bool:
        """Is the entry in its refresh window, and no refresh claimed yet? Claims it if so."""
        entry = self._entries.get(token)
        if entry is None or time.monotonic() < entry[1]:
            return False
        with self._lock:
            if token in self._refreshing:
                return False
            self._refreshing.add(token)
            return True

    def put(self, token: str, who: Principal, sees: Viewer) -> None:
        """Trust the token for `seconds`, and never past its own expiry."""
        trusted = self.seconds
        if who.expires_at is not None:
            trusted = min(trusted, (who.expires_at - datetime.now(UTC)).total_seconds())
        now = time.monotonic()
        with self._lock:
            if len(self._entries) > 10_000:
                self._entries.clear()
            refresh_from = now + trusted * (1 - self.REFRESH_SHARE)
            self._entries[token] = (now + trusted, refresh_from, who, sees)
            self._refreshing.discard(token)

    def drop(self, token: str) -> None:
        """Forget the token (it failed a refresh): its next use is checked in full."""
        with self._lock:
            self._entries.pop(token, None)
            self._refreshing.discard(token)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._refreshing.clear()


def _authenticated(request: Request, session: Session, token: str) -> tuple[Principal, Viewer]:
    cache: TokenCache = request.app.state.token_cache
    hit = cache.get(token)
    if hit is not None:
        return hit
    return _check(session, cache, token)


def _check(session: Session, cache: TokenCache, token: str) -> tuple[Principal, Viewer]:
    """Authenticate the token against the store, record its use and cache it."""
    who = accounts.authenticate(session, token)
    sees = viewer_for_agency(session, who.agency_code)
    if who.token_id is not None:
        accounts.touch(session, who.token_id)  # last use, to the precision of the cache
    cache.put(token, who, sees)
    return who, sees


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
        who, sees = _authenticated(request, session, credentials.credentials)
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
    request.state.principal = who
    request.state.viewer = sees
    request.state.target = target
    return who


async def reader(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> Principal:
    """`principal` for the look-up routes, which need no transaction of the request's own.

    A token in the cache, allowed on the route, costs neither a thread nor a query; anything
    else (a first use, a refusal) goes through `principal` in a transaction of its own,
    committed before the route runs, so the route never holds a write lock while it waits for
    its audit event.
    """
    if credentials is not None:
        route = request.scope.get("route")
        path = getattr(route, "path", request.url.path)
        hit = trusted(request.app.state, credentials.credentials, request.method, path)
        if hit is not None:
            request.state.principal, request.state.viewer = hit
            request.state.target = f"{request.method} {path}"
            return hit[0]
    return await run_in_threadpool(_principal_apart, request, credentials)


def trusted(state: State, token: str, method: str, path: str) -> tuple[Principal, Viewer] | None:
    """The principal and viewer of a token the cache trusts and the policy allows on the
    route, with no thread and no query (its background re-check started when due); None when
    the token must be checked in full."""
    cache: TokenCache = state.token_cache
    hit = cache.get(token)
    roles = POLICY.get((method, path))
    if hit is None or roles is None or hit[0].role not in roles:
        return None
    if cache.due(token):
        _refresh_later(state.database_url, cache, token)
    return hit


_refreshes: set[asyncio.Task[None]] = set()  # the running ones, kept from garbage collection


def _refresh_later(url: str, cache: TokenCache, token: str) -> None:
    task = asyncio.create_task(run_in_threadpool(_refresh, url, cache, token))
    _refreshes.add(task)
    task.add_done_callback(_refreshes.discard)


def _refresh(url: str, cache: TokenCache, token: str) -> None:
    """Check a cached token again in the background. A refused one is dropped, so its next
    use takes the full path, which refuses and audits it."""
    try:
        with database.session(url) as session:
            _check(session, cache, token)
    except Unauthenticated:
        cache.drop(token)
    except Exception:  # dropped too: the next request checks the token in full
        log.exception("refreshing a cached token failed")
        cache.drop(token)


def _principal_apart(
    request: Request, credentials: HTTPAuthorizationCredentials | None
) -> Principal:
    with database.session(request.app.state.database_url) as session:
        return principal(request, session, credentials)


def record_read(request: Request, event: audit.Event) -> Future[int]:
    """Queue a read's event with the process's appender (scamgrid.sharing.appender).

    The route answers once the future is done, so no read leaves without its event.
    """
    appender: Appender = request.app.state.audit_appender
    return appender.submit(event)


def _record_apart(url: str, who: audit.Actor, action: str, target: str, **detail: object) -> None:
    """Refusals are audited in their own transaction: the request's own one is rolled back."""
    with database.session(url) as session:
        audit.record(session, who, action, "route", target, **detail)


async def viewer(request: Request, who: Annotated[Principal, Depends(principal)]) -> Viewer:
    sees: Viewer = request.state.viewer
    return sees


async def actor(who: Annotated[Principal, Depends(principal)]) -> audit.Actor:
    return audit.Actor(who.email, who.agency_code)
