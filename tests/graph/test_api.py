"""The graph routes answer from the caller's own link graph: real server app, real store."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import uvicorn
from sqlalchemy import select

from scamgrid.api.app import create_app
from scamgrid.sharing import accounts
from scamgrid.store import database
from scamgrid.store.tables import AuditEvent
from tests.api.conftest import free_port
from tests.graph.conftest import gangs, store_reports
from tests.graph.test_visibility import SECRETS
from tests.graph.test_visibility import rows as secret_rows


@pytest.fixture
def server(db_url: str) -> Iterator[str]:
    """A real scamgrid server on 127.0.0.1 over the test's store."""
    port = free_port()
    running = uvicorn.Server(
        uvicorn.Config(create_app(db_url), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not running.started and time.monotonic() < deadline:
        time.sleep(0.01)
    yield f"http://127.0.0.1:{port}"
    running.should_exit = True
    thread.join(timeout=10)


def th_client(db_url: str, url: str) -> httpx.Client:
    """An analyst of TH-CCIB (the store must hold the agencies)."""
    with database.session(db_url) as session:
        accounts.add_user(session, "a@th.example.org", "TH-CCIB", "analyst")
        token, _ = accounts.create_token(session, "a@th.example.org")
    return httpx.Client(base_url=url, headers={"Authorization": f"Bearer {token}"}, timeout=60)


def test_syndicates_and_one_syndicate_as_cytoscape(
    db_url: str, tmp_path: Path, server: str
) -> None:
    store_reports(db_url, tmp_path, gangs(count=6, size=3))
    with th_client(db_url, server) as client:
        listed = client.get("/api/v1/graph/syndicates", params={"min_reports": 3}).json()
        assert listed["count"] == 6
        first = listed["syndicates"][0]
        one = client.get(f"/api/v1/graph/syndicates/{first['id']}")
        assert one.status_code == 200
        body = one.json()
        reports = {
            n["data"]["label"] for n in body["elements"]["nodes"] if n["data"]["kind"] == "report"
        }
        assert reports == set(first["reports"]) and body["syndicate"]["id"] == first["id"]
        missing = client.get("/api/v1/graph/syndicates/S-0000000000")
        assert missing.status_code == 404
        assert missing.headers["content-type"] == "application/problem+json"


def test_explain_route_hides_what_the_caller_may_not_see(
    db_url: str, tmp_path: Path, server: str
) -> None:
    store_reports(db_url, tmp_path, secret_rows())
    with th_client(db_url, server) as client:
        hidden = client.get("/api/v1/graph/explain", params={"a": "TH-CCIB-0", "b": "MM-MPF-RED"})
        assert hidden.status_code == 404
        apart = client.get("/api/v1/graph/explain", params={"a": "TH-CCIB-0", "b": "CN-MPS-AMBER"})
        assert apart.status_code == 200 and apart.json()["linked"] is False
        own = client.get("/api/v1/graph/explain", params={"a": "TH-CCIB-0", "b": "TH-CCIB-1"})
        assert own.json()["hops"] == 2
        listed = client.get("/api/v1/graph/syndicates", params={"min_reports": 1}).text
        assert not any(secret in listed for secret in SECRETS)
    with database.session(db_url) as session:
        actions = set(session.scalars(select(AuditEvent.action)))
    assert {"graph.explain", "graph.syndicates"} <= actions


def test_key_figures_and_persons_answer_as_the_callers_agency(
    db_url: str, tmp_path: Path, server: str
) -> None:
    from tests.graph.test_graph_persons import rows as person_rows

    store_reports(db_url, tmp_path, person_rows())
    with database.session(db_url) as session:
        accounts.add_user(session, "p@cn.example.org", "CN-MPS", "partner")
        token, _ = accounts.create_token(session, "p@cn.example.org")
    with th_client(db_url, server) as client:
        figures = client.get("/api/v1/graph/key-figures").json()["key_figures"]
        assert (figures[0]["node"], figures[0]["label"]) == ("person:P-REC", "Wang Wei")
        listed = client.get("/api/v1/graph/persons").json()["persons"]
        assert {p["ref"] for p in listed} == {"P-REC", "P-MULE"}
        assert client.get("/api/v1/graph/persons", params={"role": "kingpin"}).status_code == 422
    headers = {"Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=server, headers=headers, timeout=60) as client:
        listed = client.get("/api/v1/graph/persons", params={"role": "recruiter"}).json()
        (recruiter,) = listed["persons"]
        assert recruiter["names"] is None  # TH-CCIB's person, names not released
        assert "MM-MPF" not in str(listed) and "P-SECRET" not in str(listed)
    with database.session(db_url) as session:
        events = session.scalars(
            select(AuditEvent.detail).where(AuditEvent.action == "graph.persons")
        ).all()
        assert any('"TH-CCIB": 1' in e or '"TH-CCIB":1' in e for e in events)
