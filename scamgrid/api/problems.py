"""One exception-to-response map: every error leaves as application/problem+json."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from scamgrid.errors import ScamgridError

PROBLEM = "application/problem+json"


def problem(
    status: int, title: str, detail: str, headers: dict[str, str] | None = None, **extra: Any
) -> JSONResponse:
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail, **extra}
    return JSONResponse(body, status_code=status, media_type=PROBLEM, headers=headers)


def install(app: FastAPI) -> None:
    @app.exception_handler(ScamgridError)
    async def scamgrid_error(_: Request, error: ScamgridError) -> JSONResponse:
        retry = error.details.get("retry_after")
        headers = {"Retry-After": str(retry)} if retry is not None else None
        return JSONResponse(
            error.to_problem(), status_code=error.http_status, media_type=PROBLEM, headers=headers
        )

    @app.exception_handler(RequestValidationError)
    async def invalid_request(_: Request, error: RequestValidationError) -> JSONResponse:
        errors = [
            {"field": ".".join(str(p) for p in e.get("loc", ())), "reason": e.get("msg", "")}
            for e in error.errors()
        ]
        body = {
            "type": "about:blank",
            "title": "Invalid request",
            "status": 422,
            "detail": "; ".join(f"{e['field']}: {e['reason']}" for e in errors),
            "errors": errors,
        }
        return JSONResponse(body, status_code=422, media_type=PROBLEM)

    @app.exception_handler(HTTPException)
    async def http_error(_: Request, error: HTTPException) -> JSONResponse:
        body = {
            "type": "about:blank",
            "title": str(error.detail) if error.status_code != 500 else "Internal error",
            "status": error.status_code,
            "detail": str(error.detail),
        }
        return JSONResponse(
            body, status_code=error.status_code, media_type=PROBLEM, headers=error.headers
        )
