"""Valid requests for the casework routes, for the authorization-matrix test.

`seed` stores one record of each kind owned by TH-CCIB (the matrix's asking agency, AMBER in
its group); `request` answers a (method, path) of a casework route with a call that succeeds for
a role the policy allows, or None for routes that are not casework's.
"""

from __future__ import annotations

import itertools
from datetime import date
from pathlib import Path

import httpx

from scamgrid.cases import compounds, repatriation, rescues
from scamgrid.sharing.audit import Actor
from scamgrid.store import database
from scamgrid.store.visibility import viewer_for_agency

_state: dict[str, str] = {}
_serial = itertools.count(1)


def _new_rescue() -> str:
    with database.session(_state["url"]) as session:
        viewer = viewer_for_agency(session, "TH-CCIB")
        body = {"person": {"names": ["Wang Wei"]}, "marking": "TLP:AMBER"}
        created = rescues.create(
            session, viewer, Actor("matrix", "TH-CCIB"), rescues.RescueInput.from_dict(body)
        )
    return str(created["reference"])


def seed(url: str, folder: Path) -> None:
    _state["url"] = url
    with database.session(url) as session:
        viewer = viewer_for_agency(session, "TH-CCIB")
        actor = Actor("matrix", "TH-CCIB")
        compounds.add_compound(
            session, viewer, actor, compounds.CompoundInput("kk-park", "KK Park", "MM")
        )
        batch = folder / "batch.csv"
        batch.write_text("name,dob,nationality\nWANG WEI,1990-01-01,CN\n")
        repatriation.import_batch(session, viewer, actor, batch, "B-1", date(2025, 2, 1))
    _state["rescue"] = _new_rescue()


def request(client: httpx.Client, method: str, path: str) -> httpx.Response | None:
    if path == "/api/v1/compounds/{key}":
        return client.get("/api/v1/compounds/kk-park")
    if path == "/api/v1/rescue-requests" and method == "POST":
        return client.post("/api/v1/rescue-requests", json={"person": {"names": ["Li Na"]}})
    if path == "/api/v1/rescue-requests/{reference}":
        return client.get(f"/api/v1/rescue-requests/{_state['rescue']}")
    if path.endswith("/transitions"):
        url = f"/api/v1/rescue-requests/{_new_rescue()}/transitions"
        return client.post(url, json={"status": "verified"})
    if path.endswith("/assignment"):
        url = f"/api/v1/rescue-requests/{_state['rescue']}/assignment"
        return client.post(url, json={"agency": "CN-MPS"})
    if path.startswith("/api/v1/repatriation-batches/{reference}"):
        return client.request(method, path.replace("{reference}", "B-1"))
    if path == "/api/v1/operations" and method == "POST":
        body = {"reference": f"OP-{next(_serial)}", "name": "x", "started_on": "2025-02-01"}
        return client.post("/api/v1/operations", json=body)
    return None
