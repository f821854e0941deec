"""One exception-to-response map: every error leaves as application/problem+json."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from scamgrid.errors import ScamgridError

PROBLEM = "application/problem+json"
log = logging.getLogger("scamgrid.api")


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

    @app.exception_handler(Exception)
    async def unexpected(_: Request, error: Exception) -> JSONResponse:
        # The detail stays in the server log; the client learns only that it failed.
        log.exception("unhandled error", exc_info=error)
        body = {
            "type": "about:blank",
            "title": "Internal error",
            "status": 500,
            "detail": "the server failed to handle this request; it has been logged",
        }
        return JSONResponse(body, status_code=500, media_type=PROBLEM)

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


PROBLEM_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["type", "title", "status", "detail"],
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
    },
    "additionalProperties": True,
}
# Every operation may answer with these, always as application/problem+json.
COMMON_ERRORS = {
    "400": "Malformed request",
    "401": "Missing, unknown, expired or revoked token",
    "403": "Your role or agency may not do this",
    "404": "No such record, or not visible to you",
    "409": "Conflicts with a stored record",
    "413": "Request body too large",
    "422": "Invalid input; `detail` names the field",
    "429": "Rate limit reached; see Retry-After",
    "500": "Internal failure (logged on the server)",
    "503": "A required model or service is not available",
}


def document(app: FastAPI) -> None:
    """Declare the problem responses on every operation of the OpenAPI document."""
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        schema = build()
        schema.setdefault("components", {}).setdefault("schemas", {})["Problem"] = PROBLEM_SCHEMA
        content = {PROBLEM: {"schema": {"$ref": "#/components/schemas/Problem"}}}
        for operation_by_method in schema.get("paths", {}).values():
            for operation in operation_by_method.values():
                responses = operation.setdefault("responses", {})
                for status, description in COMMON_ERRORS.items():
                    responses[status] = {"description": description, "content": content}
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]
