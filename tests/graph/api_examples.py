"""Valid requests for the link-analysis routes, for the authorization-matrix test.

The matrix's records (every owner x marking, all citing the factory's identifiers) form one
syndicate for the asking agency; `request` answers a (method, path) of a graph route with a
call that succeeds for a role the policy allows, or None for routes that are not graph's.
"""

from __future__ import annotations

import httpx


def request(client: httpx.Client, method: str, path: str) -> httpx.Response | None:
    if not path.startswith("/api/v1/graph/"):
        return None
    if path == "/api/v1/graph/syndicates/{syndicate_id}":
        listed = client.get("/api/v1/graph/syndicates")
        if listed.status_code != 200:
            return listed  # refused by the policy: the matrix checks that
        first = listed.json()["syndicates"][0]["id"]
        return client.get(f"/api/v1/graph/syndicates/{first}")
    if path == "/api/v1/graph/explain":
        return client.get(path, params={"a": "TH-CCIB-RED", "b": "TH-CCIB-GREEN"})
    return client.request(method, path)
