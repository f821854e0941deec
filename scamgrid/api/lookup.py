"""Look-ups: one identifier in full, or up to 10,000 at once for operators and banks."""

from __future__ import annotations

import asyncio
import re
import sqlite3
from datetime import datetime
from decimal import Decimal
from functools import lru_cache, partial
from typing import Annotated, Any, NotRequired, cast

import orjson
from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.exceptions import RequestValidationError
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    TypeAdapter,
    ValidationError,
    with_config,
)
from sqlalchemy import Connection
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import State
from typing_extensions import TypedDict

from scamgrid import settings
from scamgrid.api.deps import reader, record_read
from scamgrid.identifiers import Identifier
from scamgrid.model.vocabulary import IdentifierType
from scamgrid.sharing import audit
from scamgrid.sharing.accounts import Principal
from scamgrid.sharing.appender import Appender
from scamgrid.store import database, generation
from scamgrid.store.lookup import (
    LookupResult,
    Tallies,
    Tally,
    TallyIndex,
    bulk_tallies,
    identify,
    index_tallies,
    lookup,
    stored,
    tally_index,
)
from scamgrid.store.visibility import Viewer

router = APIRouter(prefix="/api/v1", tags=["indicators"])
MAX_BULK = 10_000
Country = Annotated[str | None, Query(title="Country hint", pattern="^[A-Za-z]{2}$")]


def _inlined(schema: dict[str, Any]) -> dict[str, Any]:
    """A pydantic JSON schema with its local $defs substituted, for openapi_extra."""
    definitions = schema.pop("$defs", {})

    def resolve(node: Any) -> Any:
        if isinstance(node, dict):
            ref = node.get("$ref", "")
            if ref.startswith("#/$defs/"):
                return resolve(definitions[ref.removeprefix("#/$defs/")])
            return {key: resolve(value) for key, value in node.items()}
        if isinstance(node, list):
            return [resolve(value) for value in node]
        return node

    resolved: dict[str, Any] = resolve(schema)
    return resolved


# Documented in validation mode, where a Decimal is a number (or a string): losses go out as
# JSON numbers, as they always have.
LOOKUP_CONTENT = {
    "application/json": {
        "schema": _inlined(TypeAdapter(LookupResult).json_schema(mode="validation"))
    }
}


def _number(value: object) -> object:
    """Decimals as JSON numbers, as FastAPI's encoder writes them (losses are sums of money)."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


@router.get(
    "/lookup",
    summary="Look up one identifier in any surface form",
    responses={200: {"description": "Everything the asker may see", "content": LOOKUP_CONTENT}},
)
async def lookup_one(
    request: Request,
    value: Annotated[str, Query(title="Identifier", min_length=1, max_length=512)],
    who: Annotated[Principal, Depends(reader)],
    type: Annotated[IdentifierType | None, Query(title="Identifier type")] = None,
    country: Country = None,
) -> Response:
    # A token already trusted with plainly valid parameters is answered before the framework
    # (scamgrid.api.lookup_lane); this route answers the rest, the same way.
    identifier = asked(value, type.value if type else None, country)
    body = await answer_one(request.app.state, who, request.state.viewer, identifier)
    return Response(body, media_type="application/json")


def asked(value: str, kind: str | None, country: str | None) -> Identifier:
    """The identifier asked about, with the node's default country as the hint."""
    hint = country.upper() if country else (settings.DEFAULT_COUNTRY.get() or None)
    return _identify(value, kind, hint)


async def answer_one(state: State, who: Principal, sees: Viewer, identifier: Identifier) -> bytes:
    """The encoded answer to one look-up, returned once its audit event is committed."""
    # Answers are kept per viewer (agency and sharing groups) and role while the store's
    # generation is unchanged (scamgrid.store.generation): a kept one costs no thread and no
    # query; otherwise the loop answers if it can (`_answered_here`), or one thread hop reads
    # the generation and, if need be, the store.
    cache = generation.cache_for(state.database_url)
    # The surface form too: the answer echoes it as `raw`.
    key = (sees, who.role, identifier.type.value, identifier.value, identifier.raw)
    answer = cache.cached(key)
    if answer is None:
        answer = _answered_here(cache, key, sees, identifier)
    if answer is None:
        answer = await run_in_threadpool(cache.answer, key, partial(_answer, sees, identifier))
    # Every read of another agency's record is audited, from the store or kept alike; the
    # event is committed (with those of other requests) before the answer leaves.
    read = audit.event(
        _actor(who),
        "lookup",
        identifier.type.value,
        identifier.value,
        other_agency_reports=answer.others,
    )
    appender: Appender = state.audit_appender
    await asyncio.wrap_future(appender.submit(read))
    return answer.body


