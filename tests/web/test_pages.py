"""Pages over real HTTP on both backends: roles, CSRF, rate limits, redirects, languages."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select

from scamgrid.cases import repatriation, rescues
from scamgrid.cases.tables import RescueRequest
from scamgrid.sharing import accounts, audit
from scamgrid.store import database
from scamgrid.store.visibility import viewer_for_agency
from tests.api.conftest import Node
from tests.web.test_login import PASSWORD, csrf_of, sign_in


@pytest.fixture
def low_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SCAMGRID_PUBLIC_RATE_LIMIT", "2")


def open_rescue(db_url: str) -> str:
    with database.session(db_url) as s:
        th = viewer_for_agency(s, "TH-CCIB")
        data = rescues.RescueInput.from_dict({"person": {"names": ["Somchai"]}})
        created = rescues.create(s, th, audit.Actor("seed", "TH-CCIB"), data)
    return str(created["reference"])


def test_a_partner_sees_the_board_but_cannot_move_a_request(node: Node) -> None:
    reference = open_rescue(node.db_url)
    with database.session(node.db_url) as s:
        accounts.add_user(s, "pat@ccib.example.org", "TH-CCIB", "partner", PASSWORD)
    with httpx.Client(base_url=node.url) as client:
        sign_in(client, "pat@ccib.example.org")
        board = client.get("/rescues")
        assert board.status_code == 200 and reference in board.text
        assert "/transitions" not in board.text  # no buttons for a role that may not move
        moved = client.post(
            f"/rescues/{reference}/transitions",
            data={"status": "verified", "csrf": csrf_of(board.text)},
        )
        assert moved.status_code == 403
    with database.session(node.db_url) as s:
        assert s.scalar(select(RescueRequest.status)) == "reported"


def test_a_forged_transition_is_refused_and_a_wrong_one_explained(node: Node) -> None:
    reference = open_rescue(node.db_url)
    with database.session(node.db_url) as s:
        accounts.add_user(s, "amy@ccib.example.org", "TH-CCIB", "analyst", PASSWORD)
    with httpx.Client(base_url=node.url) as client:
        sign_in(client, "amy@ccib.example.org")
        forged = client.post(
            f"/rescues/{reference}/transitions", data={"status": "verified", "csrf": "0" * 64}
        )
        assert forged.status_code == 403
        csrf = csrf_of(client.get("/rescues").text)
        skipped = client.post(
            f"/rescues/{reference}/transitions", data={"status": "rescued", "csrf": csrf}
        )
        assert skipped.status_code == 303
        explained = client.get(skipped.headers["location"]).text
        assert "it can move to closed, verified" in explained
    with database.session(node.db_url) as s:
        assert s.scalar(select(RescueRequest.status)) == "reported"


def test_the_audit_log_is_for_admins_only(node: Node) -> None:
    with database.session(node.db_url) as s:
        accounts.add_user(s, "amy@ccib.example.org", "TH-CCIB", "analyst", PASSWORD)
        accounts.add_user(s, "boss@ccib.example.org", "TH-CCIB", "admin", PASSWORD)
    with httpx.Client(base_url=node.url) as analyst, httpx.Client(base_url=node.url) as admin:
        sign_in(analyst, "amy@ccib.example.org")
        sign_in(admin, "boss@ccib.example.org")
        assert analyst.get("/audit").status_code == 403
        log = admin.get("/audit")
        assert log.status_code == 200 and "amy@ccib.example.org" in log.text  # her login


def test_public_check_is_rate_limited_with_a_clear_page(low_limit: None, node: Node) -> None:
    with httpx.Client(base_url=node.url) as client:
        csrf = csrf_of(client.get("/check").text)
        for _ in range(2):
            ok = client.post("/check", data={"text": "+66812345678", "csrf": csrf})
            assert ok.status_code == 200 and "Not reported to us so far." in ok.text
        refused = client.post("/check", data={"text": "+66812345678", "csrf": csrf})
    assert refused.status_code == 429
    assert int(refused.headers["retry-after"]) >= 1
    assert "requests a minute" in refused.text and "<html" in refused.text


def test_public_report_names_the_field_it_refuses(node: Node) -> None:
    with httpx.Client(base_url=node.url) as client:
        csrf = csrf_of(client.get("/report").text)
        refused = client.post("/report", data={"csrf": csrf, "country": "TH", "narrative": "  "})
    assert refused.status_code == 422
    assert 'id="narrative-error"' in refused.text and 'aria-invalid="true"' in refused.text


def test_the_language_picker_stays_on_this_site(node: Node) -> None:
    with httpx.Client(base_url=node.url) as client:
        picked = client.get("/language", params={"lang": "my", "next": "/check"})
        assert picked.headers["location"] == "/check"
        assert "scamgrid_lang=my" in picked.headers["set-cookie"]
        away = client.get("/language", params={"lang": "my", "next": "//evil.example/"})
        assert away.headers["location"] == "/"
        page = client.get("/check", headers={"Accept-Language": "th"})  # the cookie wins
    assert page.headers["content-language"] == "my"
    assert re.search(r'<html lang="my">', page.text)


def test_a_browser_in_thai_gets_thai_pages(node: Node) -> None:
    page = httpx.get(f"{node.url}/login", headers={"Accept-Language": "th-TH,th;q=0.9"})
    assert '<html lang="th">' in page.text and "เข้าสู่ระบบ" in page.text


def test_a_large_batch_is_shown_a_page_of_rows_at_a_time(node: Node, tmp_path: Path) -> None:
    rows = "".join(f"PERSON {n},,1990-01-01,CN,E{n:08d},KK Park\n" for n in range(1, 251))
    source = tmp_path / "batch.csv"
    source.write_text("name,names,dob,nationality,passport,compound\n" + rows, encoding="utf-8")
    with database.session(node.db_url) as s:
        th = viewer_for_agency(s, "TH-CCIB")
        actor = audit.Actor("seed", "TH-CCIB")
        repatriation.import_batch(s, th, actor, source, "MAESOT-2025-09", date(2025, 9, 1))
        accounts.add_user(s, "amy@ccib.example.org", "TH-CCIB", "analyst", PASSWORD)
    with httpx.Client(base_url=node.url) as client:
        sign_in(client, "amy@ccib.example.org")
        first = client.get("/repatriation/MAESOT-2025-09")
        last = client.get("/repatriation/MAESOT-2025-09", params={"offset": 200})
    cells = re.compile(r"<tr><td>(\d+)</td>")
    assert [int(n) for n in cells.findall(first.text)] == list(range(2, 102))  # rows of the file
    assert "Rows 1–100 of 250." in first.text
    assert 'href="/repatriation/MAESOT-2025-09?only=&amp;offset=100"' in first.text
    assert "Previous rows" not in first.text
    assert [int(n) for n in cells.findall(last.text)] == list(range(202, 252))
    assert "Rows 201–250 of 250." in last.text and "Next rows" not in last.text
    assert 'href="/repatriation/MAESOT-2025-09?only=&amp;offset=100"' in last.text


def test_the_rescue_board_pages_through_older_requests(node: Node) -> None:
    references = [open_rescue(node.db_url) for _ in range(33)]
    with database.session(node.db_url) as s:
        accounts.add_user(s, "amy@ccib.example.org", "TH-CCIB", "analyst", PASSWORD)
    with httpx.Client(base_url=node.url) as client:
        sign_in(client, "amy@ccib.example.org")
        newest = client.get("/rescues").text
        oldest = client.get("/rescues", params={"offset": 30}).text
    cards = re.compile(r'<article class="card[^"]*" id="([^"]+)"')
    assert len(cards.findall(newest)) == 30 and len(cards.findall(oldest)) == 3
    assert set(cards.findall(newest)) | set(cards.findall(oldest)) == set(references)
    assert 'href="/rescues?offset=30"' in newest and "Newer requests" not in newest
    assert 'href="/rescues?offset=0"' in oldest and "Older requests" not in oldest
