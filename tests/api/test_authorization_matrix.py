"""Every API route x every role x every marking, against one declarative policy.

Expected outcomes come from api.policy.POLICY (which roles may call a route) and
store.visibility.AUDIENCE (who sees a record of a marking); the server must agree everywhere.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx

from scamgrid.api.app import create_app
from scamgrid.api.policy import POLICY, allowed
from scamgrid.model.vocabulary import Marking, Role
from scamgrid.store.visibility import AUDIENCE
from tests.api.conftest import Node
from tests.cases import api_examples
from tests.factories import report
from tests.graph import api_examples as graph_examples

ME = "TH-CCIB"  # the asking agency; CN-MPS shares group 'th-cn' with it, MM-MPF does not
OWNERS = ("TH-CCIB", "CN-MPS", "MM-MPF")
GROUP = {"TH-CCIB": "th-cn", "CN-MPS": "th-cn", "MM-MPF": None}
RECORD_ROUTES = {"/api/v1/reports/{report_id}"}


def test_every_route_is_in_the_policy_table() -> None:
    paths = create_app("sqlite://").openapi()["paths"]
    routes = {(method.upper(), path) for path, methods in paths.items() for method in methods}
    assert routes == set(POLICY)


def rid(owner: str, marking: Marking) -> str:
    return f"{owner}-{marking.name}"


def seed_records(node: Node) -> None:
    for owner in OWNERS:
        with node.client(f"{owner}:analyst") as client:
            for marking in Marking:
                body = report(rid(owner, marking), agency=owner, marking=marking.value)
                if marking is Marking.AMBER and GROUP[owner]:
                    body["sharing_group"] = GROUP[owner]
                response = client.post("/api/v1/reports", json=body)
                assert response.status_code == 201, response.text


def sees(owner: str, marking: Marking) -> bool:
    audience = AUDIENCE[marking]
    if owner == ME or audience == "node":
        return True
    return audience == "group" and GROUP[owner] == GROUP[ME] and GROUP[owner] is not None


def call(client: httpx.Client, method: str, path: str, record: str | None) -> httpx.Response:
    casework = api_examples.request(client, method, path)
    if casework is not None:
        return casework
    link_analysis = graph_examples.request(client, method, path)
    if link_analysis is not None:
        return link_analysis
    url = path.replace("{report_id}", record or "x")
    body: dict[str, Any] | None = None
    params: dict[str, str] = {}
    if path == "/api/v1/lookup" or path == "/api/v1/public/check":
        params = {"value": "+66812345678"}
    if method == "POST" and path == "/api/v1/reports":
        body = report(f"NEW-{client.headers.get('Authorization', '')[-6:]}", agency=ME)
    elif method == "POST" and path == "/api/v1/lookup/bulk":
        body = {"items": [{"value": "+66812345678"}]}
    elif method == "POST" and path == "/api/v1/sharing-groups":
        body = {
            "name": f"g-{abs(hash(client.headers.get('Authorization'))) % 10**8}",
            "members": ["CN-MPS"],
        }
    elif method == "POST" and path in ("/api/v1/check", "/api/v1/public/check"):
        text = "Your parcel is held at customs, pay the fee at hxxps://parcel-fee[.]top now"
        body = (
            {"messages": [{"id": "1", "text": text}]} if path == "/api/v1/check" else {"text": text}
        )
    elif method == "POST" and path == "/api/v1/public/reports":
        body = {"country": "TH", "narrative": "Caller said he was police."}
    elif method == "PATCH":
        body = {"narrative": "updated"}
    return client.request(method, url, json=body, params=params)


def expected_status(
    method: str, path: str, role: Role | None, owner: str | None, marking: Marking | None
) -> set[int]:
    if not allowed(method, path, role):
        return {401} if role is None else {403}
    if path not in RECORD_ROUTES:
        return {200, 201, 204}
    assert owner is not None and marking is not None
    if not sees(owner, marking):
        return {404}
    if method in {"PATCH", "DELETE"} and owner != ME:
        return {403}
    return {200, 204}


def test_authorization_matrix(node: Node, tmp_path: Path) -> None:
    seed_records(node)
    api_examples.seed(node.db_url, tmp_path)
    failures: list[str] = []
    checked = 0
    for (method, path), _ in sorted(POLICY.items()):
        for role in [None, *Role]:
            who = f"{ME}:{role.value}" if role else None
            targets: list[tuple[str | None, Marking | None]] = (
                [(o, m) for o in OWNERS for m in Marking]
                if path in RECORD_ROUTES
                else [(None, None)]
            )
            for owner, marking in targets:
                if method == "DELETE" and owner == ME and role in (Role.ADMIN, Role.ANALYST):
                    continue  # deleting own records is checked once below, not per role
                record = rid(owner, marking) if owner and marking else None
                with node.client(who) as client:
                    response = call(client, method, path, record)
                want = expected_status(method, path, role, owner, marking)
                checked += 1
                if response.status_code not in want:
                    failures.append(
                        f"{method} {path} role={role} record={record}: "
                        f"got {response.status_code}, want {sorted(want)}"
                    )
                elif response.status_code >= 400:
                    assert response.headers["content-type"] == "application/problem+json"
    assert not failures, "\n".join(failures[:40])
    assert checked >= len(POLICY) * (len(Role) + 1)
    with node.client(f"{ME}:analyst") as client:
        assert client.delete(f"/api/v1/reports/{rid(ME, Marking.RED)}").status_code == 204
        assert client.get(f"/api/v1/reports/{rid(ME, Marking.RED)}").status_code == 404
