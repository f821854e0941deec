"""The one error tree of scamgrid, mapped once to exit codes and to problem+json.

ScamgridError                 internal failure          exit 1, HTTP 500
├── InvalidInput              bad input from a user     exit 2, HTTP 422
│   ├── InvalidIdentifier     an identifier failed validation (carries type and reason)
│   └── NotAcceptable         asks for a media type we do not serve    HTTP 406
├── NotFound                  no such record            exit 2, HTTP 404
├── Forbidden                 not visible / not allowed exit 2, HTTP 403
└── Conflict                  clashes with stored state exit 2, HTTP 409
"""

from __future__ import annotations


class ScamgridError(Exception):
    exit_code = 1
    http_status = 500
    title = "Internal error"

    def __init__(self, message: str, **details: object) -> None:
        super().__init__(message)
        self.message = message
        self.details = details

    def to_problem(self) -> dict[str, object]:
        """The RFC 9457 problem body for this error."""
        body: dict[str, object] = {
            "type": "about:blank",
            "title": self.title,
            "status": self.http_status,
            "detail": self.message,
        }
        body.update(self.details)
        return body


class InvalidInput(ScamgridError):
    exit_code = 2
    http_status = 422
    title = "Invalid input"


class InvalidIdentifier(InvalidInput):
    title = "Invalid identifier"

    def __init__(self, kind: str, value: str, reason: str) -> None:
        super().__init__(f"invalid {kind} {value!r}: {reason}", identifier_type=kind, reason=reason)
        self.kind = kind
        self.value = value
        self.reason = reason


class NotAcceptable(InvalidInput):
    """The Accept header names no media type the endpoint serves (TAXII requires 406)."""

    http_status = 406
    title = "Not acceptable"


class NotFound(ScamgridError):
    exit_code = 2
    http_status = 404
    title = "Not found"


class Forbidden(ScamgridError):
    exit_code = 2
    http_status = 403
    title = "Forbidden"


class Conflict(ScamgridError):
    exit_code = 2
    http_status = 409
    title = "Conflict"
