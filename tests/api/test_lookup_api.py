"""Look-ups over HTTP: one value in full, or many at once, only over what the asker may see."""

from __future__ import annotations

from scamgrid.ingest.load import ingest_records
from scamgrid.ingest.reports import ReadOptions, to_record
from tests.api.conftest import Node
from tests.factories import report

PHONE = {"type": "phone", "value": "081 234 5678", "country": "TH"}


def _ingest(node: Node, *rows: dict[str, object]) -> None:
    records = [to_record(row, n, ReadOptions()) for n, row in enumerate(rows, start=1)]
    assert ingest_records(records, "t", "t", node.db_url).rejected == 0


def test_one_lookup_answers_in_full_from_a_local_surface_form(node: Node) -> None:
    wallet = {"type": "crypto_wallet", "value": "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t"}
    _ingest(
        node,
        report("TH-1", indicators=[PHONE, wallet], loss={"amount": 1000.5, "currency": "THB"}),
        report("TH-2", indicators=[PHONE], marking="TLP:RED", fraud_type="loan"),
    )
    with node.client("CN-MPS:analyst") as client:
        response = client.get("/api/v1/lookup", params={"value": "081-234-5678", "country": "TH"})
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["type"], body["value"], body["found"]) == ("phone", "+66812345678", True)
    assert body["report_count"] == 1 and body["fraud_types"] == {"impersonation": 1}
    assert body["losses"] == {"THB": 1000.5} and body["agencies"] == ["TH-CCIB"]
    assert [r["report_id"] for r in body["reports"]] == ["TH-1"]  # never the RED one
    assert body["first_seen"].startswith("2025-02-03T03:15:00")
    assert body["cooccurring"] == [
        {"type": "crypto_wallet", "value": "tron:TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t", "reports": 1}
    ]


def test_bulk_counts_visible_sightings_by_fraud_type_in_input_order(node: Node) -> None:
    _ingest(
        node,
        report("TH-1", indicators=[PHONE], fraud_type="impersonation"),
        report("TH-2", indicators=[PHONE], fraud_type="investment", marking="TLP:AMBER"),
        report("TH-3", indicators=[PHONE], fraud_type="loan", marking="TLP:RED"),
        report("TH-4", indicators=[PHONE], fraud_type="loan", reported_at="2025-03-01T00:00:00Z"),
    )
    items = [
        {"value": "+66812345678", "type": "phone"},
        {"value": "0812345678", "type": "phone", "country": "th"},
        {"value": "+66899999999", "type": "phone"},
        {"value": "not a phone", "type": "phone"},
    ]
    with node.client("MM-MPF:operator") as client:
        response = client.post("/api/v1/lookup/bulk", json={"items": items})
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["count"], body["reported"]) == (4, 2)
    first, local, unknown, bad = body["results"]
    # MM-MPF is outside th-cn and not TH-CCIB: only the two GREEN reports count.
    assert first["fraud_types"] == {"impersonation": 1, "loan": 1}
    assert first["report_count"] == 2 and local["value"] == "+66812345678"
    assert first["first_seen"].startswith("2025-02-03T03:15")
    assert first["last_seen"].startswith("2025-03-01T00:00")
    assert unknown == {**unknown, "reported": False, "report_count": 0, "error": None}
    assert bad["value"] is None and bad["error"]
    with node.client("TH-CCIB:analyst") as client:
        own = client.post("/api/v1/lookup/bulk", json={"items": items[:1]}).json()["results"][0]
    assert own["fraud_types"] == {"impersonation": 1, "investment": 1, "loan": 2}


def test_a_changed_report_moves_its_sightings_to_the_new_fraud_type(node: Node) -> None:
    _ingest(node, report("TH-1", indicators=[PHONE], fraud_type="impersonation"))
    _ingest(node, report("TH-1", indicators=[PHONE], fraud_type="investment"))
    with node.client("CN-MPS:operator") as client:
        body = client.post("/api/v1/lookup/bulk", json={"items": [{"value": "+66812345678"}]})
    assert body.json()["results"][0]["fraud_types"] == {"investment": 1}


def test_oversized_or_malformed_bulk_bodies_get_a_problem(node: Node) -> None:
    with node.client("TH-CCIB:operator") as client:
        too_many = client.post(
            "/api/v1/lookup/bulk", json={"items": [{"value": "+66812345678"}] * 10_001}
        )
        bad_country = client.post(
            "/api/v1/lookup/bulk", json={"items": [{"value": "1", "country": "THA"}]}
        )
        bad_type = client.post("/api/v1/lookup/bulk", json={"items": [{"value": "1", "type": "x"}]})
    for response in (too_many, bad_country, bad_type):
        assert response.status_code == 422, response.text
        assert response.headers["content-type"].startswith("application/problem+json")
