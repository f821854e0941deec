"""Rescue requests over HTTP: transitions audited, visible to the sharing group only."""

from __future__ import annotations

from sqlalchemy import select

from scamgrid.store import database
from scamgrid.store.tables import AuditEvent
from tests.api.conftest import Node, node  # noqa: F401  (the real-server fixture)


def test_rescue_request_workflow_over_http(node: Node) -> None:  # noqa: F811
    body = {
        "person": {"names": ["王伟"], "dob": "1998-04-12", "nationality": "CN"},
        "marking": "TLP:AMBER",
        "sharing_group": "th-cn",
        "urgency": "critical",
    }
    with node.client("TH-CCIB:analyst") as th:
        created = th.post("/api/v1/rescue-requests", json=body)
        assert created.status_code == 201, created.text
        ref = created.json()["reference"]
        for status in ("verified", "located"):
            moved = th.post(f"/api/v1/rescue-requests/{ref}/transitions", json={"status": status})
            assert moved.status_code == 200, moved.text
        refused = th.post(f"/api/v1/rescue-requests/{ref}/transitions", json={"status": "closed!"})
        assert refused.status_code == 422
        assert refused.headers["content-type"] == "application/problem+json"
    with node.client("CN-MPS:partner") as cn:
        seen = cn.get(f"/api/v1/rescue-requests/{ref}").json()
        assert [h["to"] for h in seen["history"]] == ["reported", "verified", "located"]
        assert "names" not in seen["person"]
    with node.client("MM-MPF:analyst") as mm:
        assert mm.get(f"/api/v1/rescue-requests/{ref}").status_code == 404
        assert mm.get("/api/v1/rescue-requests").json()["total"] == 0
        moved = mm.post(f"/api/v1/rescue-requests/{ref}/transitions", json={"status": "closed"})
        assert moved.status_code == 404
    with database.session(node.db_url) as session:
        events = session.execute(
            select(AuditEvent.action, AuditEvent.actor).where(AuditEvent.target_id == ref)
        ).all()
    actions = [a for a, _ in events]
    assert actions.count("rescue.transition") == 2
    assert ("rescue.create", "analyst@th-ccib.example.org") in events
    assert "rescue.read" in actions  # CN-MPS read another agency's request
