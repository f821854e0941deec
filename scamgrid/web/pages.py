"""Login, logout and the workspace home with its search. Pages call the same core as the API:
markings apply through the asking agency's Viewer, and logins are audited."""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from sqlalchemy.orm import Session

from scamgrid.api.deps import db_session
from scamgrid.errors import InvalidIdentifier
from scamgrid.sharing import accounts, audit
from scamgrid.store import database
from scamgrid.store.lookup import identify, lookup
from scamgrid.store.tables import User
from scamgrid.store.visibility import viewer_for_agency
from scamgrid.web import sessions

router = APIRouter(include_in_schema=False)
templates = Jinja2Templates(directory=Path(__file__).parent / "templates")


def _cookie(response: Response, request: Request, name: str, value: str, max_age: int) -> None:
    response.set_cookie(
        name,
        value,
        max_age=max_age,
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
        path="/",
    )


def _signed_in(request: Request, session: Session) -> tuple[User, str] | None:
    user_id = sessions.read(request.cookies.get(sessions.SESSION_COOKIE))
    user = session.get(User, user_id) if user_id is not None else None
    if user is None or not user.active:
        return None
    return user, request.cookies[sessions.SESSION_COOKIE]


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, error: str = "") -> Response:
    pre = request.cookies.get(sessions.PRE_SESSION_COOKIE) or secrets.token_urlsafe(16)
    response = templates.TemplateResponse(
        request, "login.html", {"csrf": sessions.csrf_token(pre), "error": error}
    )
    _cookie(response, request, sessions.PRE_SESSION_COOKIE, pre, 3600)
    return response


@router.post("/login")
def login(
    request: Request,
    email: Annotated[str, Form(max_length=254)],
    password: Annotated[str, Form(max_length=1024)],
    csrf: Annotated[str, Form(max_length=128)],
) -> Response:
    if not sessions.csrf_valid(request.cookies.get(sessions.PRE_SESSION_COOKIE), csrf):
        return HTMLResponse("Form expired or forged (CSRF check failed).", status_code=403)
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
    _cookie(
        response,
        request,
        sessions.SESSION_COOKIE,
        sessions.issue(who.user_id),
        sessions.SESSION_SECONDS,
    )
    response.delete_cookie(sessions.PRE_SESSION_COOKIE, path="/")
    return response


@router.post("/logout")
def logout(
    request: Request,
    session: Annotated[Session, Depends(db_session, scope="function")],
    csrf: Annotated[str, Form(max_length=128)],
) -> Response:
    signed = _signed_in(request, session)
    if signed is None or not sessions.csrf_valid(signed[1], csrf):
        return HTMLResponse("Form expired or forged (CSRF check failed).", status_code=403)
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(sessions.SESSION_COOKIE, path="/")
    return response


@router.get("/", response_class=HTMLResponse)
def home(
    request: Request,
    session: Annotated[Session, Depends(db_session, scope="function")],
    q: str = "",
    country: str = "",
) -> Response:
    signed = _signed_in(request, session)
    if signed is None:
        return RedirectResponse("/login", status_code=303)
    user, cookie = signed
    viewer = viewer_for_agency(session, _agency_code(session, user))
    context: dict[str, Any] = {
        "user": user,
        "agency": viewer.agency_code,
        "q": q,
        "country": country,
        "csrf": sessions.csrf_token(cookie),
        "result": None,
        "error": "",
    }
    if q.strip():
        try:
            identifier = identify(q.strip()[:512], None, country.upper()[:2] or None)
        except InvalidIdentifier as bad:
            context["error"] = bad.reason
        else:
            context["result"] = lookup(session, viewer, identifier)
            others = sorted(
                {r.report_id for r in context["result"].reports if r.agency != viewer.agency_code}
            )
            audit.record(
                session,
                audit.Actor(user.email, viewer.agency_code),
                "lookup",
                identifier.type.value,
                identifier.value,
                other_agency_reports=others,
            )
    return templates.TemplateResponse(request, "home.html", context)


def _agency_code(session: Session, user: User) -> str:
    from scamgrid.store.tables import Agency

    return session.get_one(Agency, user.agency_id).code
