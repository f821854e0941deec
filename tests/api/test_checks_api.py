from __future__ import annotations

from tests.api.conftest import Node
from tests.factories import report

LURE = "Your KBANK account is frozen. Call officer now 081-234-5678 or pay at t.me/safe_acc_th"


def test_a_reported_number_in_a_message_is_cited_without_naming_the_agency(node: Node) -> None:
    with node.client("TH-CCIB:analyst") as client:
        for n, marking in enumerate(["TLP:GREEN", "TLP:GREEN", "TLP:RED"]):
            body = report(
                f"TH-CCIB-2025-{n:06d}",
                marking=marking,
                indicators=[{"type": "phone", "value": "0812345678", "country": "TH"}],
            )
            assert client.post("/api/v1/reports", json=body).status_code == 201
    with node.client() as public:
        response = public.post("/api/v1/public/check", json={"text": LURE, "country": "TH"})
    assert response.status_code == 200
    verdict = response.json()
    cited = [i for i in verdict["indicators"] if i["citation"]]
    assert [c["value"] for c in cited] == ["+66812345678"]
    assert cited[0]["citation"]["report_count"] == 2  # the RED report is not counted
    assert "reported 2 times as impersonation" in cited[0]["explanation"]
    assert "TH-CCIB" not in response.text
    assert verdict["label"] == "scam" and verdict["advice"]


def test_operators_check_batches_and_are_told_what_was_flagged(node: Node) -> None:
    messages = [{"id": "a", "text": LURE}, {"id": "b", "text": "See you at dinner at 7?"}]
    with node.client("TH-CCIB:operator") as client:
        response = client.post("/api/v1/check", json={"messages": messages, "country": "TH"})
    assert response.status_code == 200
    results = {r["id"]: r["label"] for r in response.json()["results"]}
    assert results["b"] == "legitimate"
    too_many = {"messages": [{"text": "x"}] * 1001}
    with node.client("TH-CCIB:operator") as client:
        assert client.post("/api/v1/check", json=too_many).status_code == 422


def test_a_link_in_a_message_is_cited_by_its_blocklisted_domain(node: Node) -> None:
    with node.client("TH-CCIB:analyst") as client:
        body = report(
            "TH-CCIB-2025-000009",
            marking="TLP:CLEAR",
            indicators=[{"type": "domain", "value": "airdrop-claim.top"}],
        )
        assert client.post("/api/v1/reports", json=body).status_code == 201
    text = "Claim your free tokens at https://www.airdrop-claim.top/wallet/connect today"
    with node.client() as public:
        verdict = public.post("/api/v1/public/check", json={"text": text}).json()
    cited = [i for i in verdict["indicators"] if i["citation"]]
    assert [(c["type"], c["citation"]["type"], c["citation"]["value"]) for c in cited] == [
        ("url", "domain", "airdrop-claim.top")
    ]


JOB_AD = (
    "URGENT HIRING: customer service staff for our company in Cambodia. Salary 3000 USD/month, "
    "free flight ticket and accommodation. No experience needed. Contact Telegram "
    "@hr_global_jobs only."
)


def test_a_batch_check_records_fake_job_ads_but_the_public_check_writes_nothing(
    node: Node,
) -> None:
    with node.client() as public:
        verdict = public.post("/api/v1/public/check", json={"text": JOB_AD}).json()
    assert verdict["label"] == "fake_job"
    with node.client("TH-CCIB:analyst") as client:
        assert client.get("/api/v1/reports").json()["total"] == 0
    with node.client("TH-CCIB:operator") as client:
        response = client.post("/api/v1/check", json={"messages": [{"id": "ad", "text": JOB_AD}]})
    (lure,) = response.json()["lure_reports"]
    with node.client("TH-CCIB:analyst") as client:
        stored = client.get(f"/api/v1/reports/{lure}").json()
    assert stored["agency"] == "TH-CCIB" and stored["marking"] == "TLP:GREEN"
    assert [(i["type"], i["value"]) for i in stored["indicators"]] == [
        ("telegram", "hr_global_jobs")
    ]


def test_a_batch_of_exactly_one_thousand_messages_is_checked(node: Node) -> None:
    messages = [{"id": str(n), "text": f"See you at {n % 12 + 1} pm?"} for n in range(1000)]
    with node.client("TH-CCIB:operator") as client:
        response = client.post("/api/v1/check", json={"messages": messages})
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1000
    assert [r["id"] for r in body["results"]] == [m["id"] for m in messages]
