"""create_app(): the FastAPI application, one router per resource."""

from __future__ import annotations

from fastapi import FastAPI

from scamgrid import __version__, settings
from scamgrid.api import lookup, problems


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
    problems.install(app)
    app.include_router(lookup.router, prefix="/api/v1")

    @app.get("/api/v1/health", tags=["meta"], summary="Liveness")
    def health() -> dict[str, str]:
        return {"status": "ok", "version": __version__}

    return app
