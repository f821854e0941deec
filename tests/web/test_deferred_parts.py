"""Heavy parts of pages load after their frame, from caches that never cross agencies.

The graph page's syndicate list and the statistics figures follow their frame (htmx); the
analysed link graph is warmed per agency when the server starts; the figures are counted by the
database, and must still be the store's numbers under the marking rules.
"""

from __future__ import annotations

import asyncio
import json
import re
import threading
from collections import defaultdict
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from decimal import Decimal
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from scamgrid.api.app import create_app
from scamgrid.cases import reports as casework
from scamgrid.cases import rescues, stats
from scamgrid.graph import cache
from scamgrid.sharing import accounts, audit
from scamgrid.store import database
from scamgrid.store.tables import Report
from scamgrid.store.visibility import may_see, viewer_for_agency
from scamgrid.web import i18n, warming
from tests.api.conftest import Node
from tests.factories import agencies_and_groups, report
from tests.web.test_login import PASSWORD, sign_in

SECRET = "red_only_cn_5512"  # a handle in a RED report of CN-MPS only


def handle(name: str) -> list[dict[str, str]]:
    return [{"type": "telegram", "value": name}]


def add(url: str, agency: str, body: dict[str, Any]) -> None:
    with database.session(url) as s:
        viewer = viewer_for_agency(s, agency)
        casework.create_report(s, viewer, audit.Actor(f"seed@{agency}", agency), body)


def seed_syndicates(url: str) -> None:
    """Two TH-CCIB reports linked by a handle; two RED CN-MPS reports linked by another."""
    for n in (1, 2):
        add(url, "TH-CCIB", report(f"TH-CCIB-2025-00001{n}", indicators=handle("shared_th")))
        red = report(
            f"CN-MPS-2025-00009{n}",
            agency="CN-MPS",
            country="CN",
            marking="TLP:RED",
            indicators=handle(SECRET),
        )
        add(url, "CN-MPS", red)


@contextmanager
def signed_in(node: Node, email: str, agency: str) -> Iterator[httpx.Client]:
    with database.session(node.db_url) as s:
        accounts.add_user(s, email, agency, "analyst", PASSWORD)
    with httpx.Client(base_url=node.url, timeout=30) as client:
        sign_in(client, email)
        yield client


def test_graph_frame_renders_before_its_syndicates_which_stay_the_agencys_own(
    node: Node,
) -> None:
    seed_syndicates(node.db_url)
    with signed_in(node, "amy@ccib.example.org", "TH-CCIB") as client:
        frame = client.get("/graph")
        listed = client.get("/graph/syndicates")
        inline = client.get("/graph", params={"inline": "1"})
    assert frame.status_code == 200
    assert 'hx-get="/graph/syndicates"' in frame.text and 'aria-busy="true"' in frame.text
    assert "/graph?syndicate=S-" not in frame.text  # the list is not waited for
    assert listed.status_code == 200 and "<html" not in listed.text  # a fragment
    for answer in (listed, inline):
        assert len(re.findall(r'href="/graph\?syndicate=S-', answer.text)) == 1
        assert "TH-CCIB" in answer.text and "CN-MPS" not in answer.text
        assert SECRET not in answer.text
    with signed_in(node, "li@mps.example.org", "CN-MPS") as client:
        own = client.get("/graph/syndicates").text
    assert len(re.findall(r'href="/graph\?syndicate=S-', own)) == 2  # RED ones are CN's own
    assert SECRET in own


def test_the_syndicate_list_follows_a_change_in_the_store(node: Node) -> None:
    seed_syndicates(node.db_url)
    with signed_in(node, "amy@ccib.example.org", "TH-CCIB") as client:
        before = client.get("/graph/syndicates").text
        for n in (3, 4):
            add(
                node.db_url,
                "TH-CCIB",
                report(f"TH-CCIB-2025-00003{n}", indicators=handle("second_ring")),
            )
        after = client.get("/graph/syndicates").text
    assert len(re.findall(r"syndicate=S-", before)) == 1
    assert len(re.findall(r"syndicate=S-", after)) == 2


