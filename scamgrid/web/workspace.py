"""Workspace pages over casework: compound map, rescue board, repatriation screening,
statistics and the audit log. Each calls the scamgrid.cases function its API route calls, as
the signed-in user's agency, and is allowed to the roles the API's policy table allows."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote

import orjson
from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from scamgrid.api.deps import db_session
from scamgrid.cases import compounds, repatriation, rescues, stats
from scamgrid.errors import ScamgridError
from scamgrid.model.vocabulary import RescueStatus
from scamgrid.sharing import audit
from scamgrid.web import i18n, sessions
from scamgrid.web.context import (
    Analyst,
    analyst,
    error_page,
    forged,
    language,
    render,
    signed_in,
    to_login,
)

router = APIRouter(include_in_schema=False)
DB = Annotated[Session, Depends(db_session, scope="function")]
# Newest first; the board pages through the rest. Each card costs the core a few queries
# (rescues.as_dict), so a page of 30 keeps the board's first render under 300 ms.
BOARD_LIMIT = 30
AUDIT_PAGE = 200
PEOPLE_PAGE = 100  # rows of a repatriation batch per page (a batch can hold thousands)


def as_json(value: Any) -> str:
    """JSON for a <script type="application/json"> block: `</` cannot close the element."""
    return orjson.dumps(value, default=str).decode().replace("</", "<\\/")


@router.get("/map")
def compound_map(request: Request, session: DB) -> Response:
    who = signed_in(request, session, "GET", "/api/v1/compounds")
    if isinstance(who, Response):
        return who
    features = compounds.geojson(session, who.viewer)
    context = {"features": as_json(features), "compounds": features["features"], "active": "/map"}
    return render(request, "map.html", context, who)


@router.get("/rescues")
def rescue_board(
    request: Request, session: DB, moved: str = "", error: str = "", offset: int = 0
) -> Response:
    who = analyst(request, session)
    if who is None:
        return to_login()
    try:
        who.require("GET", "/api/v1/rescue-requests")
    except ScamgridError as failure:
        return error_page(request, failure, who)
    offset = max(0, min(offset, 10_000_000))
    total, items = rescues.list_requests(session, who.viewer, None, False, BOARD_LIMIT, offset)
    columns: dict[str, list[dict[str, Any]]] = {s.value: [] for s in RescueStatus}
    for item in items:
        item["next"] = sorted(s.value for s in rescues.NEXT[RescueStatus(item["status"])])
        columns[item["status"]].append(item)
    context = {
        "columns": columns,
        "total": total,
        "shown": len(items),
        "offset": offset,
        "page": BOARD_LIMIT,
        "may_move": who.may("POST", "/api/v1/rescue-requests/{reference}/transitions"),
        "moved": moved,
        "error": error[:300],
        "active": "/rescues",
    }
    return render(request, "rescues.html", context, who)


@router.get("/rescues/{reference}")
def rescue_page(request: Request, session: DB, reference: str) -> Response:
    who = analyst(request, session)
    if who is None:
        return to_login()
    try:
        who.require("GET", "/api/v1/rescue-requests/{reference}")
        item = rescues.read(session, who.viewer, who.actor, reference)
    except ScamgridError as error:
        return error_page(request, error, who)
    item["next"] = sorted(s.value for s in rescues.NEXT[RescueStatus(item["status"])])
    context = {
        "item": item,
        "may_move": who.may("POST", "/api/v1/rescue-requests/{reference}/transitions"),
        "active": "/rescues",
    }
    return render(request, "rescue.html", context, who)


@router.post("/rescues/{reference}/transitions")
def move_rescue(
    request: Request,
    session: DB,
    reference: str,
    status: Annotated[str, Form(max_length=20)],
    csrf: Annotated[str, Form(max_length=128)],
    note: Annotated[str, Form(max_length=2000)] = "",
    back: Annotated[str, Form(max_length=20)] = "board",
) -> Response:
    who = analyst(request, session)
    if who is None:
        return to_login()
    if not sessions.csrf_valid(request.cookies.get(sessions.SESSION_COOKIE), csrf):
        return forged(request, who)
    target = f"/rescues/{quote(reference)}" if back == "detail" else "/rescues"
    try:
        who.require("POST", "/api/v1/rescue-requests/{reference}/transitions")
        rescues.transition(session, who.viewer, who.actor, reference, status, note)
    except ScamgridError as error:
        if error.http_status != 422:
            return error_page(request, error, who)
        # A move the workflow does not allow: back to the page, which says why.
        session.rollback()
        return RedirectResponse(f"{target}?error={quote(error.message)}", status_code=303)
    anchor = f"?moved={quote(reference)}" if back != "detail" else ""
    return RedirectResponse(target + anchor, status_code=303)


@router.get("/repatriation")
def batches(request: Request, session: DB) -> Response:
    who = signed_in(request, session, "GET", "/api/v1/repatriation-batches")
    if isinstance(who, Response):
        return who
    context = {"batches": repatriation.list_batches(session, who.viewer), "active": "/repatriation"}
    return render(request, "batches.html", context, who)


@router.get("/repatriation/{reference}")
def batch_page(
    request: Request, session: DB, reference: str, only: str = "", offset: int = 0
) -> Response:
    who = analyst(request, session)
    if who is None:
        return to_login()
    try:
        who.require("GET", "/api/v1/repatriation-batches/{reference}")
        summary = repatriation.summary(session, who.viewer, reference)
        people = repatriation.people(session, who.viewer, reference, only or None)
    except ScamgridError as error:
        return error_page(request, error, who)
    offset = max(0, min(offset, 10_000_000))
    context = {
        "batch": summary,
        "people": people[offset : offset + PEOPLE_PAGE],
        "total": len(people),
        "offset": offset,
        "page": PEOPLE_PAGE,
        "only": only,
        "may_screen": who.may("POST", "/api/v1/repatriation-batches/{reference}/screening"),
        "active": "/repatriation",
    }
    return render(request, "batch.html", context, who)


@router.post("/repatriation/{reference}/screening")
def screen_batch(
    request: Request, session: DB, reference: str, csrf: Annotated[str, Form(max_length=128)]
) -> Response:
    who = analyst(request, session)
    if who is None:
        return to_login()
    if not sessions.csrf_valid(request.cookies.get(sessions.SESSION_COOKIE), csrf):
        return forged(request, who)
    try:
        who.require("POST", "/api/v1/repatriation-batches/{reference}/screening")
        repatriation.screen(session, who.viewer, who.actor, reference)
    except ScamgridError as error:
        return error_page(request, error, who)
    return RedirectResponse(f"/repatriation/{quote(reference)}", status_code=303)


def _figures(session: Session, who: Analyst, request: Request) -> dict[str, Any]:
    figures = stats.collect(session, who.viewer)
    label = i18n.labeller(language(request))
    charts = {
        "reports_by_month": figures.reports.by_month(),
        "losses_by_country": {k: round(v) for k, v in figures.losses_usd.by_country().items()},
        "rescues_by_status": figures.rescue_status,
        "compounds_by_status": figures.compounds,
        "released_by_country": figures.released.by_country(),
    }
    # Chart labels in the page's language (the tables under the charts translate the same keys).
    names = {
        "rescues_by_status": {k: label("rescue_status", k) for k in figures.rescue_status},
        "compounds_by_status": {k: label("compound_status", k) for k in figures.compounds},
    }
    return {
        "charts": charts,
        "charts_json": as_json(charts),
        "names_json": as_json(names),
        "syndicates": figures.syndicates,
    }


@router.get("/stats")
def dashboard(request: Request, session: DB, inline: bool = False) -> Response:
    """The dashboard's frame renders at once; its figures (a second over the demo world's
    56,000 reports) follow from /stats/figures through htmx, or inline without JavaScript."""
    who = signed_in(request, session, "GET", "/api/v1/stats")
    if isinstance(who, Response):
        return who
    context = {**(_figures(session, who, request) if inline else {}), "active": "/stats"}
    return render(request, "stats.html", context, who)


@router.get("/stats/figures")
def dashboard_figures(request: Request, session: DB) -> Response:
    who = signed_in(request, session, "GET", "/api/v1/stats")
    if isinstance(who, Response):
        return who
    return render(request, "stats_figures.html", _figures(session, who, request), who)


@router.get("/audit")
def audit_log(request: Request, session: DB, action: str = "", offset: int = 0) -> Response:
    who = signed_in(request, session, "GET", "/api/v1/audit")
    if isinstance(who, Response):
        return who
    offset = max(0, min(offset, 10_000_000))
    events = audit.log(session, who.agency, None, action[:50] or None, AUDIT_PAGE, offset)
    context = {
        "events": events,
        "action": action,
        "offset": offset,
        "page": AUDIT_PAGE,
        "active": "/audit",
    }
    return render(request, "audit.html", context, who)
