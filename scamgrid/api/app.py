"""create_app(): the FastAPI application, one router per resource."""

from __future__ import annotations

from fastapi import FastAPI, Request

from scamgrid import __version__, settings
from scamgrid.api import agencies, audit, checks, deps, lookup, problems, public, ratelimit, reports

MAX_BODY_BYTES = 8 * 1024 * 1024  # a 10,000-value bulk look-up is well under 1 MiB


def create_app(database_url: str | None = None) -> FastAPI:
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
    problems.install(app)
    problems.document(app)
    for module in (lookup, reports, agencies, audit, public, checks):
        app.include_router(module.router)

    @app.middleware("http")
    async def limit_body(request: Request, call_next):  # type: ignore[no-untyped-def]
        length = request.headers.get("content-length")
        if length and length.isdigit() and int(length) > MAX_BODY_BYTES:
            return problems.problem(
                413, "Payload too large", f"request bodies are limited to {MAX_BODY_BYTES} bytes"
            )
        return await call_next(request)

    @app.get("/api/v1/health", tags=["meta"], summary="Liveness")
    def health() -> dict[str, str]:
        return {"status": "ok", "version": __version__}

    return app
