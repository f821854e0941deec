"""The look-up lane: `GET /api/v1/lookup` answered ahead of the framework for trusted tokens.

Operators and banks screen one value at a time, hundreds a second, and a look-up costs less
than the framework around it: on the event loop, routing, dependency resolution and parameter
validation took more time than the look-up itself (py-spy, docs/benchmarks.md "Look-up"), and
that time is what queued requests wait for. The lane answers the plain case only: a token
that the token cache already trusts, for a role the policy allows on the route, with plainly
valid parameters and a value that has a canonical form. Everything else (a token's first use,
a refusal, a parameter the route would refuse, a query it might read differently) goes on to
the route, which answers, refuses and audits as before. Both check the token with
`deps.trusted` and answer with `lookup.answer_one`, so they cannot differ in what a caller may
see or in what is audited.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qsl

from starlette.types import ASGIApp, Receive, Scope, Send

from scamgrid.api import deps, lookup
from scamgrid.errors import ScamgridError
from scamgrid.identifiers import Identifier
from scamgrid.model.vocabulary import IdentifierType
from scamgrid.sharing.accounts import Principal
from scamgrid.store.visibility import Viewer

PATH = "/api/v1/lookup"
TYPES = frozenset(kind.value for kind in IdentifierType)
COUNTRY = re.compile(r"[A-Za-z]{2}")
MAX_VALUE = 512  # as the route's `value` parameter
JSON_HEADERS = [(b"content-type", b"application/json")]


class LookupLane:
    """ASGI middleware: plain look-ups by trusted tokens answered here, the rest passed on."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"] == PATH and scope["method"] == "GET":
            state = scope["app"].state
            plain = _plain(scope, state)
            if plain is not None:
                body = await lookup.answer_one(state, *plain)
                length = (b"content-length", str(len(body)).encode())
                await send(
                    {
                        "type": "http.response.start",
                        "status": 200,
                        "headers": [length, *JSON_HEADERS],
                    }
                )
                await send({"type": "http.response.body", "body": body})
                return
        await self.app(scope, receive, send)


def _plain(scope: Scope, state: Any) -> tuple[Principal, Viewer, Identifier] | None:
    """Who asks, what they see and the identifier asked about; None to pass the request on."""
    query = _query(scope["query_string"])
    token = _bearer(scope["headers"])
    if query is None or token is None:
        return None
    hit = deps.trusted(state, token, "GET", PATH)
    if hit is None:
        return None
    try:
        identifier = lookup.asked(query["value"], query.get("type"), query.get("country"))
    except ScamgridError:  # the route names the fault
        return None
    return hit[0], hit[1], identifier


def _query(raw: bytes) -> dict[str, str] | None:
    """The parameters, read as the framework reads them (`starlette.datastructures.QueryParams`),
    or None for any query the route might read otherwise or refuse: a parameter given twice,
    a value out of bounds, a type or country it does not accept."""
    pairs = parse_qsl(raw.decode("latin-1"), keep_blank_values=True)
    query = dict(pairs)
    if len(query) != len(pairs):
        return None
    value = query.get("value")
    if value is None or not 0 < len(value) <= MAX_VALUE:
        return None
    kind = query.get("type")
    if kind is not None and kind not in TYPES:
        return None
    country = query.get("country")
    if country is not None and not COUNTRY.fullmatch(country):
        return None
    return query


def _bearer(headers: list[tuple[bytes, bytes]]) -> str | None:
    """The token of the one `Authorization: Bearer` header; None for anything else."""
    found = [value for name, value in headers if name == b"authorization"]
    if len(found) != 1 or not found[0].startswith(b"Bearer "):
        return None
    token = found[0][7:].decode("latin-1")
    return token if token and " " not in token else None
