"""Login, logout, the language picker, and the workspace's search, indicator and report pages.

Pages call the same core as the API: markings apply through the asking agency's Viewer in the
store's queries, and look-ups, reads of other agencies' reports and logins are audited.
"""

from __future__ import annotations

import re
import secrets
from collections import defaultdict
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from scamgrid.api.deps import db_session
from scamgrid.cases import reports
from scamgrid.errors import InvalidIdentifier, ScamgridError
from scamgrid.sharing import accounts, audit
from scamgrid.store import database
from scamgrid.store.lookup import identify, lookup
from scamgrid.store.tables import Indicator, IndicatorLabel
from scamgrid.web import i18n, sessions
from scamgrid.web.context import analyst, error_page, forged, is_local, render, to_login

router = APIRouter(include_in_schema=False)
DB = Annotated[Session, Depends(db_session, scope="function")]
# Report ids (`TH-CCIB-2025-000123`) and rescue references (`RR-TH-CCIB-2025-000001`).
REPORT_ID = re.compile(r"^[A-Z]{2}-[A-Z0-9]+-\d{4}-\d+$")
RESCUE_REF = re.compile(r"^RR-[A-Z]{2}-[A-Z0-9]+-\d{4}-\d+$")
LATEST = 10


def set_cookie(response: Response, request: Request, name: str, value: str, age: int) -> None:
    response.set_cookie(
        name,
        value,
        max_age=age,
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
        path="/",
    )


@router.get("/login")
def login_page(request: Request, error: str = "") -> Response:
    pre = request.cookies.get(sessions.PRE_SESSION_COOKIE) or secrets.token_urlsafe(16)
    context = {"csrf": sessions.csrf_token(pre), "error": error}
    response = render(request, "login.html", context)
    set_cookie(response, request, sessions.PRE_SESSION_COOKIE, pre, 3600)
    return response


@router.post("/login")
def login(
    request: Request,
    email: Annotated[str, Form(max_length=254)],
    password: Annotated[str, Form(max_length=1024)],
    csrf: Annotated[str, Form(max_length=128)],
) -> Response:
    if not sessions.csrf_valid(request.cookies.get(sessions.PRE_SESSION_COOKIE), csrf):
        return forged(request)
    url = request.app.state.database_url
    with database.session(url) as session:
        try:
            who = accounts.check_password(session, email, password)
        except accounts.Unauthenticated:
            failed = True
        else:
            failed = False
            audit.record(
                session, audit.Actor(who.email, who.agency_code), "login", "user", who.email
            )
    if failed:
        with database.session(url) as session:
            audit.record(
                session, audit.Actor("unknown"), "login.failed", "user", email.strip().lower()[:254]
            )
        return RedirectResponse("/login?error=1", status_code=303)
    response = RedirectResponse("/", status_code=303)
    cookie = sessions.issue(who.user_id)
    set_cookie(response, request, sessions.SESSION_COOKIE, cookie, sessions.SESSION_SECONDS)
    response.delete_cookie(sessions.PRE_SESSION_COOKIE, path="/")
    return response


@router.post("/logout")
def logout(request: Request, session: DB, csrf: Annotated[str, Form(max_length=128)]) -> Response:
    who = analyst(request, session)
    if who is None or not sessions.csrf_valid(request.cookies[sessions.SESSION_COOKIE], csrf):
        return forged(request, who)
    response = to_login()
    response.delete_cookie(sessions.SESSION_COOKIE, path="/")
    return response


@router.get("/language")
def pick_language(lang: str = "", next: str = "/") -> Response:
    """The picker: remember the language for a year and go back to the page it was picked on."""
    response = RedirectResponse(next if is_local(next) else "/", status_code=303)
    if lang in i18n.LANGUAGES:
        response.set_cookie(i18n.COOKIE, lang, max_age=365 * 86400, samesite="lax", path="/")
    return response


def indicator_url(kind: str, value: str) -> str:
    return f"/indicators/{kind}/{quote(value, safe='')}"


@router.get("/")
def home(request: Request, session: DB, q: str = "", country: str = "") -> Response:
    """The search: a report id or rescue reference opens it; any identifier, its page."""
    who = analyst(request, session)
    if who is None:
        return to_login()
    text = q.strip()[:512]
    error = ""
    if text:
        if RESCUE_REF.match(text.upper()):
            return RedirectResponse(f"/rescues/{quote(text.upper())}", status_code=303)
        if REPORT_ID.match(text.upper()):
            return RedirectResponse(f"/reports/{quote(text.upper())}", status_code=303)
        try:
            identifier = identify(text, None, country.upper()[:2] or None)
        except InvalidIdentifier as bad:
            error = bad.reason
        else:
            return RedirectResponse(
                indicator_url(identifier.type.value, identifier.value), status_code=303
            )
    _, latest = reports.list_reports(
        session, who.viewer, who.actor, reports.ReportFilter(agency=who.agency), LATEST, 0
    )
    context = {"q": q, "country": country, "error": error, "latest": latest, "active": "/"}
    return render(request, "home.html", context, who, status_code=422 if error else 200)


def _by_agency(result: Any) -> list[dict[str, Any]]:
    groups: dict[str, list[Any]] = defaultdict(list)
    for sighting in result.reports:
        groups[sighting.agency].append(sighting.reported_at)
    return [
        {
            "agency": agency,
            "count": len(dates),
            "first": min(dates).strftime("%Y-%m-%d"),
            "last": max(dates).strftime("%Y-%m-%d"),
        }
        for agency, dates in sorted(groups.items(), key=lambda item: -len(item[1]))
    ]


def _labels(session: Session, kind: str, value: str) -> list[IndicatorLabel]:
    """Node-wide flags on an identifier (CDR analytics, published lists): reference data."""
    return list(
        session.scalars(
            select(IndicatorLabel)
            .join(Indicator, Indicator.id == IndicatorLabel.indicator_id)
            .where(Indicator.type == kind, Indicator.value == value)
            .order_by(IndicatorLabel.label)
        )
    )


@router.get("/indicators/{kind}/{value:path}")
def indicator_page(request: Request, session: DB, kind: str, value: str) -> Response:
    who = analyst(request, session)
    if who is None:
        return to_login()
    try:
        who.require("GET", "/api/v1/lookup")
        identifier = identify(value, kind)
    except ScamgridError as error:
        return error_page(request, error, who)
    result = lookup(session, who.viewer, identifier)
    others = sorted({r.report_id for r in result.reports if r.agency != who.agency})
    audit.record(
        session,
        who.actor,
        "lookup",
        identifier.type.value,
        identifier.value,
        other_agency_reports=others,
    )
    context = {
        "result": result,
        "by_agency": _by_agency(result),
        "labels": _labels(session, identifier.type.value, identifier.value),
        "active": "/",
    }
    return render(request, "indicator.html", context, who)


@router.get("/reports/{report_id}")
def report_page(request: Request, session: DB, report_id: str) -> Response:
    who = analyst(request, session)
    if who is None:
        return to_login()
    try:
        who.require("GET", "/api/v1/reports/{report_id}")
        report = reports.get_report(session, who.viewer, who.actor, report_id)
    except ScamgridError as error:
        return error_page(request, error, who)
    return render(request, "report.html", {"report": report, "active": "/"}, who)
