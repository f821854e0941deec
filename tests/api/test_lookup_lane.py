"""The look-up lane: plain look-ups by trusted tokens answered ahead of the framework, the
same as the route answers them; everything else passed on to the route."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import select

from scamgrid.api import lookup_lane
from scamgrid.ingest.load import ingest_records
from scamgrid.ingest.reports import ReadOptions, to_record
from scamgrid.store import database
from scamgrid.store.tables import AuditEvent
from tests.api.conftest import Node
from tests.factories import report

PHONE = {"type": "phone", "value": "+66812345678"}


@pytest.fixture
def lane_answers(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Per look-up request, whether the lane answered it (True) or passed it on (False)."""
    seen: list[bool] = []
    plain: Callable[..., Any] = lookup_lane._plain

    def recording(scope: Any, state: Any) -> Any:
        found = plain(scope, state)
        seen.append(found is not None)
        return found

    monkeypatch.setattr(lookup_lane, "_plain", recording)
    return seen


def _ingest(node: Node, *rows: dict[str, object]) -> None:
    records = [to_record(row, n, ReadOptions()) for n, row in enumerate(rows, start=1)]
    assert ingest_records(records, "t", "t", node.db_url).rejected == 0


def _lookups(node: Node) -> list[tuple[str, str]]:
    with database.session(node.db_url) as session:
        rows = session.execute(
            select(AuditEvent.actor, AuditEvent.detail).where(AuditEvent.action == "lookup")
        )
        return [(actor, detail) for actor, detail in rows]


def test_the_lane_answers_and_audits_as_the_route_does(
    node: Node, lane_answers: list[bool]
) -> None:
    _ingest(node, report("MM-1", agency="MM-MPF", marking="TLP:GREEN", indicators=[PHONE]))
    params = {"value": "081 234 5678", "type": "phone", "country": "th"}
    with node.client("TH-CCIB:partner") as client:
        first = client.get("/api/v1/lookup", params=params)  # the token's first use: the route
        second = client.get("/api/v1/lookup", params=params)  # trusted now: the lane
    assert lane_answers == [False, True]
    assert first.status_code == second.status_code == 200
    assert first.headers["content-type"] == second.headers["content-type"] == "application/json"
    assert first.json() == second.json()
    assert second.json()["report_count"] == 1 and second.json()["raw"] == "081 234 5678"
    # Both read another agency's report, and both reads are in the trail.
    events = _lookups(node)
    assert len(events) == 2
    assert all(actor == "partner@th-ccib.example.org" and "MM-1" in d for actor, d in events)


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"value": ""}, "value"),
        ({"value": "x" * 513}, "value"),
        ({"value": "+66812345678", "type": "pager"}, "type"),
        ({"value": "+66812345678", "country": "tha"}, "country"),
        ({"type": "phone"}, "value"),
    ],
)
def test_what_the_route_refuses_is_passed_on_and_refused(
    node: Node, lane_answers: list[bool], query: dict[str, str], field: str
) -> None:
    with node.client("TH-CCIB:analyst") as client:
        assert client.get("/api/v1/lookup", params=PHONE).status_code == 200  # now trusted
        refused = client.get("/api/v1/lookup", params=query)
    assert lane_answers[-1] is False
    assert refused.status_code == 422
    assert refused.headers["content-type"] == "application/problem+json"
    assert field in refused.json()["detail"]


def test_an_invalid_value_gets_the_routes_reason(node: Node, lane_answers: list[bool]) -> None:
    with node.client("TH-CCIB:analyst") as client:
        client.get("/api/v1/lookup", params=PHONE)
        refused = client.get("/api/v1/lookup", params={"value": "12", "type": "phone"})
    assert lane_answers[-1] is False
    assert refused.status_code == 422
    assert refused.headers["content-type"] == "application/problem+json"


def test_a_token_never_trusted_is_checked_in_full(node: Node, lane_answers: list[bool]) -> None:
    with node.client() as client:
        missing = client.get("/api/v1/lookup", params=PHONE)
        client.headers["Authorization"] = "Bearer not-a-token"
        unknown = client.get("/api/v1/lookup", params=PHONE)
    assert lane_answers == [False, False]
    assert missing.status_code == unknown.status_code == 401


def test_a_parameter_given_twice_is_read_by_the_route(node: Node, lane_answers: list[bool]) -> None:
    _ingest(node, report("TH-1", agency="TH-CCIB", indicators=[PHONE]))
    with node.client("TH-CCIB:analyst") as client:
        client.get("/api/v1/lookup", params=PHONE)
        twice = client.get("/api/v1/lookup?value=%2B66899999999&value=%2B66812345678&type=phone")
    assert lane_answers[-1] is False
    assert twice.status_code == 200
    assert twice.json()["value"] == "+66812345678"  # the last one, as the framework reads it


@pytest.mark.parametrize(
    ("raw", "query"),
    [
        (b"value=%2B66812345678&type=phone", {"value": "+66812345678", "type": "phone"}),
        (b"value=a+b&extra=1", {"value": "a b", "extra": "1"}),  # unknown ones are ignored
        (b"value=%E0%B8%81", {"value": "\u0e01"}),
        (b"value=1&value=2", None),
        (b"country=TH", None),
        (b"value=1&country=T1", None),
    ],
)
def test_queries_are_read_as_the_framework_reads_them(
    raw: bytes, query: dict[str, str] | None
) -> None:
    assert lookup_lane._query(raw) == query


@pytest.mark.parametrize(
    ("headers", "token"),
    [
        ([(b"authorization", b"Bearer abc")], "abc"),
        ([(b"authorization", b"bearer abc")], None),  # unusual: left to the framework
        ([(b"authorization", b"Bearer ")], None),
        ([(b"authorization", b"Bearer a b")], None),
        ([(b"authorization", b"Bearer a"), (b"authorization", b"Bearer b")], None),
        ([], None),
    ],
)
def test_only_one_plain_bearer_header_is_read(
    headers: list[tuple[bytes, bytes]], token: str | None
) -> None:
    assert lookup_lane._bearer(headers) == token
