from __future__ import annotations

import pytest
from sqlalchemy import select

from scamgrid.store import database
from scamgrid.store.tables import PublicReport
from tests.api.conftest import Node
from tests.factories import report

PHONE = {"type": "phone", "value": "081 234 5678", "country": "TH"}


@pytest.fixture
def low_rate_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SCAMGRID_PUBLIC_RATE_LIMIT", "5")


def test_public_check_counts_only_open_data_and_names_nobody(node: Node) -> None:
    with node.client("TH-CCIB:analyst") as client:
        for n, marking in enumerate(["TLP:CLEAR", "TLP:GREEN", "TLP:AMBER", "TLP:RED"]):
            body = report(
                f"TH-CCIB-2025-00000{n}",
                marking=marking,
                indicators=[PHONE],
                fraud_type="investment" if n else "impersonation",
            )
            assert client.post("/api/v1/reports", json=body).status_code == 201
    with node.client() as public:
        response = public.get(
            "/api/v1/public/check", params={"value": "081-234-5678", "country": "TH"}
        )
    assert response.status_code == 200
    body = response.json()
    assert body["reported"] is True and body["report_count"] == 2
    assert body["fraud_types"] == {"impersonation": 1, "investment": 1}
    assert "TH-CCIB" not in response.text and "agenc" not in response.text


def test_public_routes_are_rate_limited_with_retry_after(low_rate_limit: None, node: Node) -> None:
    with node.client() as public:
        codes = [
            public.get("/api/v1/public/check", params={"value": "+66812345678"}) for _ in range(7)
        ]
    assert [c.status_code for c in codes] == [200] * 5 + [429] * 2
    assert int(codes[-1].headers["Retry-After"]) >= 1
    assert codes[-1].headers["content-type"] == "application/problem+json"


def test_a_public_report_lands_in_the_review_queue_of_its_country(node: Node) -> None:
    with node.client() as public:
        response = public.post(
            "/api/v1/public/reports",
            json={
                "country": "TH",
                "fraud_type": "job_task",
                "narrative": "They added me on Telegram t.me/hr_offer_th and asked for a deposit",
                "contact": {"name": "Napat", "phone": "0891234567"},
            },
        )
    assert response.status_code == 201
    reference = response.json()["reference"]
    with node.client("TH-CCIB:analyst") as client:
        queue = client.get("/api/v1/review/public-reports").json()["items"]
    with node.client("CN-MPS:analyst") as client:
        assert client.get("/api/v1/review/public-reports").json()["items"] == []
    assert [q["reference"] for q in queue] == [reference]
    assert queue[0]["contact"] == {"name": "Napat", "phone": "0891234567"}
    assert {"type": "telegram", "value": "hr_offer_th"} in queue[0]["indicators"]
    with database.session(node.db_url) as s:
        sealed = s.scalars(select(PublicReport.contact_sealed)).one()
    assert sealed is not None and b"Napat" not in sealed


def test_bad_public_report_gets_a_problem_naming_the_field(node: Node) -> None:
    with node.client() as public:
        response = public.post(
            "/api/v1/public/reports", json={"country": "Thailand", "narrative": "x"}
        )
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert "country" in response.json()["detail"]
