from __future__ import annotations

from sqlalchemy import select

from scamgrid.cases import persons
from scamgrid.sharing import audit
from scamgrid.store import database
from scamgrid.store.tables import AuditEvent
from scamgrid.store.visibility import SYSTEM
from tests.api.conftest import Node
from tests.factories import report


def test_create_read_update_delete_are_audited(node: Node) -> None:
    with node.client("TH-CCIB:analyst") as client:
        created = client.post("/api/v1/reports", json=report("TH-CCIB-2025-000001"))
        assert created.status_code == 201, created.text
        assert created.json()["victim"]["name"] == "Somchai Jaidee"
        changed = client.patch(
            "/api/v1/reports/TH-CCIB-2025-000001", json={"fraud_type": "investment"}
        )
        assert changed.status_code == 200 and changed.json()["fraud_type"] == "investment"
        assert len(changed.json()["indicators"]) == 6  # five, and the URL's domain
    with node.client("CN-MPS:partner") as client:
        seen = client.get("/api/v1/reports/TH-CCIB-2025-000001")
        assert seen.status_code == 200 and "victim" not in seen.json()
    with node.client("TH-CCIB:analyst") as client:
        assert client.delete("/api/v1/reports/TH-CCIB-2025-000001").status_code == 204
    with database.session(node.db_url) as s:
        actions = [
            (e.action, e.agency) for e in s.scalars(select(AuditEvent).order_by(AuditEvent.id))
        ]
        with database.engine(node.db_url).connect() as conn:
            assert audit.verify(conn).ok
    assert ("report.create", "TH-CCIB") in actions
    assert ("report.update", "TH-CCIB") in actions
    assert ("report.read", "CN-MPS") in actions
    assert ("report.delete", "TH-CCIB") in actions


def test_invalid_report_gets_a_problem_naming_the_field(node: Node) -> None:
    body = report("TH-CCIB-2025-000002", indicators=[{"type": "iban", "value": "GB00XXXX"}])
    with node.client("TH-CCIB:analyst") as client:
        response = client.post("/api/v1/reports", json=body)
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["field"] == "indicators[0].value"


def test_listing_pages_and_filters(node: Node) -> None:
    with node.client("TH-CCIB:analyst") as client:
        for n in range(7):
            body = report(
                f"TH-CCIB-2025-{n:06d}",
                fraud_type="loan" if n % 2 else "romance",
                reported_at=f"2025-03-0{n + 1}T10:00:00+07:00",
            )
            assert client.post("/api/v1/reports", json=body).status_code == 201
        page = client.get("/api/v1/reports", params={"limit": 3, "offset": 3}).json()
        loans = client.get("/api/v1/reports", params={"fraud_type": "loan"}).json()
    assert page["total"] == 7 and [r["id"] for r in page["items"]] == [
        "TH-CCIB-2025-000003",
        "TH-CCIB-2025-000002",
        "TH-CCIB-2025-000001",
    ]
    assert loans["total"] == 3


def test_writing_for_another_agency_is_forbidden(node: Node) -> None:
    with node.client("TH-CCIB:analyst") as client:
        response = client.post("/api/v1/reports", json=report("X-1", agency="CN-MPS"))
    assert response.status_code == 403


def test_missing_and_unknown_tokens_are_401(node: Node) -> None:
    with node.client() as client:
        assert client.get("/api/v1/reports").status_code == 401
        bad = client.get("/api/v1/reports", headers={"Authorization": "Bearer sg_nope"})
    assert bad.status_code == 401


def _person_links(db_url: str) -> set[tuple[str, str, str]]:
    with database.session(db_url) as session:
        return {
            (p.ref, link["relation"], link["target"])
            for p in persons.visible_persons(session, SYSTEM)
            for link in p.links
        }


def test_the_persons_a_report_names_are_written_kept_and_replaced(node: Node) -> None:
    recruiter = {
        "ref": "TH-P-9",
        "role": "recruiter",
        "names": ["Wang Wei"],
        "identifiers": [{"type": "telegram", "value": "@hr_wang"}],
    }
    named = {
        ("TH-P-9", "named", "report:TH-CCIB-2025-000009"),
        ("TH-P-9", "uses", "telegram:hr_wang"),
    }
    url = "/api/v1/reports/TH-CCIB-2025-000009"
    with node.client("TH-CCIB:analyst") as client:
        body = report("TH-CCIB-2025-000009", persons=[recruiter])
        assert client.post("/api/v1/reports", json=body).status_code == 201
        assert _person_links(node.db_url) == named
        # A change that does not mention persons keeps the links.
        assert client.patch(url, json={"fraud_type": "job_task"}).status_code == 200
        assert _person_links(node.db_url) == named
        # Bad persons are refused with the field, and nothing changes.
        bad = client.patch(url, json={"persons": [{"role": "kingpin"}]})
        assert bad.status_code == 422 and bad.json()["field"] == "persons[0].role"
        assert _person_links(node.db_url) == named
        # Naming persons anew replaces them; an empty list removes them.
        assert client.patch(url, json={"persons": []}).status_code == 200
    assert _person_links(node.db_url) == set()