# A stored value the viewer sees in up to this many reports is looked up on the event loop
# (SQLite): 4-7 us of CPU a report, 0.9 ms for the demo's average phone (112 reports). The hop
# to a worker thread and back, which contends with the loop for the interpreter, made such
# answers slower at 500 requests/s (median 3.4-3.8 ms against 2.9-3.1 ms on the loop). A value
# seen in more reports goes to a thread, so that no look-up blocks the loop for long.
LOOP_REPORTS = 300


def _answered_here(
    cache: generation.LookupCache, key: tuple[Any, ...], sees: Viewer, identifier: Identifier
) -> generation.Answer | None:
    """The answer when the event loop can give it without a thread hop; None when a thread must
    read the store.

    Most values screened were never reported, and the hop was most of the tail latency of
    answers not kept. From the viewer's tally index when it is built for the generation (in
    memory, `scamgrid.store.generation`): a value stored but hidden from the viewer gets the
    empty answer as fast as one never stored, so the time taken tells nothing either; a value
    the viewer sees in few reports is looked up in full on the loop's own SQLite connection
    and kept. Until the index is built, on SQLite, a value no record holds is told from a probe
    of the indicator index on that connection.
    """
    cache.refresh_here()
    kept = cache.cached(key)  # kept before the generation needed reading, and still good
    if kept is not None:
        return kept
    index = cache.index_kept(sees, partial(tally_index, viewer=sees))
    if index is not None:
        tally = cast(TallyIndex, index).get((identifier.type.value, identifier.value))
        if tally is not None:
            if tally.report_count > LOOP_REPORTS:
                return None
            kept_under = cache.generation
            answer = cache.read_here(partial(_answer, sees, identifier))
            if answer is not None and kept_under is not None:
                cache.keep(key, answer, kept_under)
            return answer
    elif cache.read_here(partial(stored, identifier=identifier)) is not False:
        return None
    nothing = LookupResult(identifier.type.value, identifier.value, identifier.raw)
    return _encoded(sees, nothing)


@lru_cache(maxsize=65_536)
def _identify(value: str, kind: str | None, country: str | None) -> Identifier:
    """Canonical forms of recently asked values: parsing a phone number costs more than a
    kept answer. Invalid values raise every time (exceptions are not cached)."""
    return identify(value, kind, country)


def _actor(who: Principal) -> audit.Actor:
    return audit.Actor(who.email, who.agency_code)


def _answer(
    sees: Viewer, identifier: Identifier, conn: Connection | sqlite3.Connection
) -> generation.Answer:
    return _encoded(sees, lookup(conn, sees, identifier))


def _encoded(sees: Viewer, result: LookupResult) -> generation.Answer:
    others = sorted({r.report_id for r in result.reports if r.agency != sees.agency_code})
    # orjson from the dataclass: `asdict` and the framework's encoder cost 4.5 ms of CPU for a
    # syndicate's phone seen in 120 reports, twice the look-up's own queries.
    return generation.Answer(orjson.dumps(result, default=_number), others)


def _bulk(url: str, sees: Viewer, items: list[Item]) -> Tallies:
    """From the viewer's tally index when one is built for this generation, else from SQL."""
    index = generation.cache_for(url).index(sees, partial(tally_index, viewer=sees))
    if index is not None:
        return index_tallies(index, items)  # type: ignore[arg-type]
    with database.engine(url).connect() as conn:
        return bulk_tallies(conn, sees, items)


# Bulk bodies are TypedDicts read by one TypeAdapter: 10,000 items validate in ~5 ms this way,
# against ~40 ms as 10,000 BaseModel instances (which made parsing most of the request's cost).
class BulkItem(TypedDict):
    value: Annotated[str, StringConstraints(min_length=1, max_length=512)]
    type: NotRequired[IdentifierType | None]
    country: NotRequired[Annotated[str, StringConstraints(pattern="^[A-Za-z]{2}$")] | None]


@with_config(
    ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "items": [
                        {"value": "+66812345678", "type": "phone"},
                        {"value": "hxxps://bad[.]top/x"},
                    ]
                }
            ]
        }
    )
)
class BulkRequest(TypedDict):
    items: Annotated[list[BulkItem], Field(max_length=MAX_BULK, description="Up to 10,000 values.")]


BULK_REQUEST = TypeAdapter(BulkRequest)


