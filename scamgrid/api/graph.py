"""Link analysis over the API: syndicates, one syndicate as Cytoscape JSON, explanations, key
figures, and the persons of interest the caller may see.

Every answer is computed on the caller's own link graph (`graph.build.load` for the caller's
agency), so it holds nothing the caller may not see. Reads of other agencies' reports are
audited by count and agency, as look-ups are.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query
from sqlalchemy.orm import Session

from scamgrid.api.deps import actor, db_session, viewer
from scamgrid.cases import persons as persons_of_interest
from scamgrid.graph import cache, export, key_figures, syndicates
from scamgrid.graph import explain as explaining
from scamgrid.graph.build import LinkGraph
from scamgrid.sharing import audit
from scamgrid.store.visibility import Viewer

router = APIRouter(prefix="/api/v1/graph", tags=["graph"])
MAX_LISTED = 1000


def _others(graph: LinkGraph, who: Viewer, report_ids: list[str]) -> dict[str, int]:
    agencies = Counter(graph.reports[r].agency for r in report_ids)
    return {a: n for a, n in sorted(agencies.items()) if a != who.agency_code}


def _analysed(session: Session, who: Viewer) -> tuple[LinkGraph, syndicates.Detection]:
    return cache.analysed(session, who)  # reused while the store is unchanged


@router.get("/syndicates", summary="Syndicates among the reports you may see, largest first")
def list_syndicates(
    session: Annotated[Session, Depends(db_session, scope="function")],
    who: Annotated[Viewer, Depends(viewer)],
    by: Annotated[audit.Actor, Depends(actor)],
    min_reports: Annotated[int, Query(ge=1, title="Smallest syndicate listed")] = 2,
    limit: Annotated[int, Query(ge=1, le=MAX_LISTED, title="Most syndicates listed")] = 100,
) -> dict[str, Any]:
    graph, detection = _analysed(session, who)
    found = [s for s in detection.syndicates if len(s.reports) >= min_reports][:limit]
    listed = [r for s in found for r in s.reports]
    audit.record(
        session,
        by,
        "graph.syndicates",
        "graph",
        "",
        other_agency_reports=_others(graph, who, listed),
    )
    return {
        "count": len(found),
        "syndicates": [dataclasses.asdict(s) for s in found],
        "hubs": [dataclasses.asdict(h) for h in detection.hubs],
    }


@router.get(
    "/syndicates/{syndicate_id}",
    summary="One syndicate: its summary and its graph as Cytoscape.js elements",
)
def one_syndicate(
    syndicate_id: Annotated[str, Path(title="Syndicate id", pattern="^S-[0-9a-f]{10}$")],
    session: Annotated[Session, Depends(db_session, scope="function")],
    who: Annotated[Viewer, Depends(viewer)],
    by: Annotated[audit.Actor, Depends(actor)],
) -> dict[str, Any]:
    graph, detection = _analysed(session, who)
    elements = export.cytoscape(export.view(graph, detection, syndicate_id))  # 404 if unknown
    summary = next(s for s in detection.syndicates if s.id == syndicate_id)
    audit.record(
        session,
        by,
        "graph.syndicate",
        "syndicate",
        syndicate_id,
        other_agency_reports=_others(graph, who, summary.reports),
    )
    return {"syndicate": dataclasses.asdict(summary), **elements}


@router.get("/explain", summary="Shortest evidence paths between two reports or identifiers")
def explain(
    a: Annotated[str, Query(title="A report id or identifier", min_length=1, max_length=512)],
    b: Annotated[str, Query(title="Another report id or identifier", min_length=1, max_length=512)],
    session: Annotated[Session, Depends(db_session, scope="function")],
    who: Annotated[Viewer, Depends(viewer)],
    by: Annotated[audit.Actor, Depends(actor)],
    paths: Annotated[int, Query(ge=1, le=20, title="Most paths")] = explaining.MAX_PATHS,
) -> dict[str, Any]:
    graph, detection = _analysed(session, who)
    result = explaining.explain(graph, a, b, detection.is_hub, paths)
    cited = sorted({h.record for p in result.paths for h in p if h.record in graph.reports})
    audit.record(
        session,
        by,
        "graph.explain",
        "graph",
        f"{result.source} {result.target}",
        other_agency_reports=_others(graph, who, cited),
    )
    return dataclasses.asdict(result)


@router.get(
    "/key-figures",
    summary="Identifiers, persons and compounds by centrality in a syndicate or syndicates bridged",
)
def list_key_figures(
    session: Annotated[Session, Depends(db_session, scope="function")],
    who: Annotated[Viewer, Depends(viewer)],
    by: Annotated[audit.Actor, Depends(actor)],
    syndicate: Annotated[
        str | None, Query(title="Rank within this syndicate", pattern="^S-[0-9a-f]{10}$")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LISTED, title="Most key figures listed")] = 20,
) -> dict[str, Any]:
    graph, detection = _analysed(session, who)
    figures = key_figures.key_figures(graph, detection, syndicate, limit)  # 404 if unknown
    audit.record(
        session, by, "graph.key_figures", "syndicate" if syndicate else "graph", syndicate or ""
    )
    return {"count": len(figures), "key_figures": [dataclasses.asdict(f) for f in figures]}


@router.get("/persons", summary="Persons of interest you may see, with their visible links")
def list_persons(
    session: Annotated[Session, Depends(db_session, scope="function")],
    who: Annotated[Viewer, Depends(viewer)],
    by: Annotated[audit.Actor, Depends(actor)],
    role: Annotated[str | None, Query(title="Only this role", pattern="^[a-z_]{1,20}$")] = None,
) -> dict[str, Any]:
    """Names only where the caller may see them (its agency's persons, or names released)."""
    views = persons_of_interest.visible_persons(session, who, role)
    others = Counter(v.agency for v in views if v.agency != who.agency_code)
    audit.record(
        session,
        by,
        "graph.persons",
        "graph",
        role or "",
        other_agency_persons=dict(sorted(others.items())),
    )
    return {"count": len(views), "persons": [persons_of_interest.person_dict(v) for v in views]}
