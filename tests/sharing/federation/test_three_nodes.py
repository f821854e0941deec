"""Three national nodes (TH, CN, MM) on 127.0.0.1, each with its own database, synced by TAXII."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from scamgrid.ingest.load import ingest_records
from scamgrid.ingest.reports import ReadOptions, to_record
from scamgrid.sharing import audit
from scamgrid.sharing.federation import peers
from scamgrid.sharing.federation.sync import sync_peer
from scamgrid.sharing.federation.tables import ReportOrigin, Revocation, SyncCursor
from scamgrid.sharing.federation.transport import HttpTransport, ObjectsPage
from scamgrid.sharing.stix.revocation import revoke_report
from scamgrid.store import database
from scamgrid.store.tables import Indicator, Report, Sighting
from scamgrid.store.visibility import viewer_for_agency
from tests.factories import report
from tests.sharing.federation.nodes import prepare, serve


def _ingest(db_url: str, *reports: dict[str, Any]) -> None:
    rows = [to_record(r, n, ReadOptions()) for n, r in enumerate(reports)]
    summary = ingest_records(rows, "seed", "seed", db_url)
    assert not summary.errors


def _ids(db_url: str) -> dict[str, tuple[str, str] | None]:
    """report id -> (origin node, origin agency), None for a report that originated here."""
    with database.session(db_url) as session:
        rows = session.execute(
            select(
                Report.report_id, ReportOrigin.origin_node, ReportOrigin.origin_agency
            ).outerjoin(ReportOrigin, ReportOrigin.report_id == Report.id)
        ).all()
    return {rid: (node, agency) if node else None for rid, node, agency in rows}


def _counts(db_url: str) -> tuple[int, int, int]:
    with database.session(db_url) as session:
        return (
            session.scalar(select(func.count()).select_from(Report)) or 0,
            session.scalar(select(func.count()).select_from(Sighting)) or 0,
            session.scalar(select(func.count()).select_from(Indicator)) or 0,
        )


class Killed(Exception):
    pass


class DiesAfter(HttpTransport):
    """The HTTP transport, killed after `pages` pages of objects."""

    def __init__(self, url: str, token: str, pages: int) -> None:
        super().__init__(url, token)
        self.pages = pages
        self.fetched = 0

    def objects(self, *args: Any, **kwargs: Any) -> ObjectsPage:
        if self.fetched >= self.pages:
            raise Killed
        self.fetched += 1
        return super().objects(*args, **kwargs)


def test_three_nodes_share_what_they_may_and_nothing_else(tmp_path: Path) -> None:
    urls = {n: f"sqlite:///{tmp_path / f'{n}.db'}" for n in ("th", "cn", "mm")}
    tokens = {n: prepare(url) for n, url in urls.items()}
    _ingest(
        urls["th"],
        report("TH-GREEN", marking="TLP:GREEN"),
        report("TH-AMBER", marking="TLP:AMBER", sharing_group="th-cn"),
        report("TH-RED", marking="TLP:RED"),
        report("TH-STRICT", marking="TLP:AMBER+STRICT"),
    )
    _ingest(urls["mm"], report("MM-GREEN", agency="MM-MPF", country="MM", marking="TLP:GREEN"))
    with (
        serve("th", urls["th"], tokens["th"]) as th,
        serve("cn", urls["cn"], tokens["cn"]) as cn,
        serve("mm", urls["mm"], tokens["mm"]),
    ):
        # Each node holds a token of its own agency's account on the others.
        with database.session(urls["cn"]) as s:
            peers.add_peer(s, "th", th.url, th.tokens["CN-MPS:partner"])
        with database.session(urls["mm"]) as s:
            peers.add_peer(s, "th", th.url, th.tokens["MM-MPF:analyst"], agency="TH-CCIB")
            peers.add_peer(s, "cn", cn.url, cn.tokens["MM-MPF:partner"])
        assert sync_peer("th", "cn", urls["cn"]).pulled.inserted == 2
        mm_th = sync_peer("th", "mm", urls["mm"])
        assert mm_th.pushed > 0 and mm_th.push_failures == 0
        sync_peer("cn", "mm", urls["mm"])

        # Shared data arrived with its provenance; RED, AMBER+STRICT and out-of-group AMBER not.
        assert _ids(urls["cn"]) == {
            "TH-GREEN": ("th", "TH-CCIB"),
            "TH-AMBER": ("th", "TH-CCIB"),
        }
        assert _ids(urls["mm"]) == {"MM-GREEN": None, "TH-GREEN": ("th", "TH-CCIB")}
        # MM pushed its GREEN record to TH, which keeps where it came from.
        assert _ids(urls["th"])["MM-GREEN"] == ("mm", "MM-MPF")
        with database.session(urls["cn"]) as s:
            cn_view = viewer_for_agency(s, "CN-MPS")
            amber = s.scalar(select(Report).where(Report.report_id == "TH-AMBER"))
            assert amber is not None and amber.sharing_group_id in cn_view.group_ids
            assert amber.victim_sealed is None  # personal data never travels

        # CN gets MM's record relayed by TH, provenance intact; then a sync changes nothing.
        assert sync_peer("th", "cn", urls["cn"]).pulled.inserted == 1
        assert _ids(urls["cn"])["MM-GREEN"] == ("mm", "MM-MPF")
        before = {n: _counts(u) for n, u in urls.items()}
        again = sync_peer("th", "cn", urls["cn"])
        assert again.pulled.inserted == again.pulled.updated == 0
        assert {n: _counts(u) for n, u in urls.items()} == before

        # TH revokes its GREEN report: the revocation reaches CN, and MM through both paths.
        with database.session(urls["th"]) as s:
            viewer = viewer_for_agency(s, "TH-CCIB")
            assert revoke_report(s, viewer, audit.Actor("t", "TH-CCIB"), "TH-GREEN", "th")
        assert sync_peer("th", "cn", urls["cn"]).pulled.revoked == 1
        sync_peer("cn", "mm", urls["mm"])
        sync_peer("th", "mm", urls["mm"])
        assert "TH-GREEN" not in _ids(urls["cn"]) and "TH-GREEN" not in _ids(urls["mm"])
        with database.session(urls["mm"]) as s:
            assert s.scalar(select(Revocation.report_id)) == "TH-GREEN"

        # A sync killed halfway and rerun loses and duplicates nothing.
        many = [report(f"TH-BULK-{n:04d}", marking="TLP:GREEN") for n in range(120)]
        _ingest(urls["th"], *many)
        with database.session(urls["cn"]) as s:
            token = peers.token_of(peers.get_peer(s, "th"))
        # Collections are read in order: th-cn, the CN-MPS and MM-MPF feeds (one page each),
        # then the TH-CCIB feed, 8 reports (of 7 objects) a page: die 3 pages into it.
        dying = DiesAfter(th.taxii, token, pages=6)
        try:
            sync_peer("th", "cn", urls["cn"], transport=dying, page_size=60)
        except Killed:
            pass
        else:
            raise AssertionError("the sync should have been cut off")
        halfway = {r for r in _ids(urls["cn"]) if r.startswith("TH-BULK")}
        assert 0 < len(halfway) < 120
        with database.session(urls["cn"]) as s:
            assert s.scalar(select(SyncCursor.next_token).where(SyncCursor.next_token.is_not(None)))
        resumed = DiesAfter(th.taxii, token, pages=1000)
        sync_peer("th", "cn", urls["cn"], transport=resumed, page_size=60)
        bulk = {r for r in _ids(urls["cn"]) if r.startswith("TH-BULK")}
        assert bulk == {f"TH-BULK-{n:04d}" for n in range(120)}
        # It resumed from the cursor: one page per other collection, the rest of the feed.
        assert resumed.fetched <= 3 + -(-(120 - len(halfway)) // 8) + 1
        with database.session(urls["cn"]) as s:
            sightings = s.scalar(
                select(func.count())
                .select_from(Sighting)
                .join(Report, Report.id == Sighting.report_id)
                .where(Report.report_id.like("TH-BULK-%"))
            )
        assert sightings == 120 * 6  # 5 identifiers + the URL's domain, once each
