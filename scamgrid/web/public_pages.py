"""The public pages: /check (is this number, link, wallet or message a scam?) and /report.

No login; rate-limited per client by the same limiter as the public API routes; forms carry a
CSRF token bound to a pre-session cookie. Answers come from scamgrid.cases.public and
scamgrid.cases.checks as the public sees the store (CLEAR and GREEN only): how often and as
what a value was reported, never who reported it or in which report.
"""

from __future__ import annotations

import secrets
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from scamgrid.api.deps import db_session
from scamgrid.api.ratelimit import RateLimiter, TooManyRequests
from scamgrid.cases import checks, public
from scamgrid.detect.text import advice
from scamgrid.errors import InvalidIdentifier, InvalidInput
from scamgrid.identifiers import guess
from scamgrid.model.vocabulary import FraudType, TextLabel
from scamgrid.store.visibility import PUBLIC
from scamgrid.web import sessions
from scamgrid.web.context import error_page, forged, language, render
from scamgrid.web.pages import set_cookie

router = APIRouter(include_in_schema=False)
DB = Annotated[Session, Depends(db_session, scope="function")]
COUNTRIES = ("TH", "CN", "MM", "LA", "KH", "VN")
# Job lures feed trafficking: their advice is the fake-job one, not the generic scam one.
LURES = {FraudType.JOB_TASK.value}
MAX_LINES = 50


def _pre_session(request: Request) -> str:
    return request.cookies.get(sessions.PRE_SESSION_COOKIE) or secrets.token_urlsafe(16)


def _page(
    request: Request, template: str, context: dict[str, Any], status_code: int = 200
) -> Response:
    pre = _pre_session(request)
    full = {
        **context,
        "csrf": sessions.csrf_token(pre),
        "countries": COUNTRIES,
        "fraud_types": [f.value for f in FraudType],
    }
    response = render(request, template, full, status_code=status_code)
    set_cookie(response, request, sessions.PRE_SESSION_COOKIE, pre, 3600)
    return response


def _limited(request: Request) -> Response | None:
    limiter: RateLimiter = request.app.state.public_limiter
    try:
        limiter.hit(request.client.host if request.client else "unknown")
    except TooManyRequests as refused:
        response = error_page(request, refused)
        response.headers["Retry-After"] = str(refused.details.get("retry_after", 60))
        return response
    return None


def _single_value(text: str) -> bool:
    """One line short enough to be a number, link, wallet or handle rather than a message."""
    return "\n" not in text and len(text) <= 200 and len(text.split()) <= 4


@router.get("/check")
def check_form(request: Request) -> Response:
    return _page(request, "check.html", {"text": "", "country": "", "active": "/check"})


@router.post("/check")
def check(
    request: Request,
    session: DB,
    text: Annotated[str, Form(max_length=5000)],
    csrf: Annotated[str, Form(max_length=128)],
    country: Annotated[str, Form(max_length=2)] = "",
) -> Response:
    if not sessions.csrf_valid(request.cookies.get(sessions.PRE_SESSION_COOKIE), csrf):
        return forged(request)
    refused = _limited(request)
    if refused is not None:
        return refused
    lang = language(request)
    text = text.strip().replace("\x00", "")
    hint = country.upper() if country.upper() in COUNTRIES else None
    context: dict[str, Any] = {"text": text, "country": country, "active": "/check"}
    if not text:
        context["error"] = "empty"
        return _page(request, "check.html", context, 422)
    value = None
    if _single_value(text):
        try:
            value = guess(text, country=hint)
        except InvalidIdentifier as bad:
            context["value_error"] = bad.reason
    if value is not None:
        found = public.check_value(session, value.value, value.type.value, hint)
        lure = any(ft in LURES for ft in found.fraud_types)
        label = (
            (TextLabel.FAKE_JOB if lure else TextLabel.SCAM)
            if found.reported
            else TextLabel.LEGITIMATE
        )
        context["value"] = found
        context["advice"] = advice.advice(label, lang)[0]
        return _page(request, "check.html", context)
    try:
        verdict = checks.check_messages(session, PUBLIC, [text], None, hint)[0]
    except checks.ModelMissing:
        context["model_missing"] = True
        return _page(request, "check.html", context, 503)
    context["verdict"] = verdict
    context["advice"] = advice.advice(verdict.label, lang)[0]
    return _page(request, "check.html", context)


@router.get("/report")
def report_form(request: Request) -> Response:
    return _page(request, "public_report.html", {"form": {}, "errors": {}, "active": "/report"})


def _identifiers(lines: str, country: str) -> list[dict[str, str]]:
    """One identifier per line, its type guessed; a line that is none names its number."""
    found = []
    rows = [line.strip() for line in lines.splitlines()]
    for number, line in enumerate(rows[:MAX_LINES], start=1):
        if not line:
            continue
        try:
            identifier = guess(line, country=country or None)
        except InvalidIdentifier as bad:
            raise InvalidInput(f"line {number}: {bad.reason}", field="identifiers") from None
        found.append({"type": identifier.type.value, "value": identifier.value})
    return found


@router.post("/report")
def report(
    request: Request,
    session: DB,
    csrf: Annotated[str, Form(max_length=128)],
    kind: Annotated[str, Form(max_length=20)] = "scam",
    country: Annotated[str, Form(max_length=2)] = "",
    fraud_type: Annotated[str, Form(max_length=20)] = "",
    narrative: Annotated[str, Form(max_length=5000)] = "",
    person: Annotated[str, Form(max_length=200)] = "",
    place: Annotated[str, Form(max_length=200)] = "",
    identifiers: Annotated[str, Form(max_length=5000)] = "",
    contact_name: Annotated[str, Form(max_length=200)] = "",
    contact_phone: Annotated[str, Form(max_length=50)] = "",
    contact_email: Annotated[str, Form(max_length=254)] = "",
) -> Response:
    if not sessions.csrf_valid(request.cookies.get(sessions.PRE_SESSION_COOKIE), csrf):
        return forged(request)
    refused = _limited(request)
    if refused is not None:
        return refused
    form = {
        "kind": kind,
        "country": country.upper(),
        "fraud_type": fraud_type,
        "narrative": narrative,
        "person": person,
        "place": place,
        "identifiers": identifiers,
        "contact_name": contact_name,
        "contact_phone": contact_phone,
        "contact_email": contact_email,
    }
    story = narrative.strip()
    if kind == "trapped_person":
        details = [f"Person: {person.strip()}" if person.strip() else "", place.strip()]
        details[1] = f"Place: {details[1]}" if details[1] else ""
        story = "\n".join([*(d for d in details if d), story]) if story else ""
    contact = {
        k: v.strip()
        for k, v in (("name", contact_name), ("phone", contact_phone), ("email", contact_email))
        if v.strip()
    }
    try:
        found = _identifiers(identifiers, form["country"])
        reference = public.submit(
            session,
            {
                "country": form["country"],
                "kind": kind,
                "fraud_type": fraud_type or None,
                "narrative": story,
                "indicators": found,
                "contact": contact or None,
            },
        )
    except InvalidInput as bad:
        session.rollback()
        field = str(bad.details.get("field") or "")
        context = {"form": form, "errors": {field: bad.message}, "active": "/report"}
        return _page(request, "public_report.html", context, 422)
    context = {"reference": reference, "kind": kind, "active": "/report"}
    return _page(request, "public_thanks.html", context, 201)
