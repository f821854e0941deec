"""Login for pages over real HTTP: signed HttpOnly SameSite cookie, CSRF, audited."""

from __future__ import annotations

import re

import httpx
from sqlalchemy import select

from scamgrid.sharing import accounts
from scamgrid.store import database
from scamgrid.store.tables import AuditEvent
from tests.api.conftest import Node
from tests.factories import report

PASSWORD = "correct horse battery staple"


def csrf_of(page: str) -> str:
    found = re.search(r'name="csrf" value="([0-9a-f]+)"', page)
    assert found, page
    return found.group(1)


def sign_in(client: httpx.Client, email: str, password: str = PASSWORD) -> httpx.Response:
    csrf = csrf_of(client.get("/login").text)
    return client.post("/login", data={"email": email, "password": password, "csrf": csrf})


def test_login_sets_a_hardened_cookie_and_is_audited(node: Node) -> None:
    with database.session(node.db_url) as s:
        accounts.add_user(s, "amy@ccib.example.org", "TH-CCIB", "analyst", PASSWORD)
    with httpx.Client(base_url=node.url) as client:
        response = sign_in(client, "amy@ccib.example.org")
        assert response.status_code == 303 and response.headers["location"] == "/"
        cookie = response.headers["set-cookie"]
        assert "scamgrid_session=" in cookie and "HttpOnly" in cookie
        assert "SameSite=strict" in cookie or "samesite=strict" in cookie.lower()
        home = client.get("/")
        assert home.status_code == 200 and "amy@ccib.example.org" in home.text
        assert client.post("/logout", data={"csrf": "forged"}).status_code == 403
        out = client.post("/logout", data={"csrf": csrf_of(home.text)})
        assert out.status_code == 303
    with database.session(node.db_url) as s:
        actions = list(s.scalars(select(AuditEvent.action)))
    assert "login" in actions


def test_a_wrong_password_or_forged_form_does_not_sign_in(node: Node) -> None:
    with database.session(node.db_url) as s:
        accounts.add_user(s, "amy@ccib.example.org", "TH-CCIB", "analyst", PASSWORD)
    with httpx.Client(base_url=node.url) as client:
        wrong = sign_in(client, "amy@ccib.example.org", "not the password")
        assert wrong.headers["location"] == "/login?error=1"
        client.get("/login")
        forged = client.post(
            "/login", data={"email": "amy@ccib.example.org", "password": PASSWORD, "csrf": "0" * 64}
        )
        assert forged.status_code == 403
        assert client.get("/").headers.get("location") == "/login"
    with database.session(node.db_url) as s:
        assert "login.failed" in list(s.scalars(select(AuditEvent.action)))


def test_search_page_shows_only_what_the_agency_may_see(node: Node) -> None:
    phone = {"type": "phone", "value": "0812345678", "country": "TH"}
    with node.client("TH-CCIB:analyst") as api:
        for n, marking in enumerate(["TLP:GREEN", "TLP:RED"]):
            body = report(f"TH-CCIB-2025-00000{n}", marking=marking, indicators=[phone])
            assert api.post("/api/v1/reports", json=body).status_code == 201
    with database.session(node.db_url) as s:
        accounts.add_user(s, "li@mps.example.org", "CN-MPS", "analyst", PASSWORD)
    with httpx.Client(base_url=node.url) as client:
        sign_in(client, "li@mps.example.org")
        found = client.get("/", params={"q": "081-234-5678", "country": "TH"})
        assert found.headers["location"] == "/indicators/phone/%2B66812345678"
        page = client.get(found.headers["location"]).text
    assert "TH-CCIB-2025-000000" in page
    assert "TH-CCIB-2025-000001" not in page  # RED stays with its owner
