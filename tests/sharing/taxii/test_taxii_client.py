"""The standard taxii2-client against a real server on 127.0.0.1."""

from __future__ import annotations

from pathlib import Path

import requests
from taxii2client.v21 import Collection, Server, as_pages

from scamgrid.ingest.load import ingest_records
from scamgrid.ingest.reports import ReadOptions, to_record
from scamgrid.sharing.stix import vocabulary as v
from scamgrid.sharing.taxii.collections import collection_id
from tests.factories import report
from tests.sharing.federation.nodes import prepare, serve


class BearerAuth(requests.auth.AuthBase):
    """The platform's bearer tokens (taxii2-client's TokenAuth sends `Token`, not `Bearer`)."""

    def __init__(self, token: str) -> None:
        self.token = token

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        request.headers["Authorization"] = f"Bearer {self.token}"
        return request


def _seed(db_url: str, count: int) -> None:
    rows = [
        to_record(report(f"TH-CCIB-2025-{n:06d}", marking="TLP:GREEN"), n, ReadOptions())
        for n in range(count)
    ]
    rows.append(to_record(report("TH-RED", marking="TLP:RED"), 0, ReadOptions()))
    amber = report("TH-AMBER", marking="TLP:AMBER", sharing_group="th-cn")
    rows.append(to_record(amber, 0, ReadOptions()))
    ingest_records(rows, "seed", "seed", db_url)


def test_taxii2_client_discovers_lists_pages_and_adds(tmp_path: Path) -> None:
    db_url = f"sqlite:///{tmp_path / 'th.db'}"
    tokens = prepare(db_url)
    _seed(db_url, 30)
    with serve("th", db_url, tokens) as node:
        auth = BearerAuth(tokens["CN-MPS:analyst"])
        server = Server(node.taxii, auth=auth)
        assert server.title == "scamgrid node th"
        root = server.default
        assert root is not None
        assert "application/taxii+json;version=2.1" in root.versions
        by_id = {c.id: c for c in root.collections}
        feed = by_id[collection_id("agency", "TH-CCIB")]
        group = by_id[collection_id("group", "th-cn")]
        assert feed.can_read and not feed.can_write and group.can_write

        pages = list(as_pages(feed.get_objects, per_request=40))
        assert len(pages) > 2  # 30 reports of 6 objects each, in pages of at most 40
        objects = [o for page in pages for o in page.get("objects", [])]
        assert all(len(page.get("objects", [])) <= 40 for page in pages)
        reports = {o["name"] for o in objects if o["type"] == "report"}
        assert len(reports) == 30
        assert len({o["id"] for o in objects}) == len(objects)  # no object twice across pages
        markings = {ref for o in objects for ref in o.get("object_marking_refs", [])}
        assert markings == {v.TLP_IDS[v.Marking.GREEN]}  # RED and the group's AMBER stay out
        group_reports = [o for o in group.get_objects()["objects"] if o["type"] == "report"]
        assert [o["name"] for o in group_reports] == ["Scam report TH-AMBER"]

        only = feed.get_objects(type="report", limit=5)
        assert {o["type"] for o in only["objects"]} == {"report"} and only["more"]
        manifest = feed.get_manifest(limit=3)
        assert len(manifest["objects"]) == 3 and all("date_added" in m for m in manifest["objects"])
        a_report = v.report_stix_id("TH-CCIB-2025-000007")
        assert feed.get_object(a_report)["objects"][0]["id"] == a_report
        assert len(feed.object_versions(a_report)["versions"]) == 1

        # CN-MPS adds a GREEN report of its own to its feed: the status is complete, and it
        # is then served, with the caller's node as provenance.
        cn_feed = Collection(
            f"{root.url}collections/{collection_id('agency', 'CN-MPS')}/", auth=auth
        )
        bundle = _cn_bundle()
        status = cn_feed.add_objects(bundle)
        assert status.status == "complete" and status.success_count == len(bundle["objects"])
        added = cn_feed.get_objects(type="report")["objects"]
        assert [o["name"] for o in added] == ["Scam report CN-MPS-2025-000001"]
        # Nobody writes into another agency's feed.
        refused = requests.post(
            feed.objects_url,
            json=bundle,
            headers={"Content-Type": "application/taxii+json;version=2.1"},
            auth=auth,
            timeout=10,
        )
        assert refused.status_code == 403
        mm = Server(node.taxii, auth=BearerAuth(tokens["MM-MPF:partner"])).default
        assert mm is not None
        assert collection_id("group", "th-cn") not in {c.id for c in mm.collections}
        anonymous = requests.get(node.taxii, timeout=10)
        assert anonymous.status_code == 401
        html = requests.get(node.taxii, headers={"Accept": "text/html"}, auth=auth, timeout=10)
        assert html.status_code == 406  # TAXII 2.1, 3.2: an unacceptable Accept header
        assert html.headers["content-type"].startswith("application/problem+json")


def _cn_bundle() -> dict[str, object]:
    from datetime import UTC, datetime

    from scamgrid.sharing.stix import objects as o

    now = datetime.now(UTC)
    view = o.ReportView(
        report_id="CN-MPS-2025-000001",
        agency="CN-MPS",
        country="CN",
        reported_at=now,
        channel="call",
        fraud_type="impersonation",
        loss_amount=None,
        loss_currency=None,
        narrative="Caller posed as a courier.",
        marking="TLP:GREEN",
        sharing_group=None,
        group_members=[],
        modified=now,
        origin_node="cn",
        indicators=[o.IndicatorView("phone", "+8613812345678", "138 1234 5678", True, "CN")],
    )
    identity = o.identity("CN-MPS", "Ministry of Public Security", "CN", now)
    return {"objects": [identity, *o.report_objects(view)]}