def test_start_up_warms_each_agency_with_users_into_its_own_entry(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    agencies_and_groups(db_url)
    seed_syndicates(db_url)
    with database.session(db_url) as s:
        accounts.add_user(s, "amy@ccib.example.org", "TH-CCIB", "analyst", PASSWORD)
        accounts.add_user(s, "li@mps.example.org", "CN-MPS", "analyst", PASSWORD)
    cache.clear()
    loaded: list[str | None] = []
    real_load = cache.load

    def counted(session: Any, viewer: Any) -> Any:
        loaded.append(viewer.agency_code)
        return real_load(session, viewer)

    monkeypatch.setattr(cache, "load", counted)
    app = create_app(db_url)

    async def start_up_and_shut_down() -> None:
        async with app.router.lifespan_context(app):
            for thread in threading.enumerate():
                if thread.name == "graph-warming":
                    await asyncio.to_thread(thread.join, 30)

    with ThreadPoolExecutor(1) as own_loop:  # the browser tests' driver holds this thread's loop
        own_loop.submit(asyncio.run, start_up_and_shut_down()).result()
    assert sorted(loaded) == ["CN-MPS", "TH-CCIB"]  # MM-MPF has no user: not warmed
    with database.session(db_url) as s:
        th, _ = cache.analysed(s, viewer_for_agency(s, "TH-CCIB"))
        cn, _ = cache.analysed(s, viewer_for_agency(s, "CN-MPS"))
    assert len(loaded) == 2  # both answered from the warmed entries
    assert "CN-MPS-2025-000091" in cn.reports and "CN-MPS-2025-000091" not in th.reports
    stopped = threading.Event()
    stopped.set()
    assert warming.warm(db_url, stopped) == []
    cache.clear()
    # Switched off (workers answering operators' look-ups): start-up analyses nothing.
    monkeypatch.setenv("SCAMGRID_GRAPH_WARMING", "0")
    loaded.clear()
    with ThreadPoolExecutor(1) as own_loop:
        own_loop.submit(asyncio.run, start_up_and_shut_down()).result()
    assert loaded == []


def test_statistics_figures_are_the_stores_numbers(node: Node) -> None:
    rows = [
        # 1 March 03:00 in Bangkok is still February in UTC, which months are counted in.
        ("TH-CCIB", "TLP:GREEN", "2025-03-01T03:00:00+07:00", "1234.56 THB"),
        ("TH-CCIB", "TLP:GREEN", "2025-03-01T08:00:00+07:00", "0.29 THB"),
        ("TH-CCIB", "TLP:AMBER", "2025-01-31T23:59:00+00:00", "99.99 USD"),
        ("CN-MPS", "TLP:GREEN", "2025-02-10T10:00:00+08:00", "5000.10 CNY"),
        ("CN-MPS", "TLP:AMBER", "2025-02-11T10:00:00+08:00", "70.01 CNY"),  # group th-cn
        ("CN-MPS", "TLP:RED", "2025-02-12T10:00:00+08:00", "999999.99 CNY"),
        ("MM-MPF", "TLP:AMBER", "2025-02-12T10:00:00+06:30", "1000 MMK"),  # MM-MPF's own
        ("MM-MPF", "TLP:CLEAR", "2025-02-13T10:00:00+06:30", ""),
    ]
    for n, (agency, marking, at, loss) in enumerate(rows):
        amount, _, currency = loss.partition(" ")
        body = report(
            f"{agency}-2025-{n:06d}",
            agency=agency,
            country=agency[:2],
            marking=marking,
            reported_at=at,
            loss={"amount": amount, "currency": currency} if loss else None,
            indicators=handle(f"handle_{n}"),
        )
        if agency == "CN-MPS" and marking == "TLP:AMBER":
            body["sharing_group"] = "th-cn"
        add(node.db_url, agency, body)
    with signed_in(node, "amy@ccib.example.org", "TH-CCIB") as client:
        page = client.get("/stats/figures").text
    found = re.search(r'<script type="application/json" id="charts-data">(.*?)</script>', page)
    assert found is not None
    charts = json.loads(found.group(1))
    by_month: dict[str, float] = defaultdict(float)
    usd: dict[str, float] = defaultdict(float)
    with database.session(node.db_url) as s:
        th = viewer_for_agency(s, "TH-CCIB")
        for r in s.scalars(select(Report)):
            if may_see(th, r.marking, r.agency_id, r.sharing_group_id):
                by_month[stats.month_of(r.reported_at)] += 1
                if r.loss_amount is not None and r.loss_currency:
                    rate = stats.USD_PER_UNIT[r.loss_currency]
                    usd[r.country or "??"] += float(r.loss_amount) * rate
    assert charts["reports_by_month"] == {"2025-01": 1, "2025-02": 4, "2025-03": 1}
    assert charts["reports_by_month"] == by_month
    expected = {k: round(v) for k, v in sorted(usd.items(), key=lambda i: (-i[1], i[0]))}
    assert charts["losses_by_country"] == expected
    with database.session(node.db_url) as s:
        figures = stats.collect(s, viewer_for_agency(s, "TH-CCIB"))
    assert figures.losses == {
        "THB": Decimal("1234.85"),
        "USD": Decimal("99.99"),
        "CNY": Decimal("5070.11"),
    }


def test_chart_labels_follow_the_pages_language(node: Node) -> None:
    with database.session(node.db_url) as s:
        th = viewer_for_agency(s, "TH-CCIB")
        data = rescues.RescueInput.from_dict({"person": {"names": ["Somchai"]}})
        rescues.create(s, th, audit.Actor("seed", "TH-CCIB"), data)
    with signed_in(node, "amy@ccib.example.org", "TH-CCIB") as client:
        page = client.get("/stats/figures", headers={"Accept-Language": "th"}).text
    found = re.search(r'<script type="application/json" id="charts-names">(.*?)</script>', page)
    assert found is not None
    reported = i18n.labeller("th")("rescue_status", "reported")
    assert reported != "reported"
    assert json.loads(found.group(1))["rescues_by_status"] == {"reported": reported}
