"""create_app(): the FastAPI application, one router per resource."""

from __future__ import annotations

import asyncio
import gc
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Any

from fastapi import FastAPI
from starlette.types import ASGIApp, Receive, Scope, Send

from scamgrid import __version__, settings, web
from scamgrid.api import agencies, audit, checks, deps, lookup, problems, public, ratelimit, reports
from scamgrid.api import cases as casework
from scamgrid.api import graph as link_analysis
from scamgrid.api.lookup_lane import LookupLane
from scamgrid.sharing.appender import Appender
from scamgrid.sharing.taxii import server as taxii_server

MAX_BODY_BYTES = 8 * 1024 * 1024  # a 10,000-value bulk look-up is well under 1 MiB


class RequestGuard:
    """Refuse, before any route runs: bodies over the limit (from Content-Length) and NUL
    characters in the query string, which no value may hold and PostgreSQL cannot store."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            length = dict(scope["headers"]).get(b"content-length", b"")
            if length.isdigit() and int(length) > self.limit:
                response = problems.problem(
                    413, "Payload too large", f"request bodies are limited to {self.limit} bytes"
                )
                await response(scope, receive, send)
                return
            if b"%00" in scope.get("query_string", b""):
                refused = problems.problem(
                    422, "Invalid request", "query parameters may not contain NUL characters"
                )
                await refused(scope, receive, send)
                return
        await self.app(scope, receive, send)


Lifespan = Callable[[Any], AbstractAsyncContextManager[Any]]


def _closing_appender(inner: Lifespan, freeze_heap: bool) -> Lifespan:
    """The lifespan with the audit appender drained at shutdown: every queued event is written.

    With `freeze_heap` (a server process, `scamgrid serve`), what start-up allocated is moved
    out of the garbage collector's reach (`gc.freeze`) once the application is built: routes,
    schemas, validators and models are objects that live as long as the process, and every
    full collection walked them all, a pause of 100-160 ms that held every request in the
    worker (it was the look-ups' p99 latency, docs/benchmarks.md "Look-up"). Tests build many
    applications in one process and would never free the frozen ones, hence not by default.
    """

    @asynccontextmanager
    async def lifespan(app: Any) -> AsyncIterator[Any]:
        try:
            async with inner(app) as state:
                if freeze_heap:
                    gc.collect()  # start-up's garbage is freed, not frozen for ever
                    gc.freeze()
                yield state
        finally:
            await asyncio.to_thread(app.state.audit_appender.close)

    return lifespan


def create_app(database_url: str | None = None, *, freeze_heap: bool = False) -> FastAPI:
    app = FastAPI(
        title="scamgrid",
        version=__version__,
        description="Pool, match and analyse scam signals across agencies and borders.",
        openapi_url="/api/v1/openapi.json",
        docs_url="/api/v1/docs",
        redoc_url=None,
    )
    app.state.database_url = database_url or settings.database_url()
    app.state.public_limiter = ratelimit.make_limiter()
    app.state.token_cache = deps.TokenCache(float(settings.TOKEN_CACHE_SECONDS.get()))
    app.state.audit_appender = Appender(app.state.database_url)  # read events (scamgrid.api.lookup)
    problems.install(app)
    problems.document(app)
    for module in (lookup, reports, agencies, audit, public, checks, casework, link_analysis):
        app.include_router(module.router)
    app.include_router(taxii_server.router)  # TAXII 2.1 under /taxii2/ (scamgrid.sharing.taxii)
    web.install(app)  # the workspace, public pages and static files (scamgrid.web)
    app.router.lifespan_context = _closing_appender(app.router.lifespan_context, freeze_heap)

    app.add_middleware(LookupLane)  # inside the guard: the last one added is the outermost
    app.add_middleware(RequestGuard, limit=MAX_BODY_BYTES)

    @app.get("/api/v1/health", tags=["meta"], summary="Liveness")
    def health() -> dict[str, str]:
        return {"status": "ok", "version": __version__}

    return app


def create_server_app() -> FastAPI:
    """The application of a `scamgrid serve` worker process (uvicorn's factory)."""
    return create_app(freeze_heap=True)