class BulkHitOut(BaseModel):
    input: str
    type: str | None
    value: str | None
    reported: bool
    report_count: int
    fraud_types: dict[str, int]
    first_seen: datetime | None
    last_seen: datetime | None
    error: str | None


class BulkResponse(BaseModel):
    count: int
    reported: int
    results: list[BulkHitOut]


BULK_BODY = {
    "required": True,
    "content": {"application/json": {"schema": _inlined(BULK_REQUEST.json_schema())}},
}


@router.post(
    "/lookup/bulk",
    summary="Look up up to 10,000 identifiers in one request",
    responses={200: {"model": BulkResponse, "description": "One result per value, in order"}},
    openapi_extra={"requestBody": BULK_BODY},
)
async def lookup_bulk(request: Request, who: Annotated[Principal, Depends(reader)]) -> Response:
    items = _bulk_items(await request.body())
    sees: Viewer = request.state.viewer
    keys, found = await run_in_threadpool(_bulk, request.app.state.database_url, sees, items)
    reported = sum(1 for key in keys if key in found)
    read = audit.event(
        _actor(who),
        "lookup.bulk",
        "indicators",
        "",
        values=len(items),
        reported=reported,
    )
    await asyncio.wrap_future(record_read(request, read))
    # Plain dicts to orjson: at 10,000 results a request, dataclasses cost 3x the encoding time
    # and the framework's encoder and response validation more than the look-up itself.
    results = [
        _result(raw, kind, key, found) for (raw, kind, _), key in zip(items, keys, strict=True)
    ]
    payload = {"count": len(results), "reported": reported, "results": results}
    return Response(orjson.dumps(payload), media_type="application/json")


Item = tuple[str, str | None, str | None]  # value, type, country hint


TYPES = frozenset(kind.value for kind in IdentifierType)
COUNTRY = re.compile(r"[A-Za-z]{2}")


def _plain_items(body: bytes) -> list[Item] | None:
    """The items of a body that is plainly valid, read by orjson and one loop; None for
    anything else (malformed, out of bounds, unusual), which pydantic then reads and names.
    At 10,000 items this takes half the time of pydantic's validator (12-16 against 22-30 ms
    of CPU here, same results)."""
    try:
        data = orjson.loads(body)
    except orjson.JSONDecodeError:
        return None
    items = data.get("items") if type(data) is dict else None
    if type(items) is not list or len(items) > MAX_BULK:
        return None
    out: list[Item] = []
    append = out.append
    for item in items:
        if type(item) is not dict:
            return None
        value = item.get("value")
        kind = item.get("type")
        country = item.get("country")
        if type(value) is not str or not 0 < len(value) <= 512:
            return None
        if kind is not None and (type(kind) is not str or kind not in TYPES):
            return None
        if country is not None:
            if type(country) is not str or not COUNTRY.fullmatch(country):
                return None
            country = country.upper()
        append((value, kind or None, country or None))
    return out


def _bulk_items(body: bytes) -> list[Item]:
    # Plainly valid bodies by orjson and a loop; the rest by pydantic's JSON validator, from
    # bytes, which names what is wrong: several times cheaper than the framework's generic
    # decode-then-validate path.
    plain = _plain_items(body)
    if plain is not None:
        return plain
    try:
        checked = BULK_REQUEST.validate_json(body)
    except ValidationError as invalid:
        raise RequestValidationError(invalid.errors(include_url=False)) from None
    return [
        (
            item["value"],
            kind.value if (kind := item.get("type")) else None,
            country.upper() if (country := item.get("country")) else None,
        )
        for item in checked["items"]
    ]


def _result(
    raw: str, kind: str | None, key: tuple[str, str] | str, found: dict[tuple[str, str], Tally]
) -> dict[str, object]:
    if isinstance(key, str):  # invalid: the reason
        return {
            "input": raw,
            "type": kind,
            "value": None,
            "reported": False,
            "report_count": 0,
            "fraud_types": {},
            "first_seen": None,
            "last_seen": None,
            "error": key,
        }
    tally = found.get(key)
    if tally is None:
        return {
            "input": raw,
            "type": key[0],
            "value": key[1],
            "reported": False,
            "report_count": 0,
            "fraud_types": {},
            "first_seen": None,
            "last_seen": None,
            "error": None,
        }
    return {
        "input": raw,
        "type": key[0],
        "value": key[1],
        "reported": True,
        "report_count": tally.report_count,
        "fraud_types": tally.fraud_types,
        "first_seen": tally.first_seen,
        "last_seen": tally.last_seen,
        "error": None,
    }
