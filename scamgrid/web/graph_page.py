"""The link-graph view (Cytoscape.js): a syndicate from scamgrid.graph, or the neighbourhood
of one identifier or report, expanded node by node.

A syndicate comes from `graph.build.load` + `graph.syndicates.detect` + `graph.export.view`
over everything the agency may see, through `graph.cache.analysed` (kept per database, viewer
and store version, warmed at start-up by scamgrid.web.warming). Detection takes seconds over
the demo world when the cache is cold, so the page's frame renders at once and the syndicate
list follows from /graph/syndicates (htmx), as the drawing follows from /graph/elements. A
neighbourhood comes from the look-up (an identifier's reports) and the report read (a report's
identifiers), the same calls the API's /lookup and /reports/{id} make, audited the same way.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse, Response
from sqlalchemy.orm import Session

from scamgrid.api.deps import db_session
from scamgrid.cases import reports
from scamgrid.errors import InvalidInput, ScamgridError
from scamgrid.graph import build, cache, export, syndicates
from scamgrid.model.vocabulary import IdentifierType
from scamgrid.sharing import audit
from scamgrid.store.lookup import identify, lookup
from scamgrid.web.context import Analyst, analyst, render, signed_in

router = APIRouter(include_in_schema=False)
DB = Annotated[Session, Depends(db_session, scope="function")]
FIRST_RING = 12  # reports of an identifier whose identifiers are drawn at once
LISTED = 25  # syndicates listed on the graph page


def detection(session: Session, who: Analyst) -> tuple[build.LinkGraph, syndicates.Detection]:
    """The agency's link graph and syndicates, reused while the store is unchanged."""
    return cache.analysed(session, who.viewer)


def _identifier_node(kind: str, value: str) -> dict[str, Any]:
    return {"data": {"id": f"{kind}:{value}", "label": value, "kind": "identifier", "type": kind}}


def _report_node(report_id: str, agency: str, date: str, fraud_type: str) -> dict[str, Any]:
    data = {"id": f"report:{report_id}", "label": report_id, "kind": "report", "type": "report"}
    return {"data": {**data, "agency": agency, "date": date, "fraud_type": fraud_type}}


def _edge(source: str, target: str) -> dict[str, Any]:
    return {"data": {"id": f"{source}|{target}", "source": source, "target": target}}


def around_report(session: Session, who: Analyst, report_id: str) -> list[dict[str, Any]]:
    body = reports.get_report(session, who.viewer, who.actor, report_id)
    date = body["reported_at"].strftime("%Y-%m-%d")
    centre = _report_node(body["id"], body["agency"], date, body["fraud_type"])
    elements = [centre]
    for item in body["indicators"]:
        node = _identifier_node(item["type"], item["value"])
        elements += [node, _edge(centre["data"]["id"], node["data"]["id"])]
    return elements


def around_identifier(
    session: Session, who: Analyst, kind: str, value: str, depth: int
) -> list[dict[str, Any]]:
    identifier = identify(value, kind)
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
    centre = _identifier_node(result.type, result.value)
    elements = [centre]
    for number, seen in enumerate(result.reports):
        date = seen.reported_at.strftime("%Y-%m-%d")
        node = _report_node(seen.report_id, seen.agency, date, seen.fraud_type)
        elements += [node, _edge(node["data"]["id"], centre["data"]["id"])]
        if depth > 1 and number < FIRST_RING:
            elements += around_report(session, who, seen.report_id)
    return elements


def syndicate_elements(session: Session, who: Analyst, syndicate_id: str) -> dict[str, Any]:
    graph, found = detection(session, who)
    return export.cytoscape(export.view(graph, found, syndicate_id))["elements"]


@router.get("/graph")
def graph_page(
    request: Request,
    session: DB,
    syndicate: str = "",
    type: str = "",
    value: str = "",
    report: str = "",
    inline: bool = False,
) -> Response:
    """The frame renders at once: the syndicate list follows from /graph/syndicates (or inline
    without JavaScript), a drawing from /graph/elements."""
    who = signed_in(request, session, "GET", "/api/v1/reports")
    if isinstance(who, Response):
        return who
    listing = not (syndicate or value or report)
    query = {"syndicate": syndicate, "type": type, "value": value, "report": report}
    context: dict[str, Any] = {
        "listing": listing,
        "query": query,
        "identifier_types": [kind.value for kind in IdentifierType],
        "active": "/graph",
    }
    if listing and inline:
        context["listed"] = detection(session, who)[1].syndicates[:LISTED]
    return render(request, "graph.html", context, who)


@router.get("/graph/syndicates")
def graph_syndicates(request: Request, session: DB) -> Response:
    who = signed_in(request, session, "GET", "/api/v1/reports")
    if isinstance(who, Response):
        return who
    listed = detection(session, who)[1].syndicates[:LISTED]
    return render(request, "graph_syndicates.html", {"listed": listed}, who)


@router.get("/graph/elements")
def graph_elements(
    request: Request,
    session: DB,
    syndicate: str = "",
    type: str = "",
    value: str = "",
    report: str = "",
    depth: int = 2,
) -> Response:
    """Cytoscape.js elements: a syndicate, or the neighbourhood of a node (depth 1 or 2)."""
    who = analyst(request, session)
    if who is None:
        return JSONResponse({"detail": "sign in first"}, status_code=401)
    try:
        who.require("GET", "/api/v1/reports")
        if syndicate:
            elements: Any = syndicate_elements(session, who, syndicate[:64])
        elif report:
            elements = around_report(session, who, report[:200])
        elif type and value:
            elements = around_identifier(session, who, type[:32], value[:512], min(depth, 2))
        else:
            raise InvalidInput("name a syndicate, a report, or an identifier's type and value")
    except ScamgridError as error:
        return JSONResponse({"detail": error.message}, status_code=error.http_status)
    return JSONResponse({"elements": elements})
