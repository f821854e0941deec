"""How a node talks TAXII 2.1 to a peer: one small interface, an HTTP implementation.

Tests wrap the HTTP transport to cut a sync off halfway; nothing else needs another one.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import Any

import httpx
import orjson

from scamgrid.errors import ScamgridError

TAXII = "application/taxii+json;version=2.1"


class PeerUnavailable(ScamgridError):
    title = "Peer unavailable"


@dataclass
class ObjectsPage:
    objects: list[dict[str, Any]] = field(default_factory=list)
    more: bool = False
    next: str | None = None
    last_added: str | None = None


class Transport(ABC):
    @abstractmethod
    def api_root(self) -> str: ...

    @abstractmethod
    def collections(self, root: str) -> list[dict[str, Any]]: ...

    @abstractmethod
    def objects(
        self,
        root: str,
        collection: str,
        added_after: str | None,
        next_token: str | None,
        limit: int,
    ) -> ObjectsPage: ...

    @abstractmethod
    def add(self, root: str, collection: str, objects: list[dict[str, Any]]) -> dict[str, Any]: ...

    def close(self) -> None:
        return None


class HttpTransport(Transport):
    def __init__(self, discovery_url: str, token: str, timeout: float = 120) -> None:
        self.discovery_url = discovery_url
        self.client = httpx.Client(
            headers={"Authorization": f"Bearer {token}", "Accept": TAXII},
            timeout=timeout,
        )

    def _get(self, url: str, params: dict[str, Any] | None = None) -> httpx.Response:
        try:
            response = self.client.get(url, params=params)
        except httpx.HTTPError as error:
            raise PeerUnavailable(f"{url}: {error}") from None
        if response.status_code != 200:
            raise PeerUnavailable(f"{url}: HTTP {response.status_code}: {response.text[:200]}")
        return response

    def api_root(self) -> str:
        found = orjson.loads(self._get(self.discovery_url).content)
        root = found.get("default") or (found.get("api_roots") or [None])[0]
        if not root:
            raise PeerUnavailable(f"{self.discovery_url}: the peer names no API root")
        return str(root)

    def collections(self, root: str) -> list[dict[str, Any]]:
        found = orjson.loads(self._get(root + "collections/").content)
        return list(found.get("collections") or [])

    def objects(
        self,
        root: str,
        collection: str,
        added_after: str | None,
        next_token: str | None,
        limit: int,
    ) -> ObjectsPage:
        params: dict[str, Any] = {"limit": limit}
        if added_after:
            params["added_after"] = added_after
        if next_token:
            params["next"] = next_token
        response = self._get(f"{root}collections/{collection}/objects/", params)
        body = orjson.loads(response.content)
        return ObjectsPage(
            objects=list(body.get("objects") or []),
            more=bool(body.get("more")),
            next=body.get("next"),
            last_added=response.headers.get("X-TAXII-Date-Added-Last"),
        )

    def add(self, root: str, collection: str, objects: list[dict[str, Any]]) -> dict[str, Any]:
        url = f"{root}collections/{collection}/objects/"
        try:
            response = self.client.post(
                url,
                content=orjson.dumps({"objects": objects}),
                headers={"Content-Type": TAXII},
            )
        except httpx.HTTPError as error:
            raise PeerUnavailable(f"{url}: {error}") from None
        if response.status_code not in (200, 202):
            raise PeerUnavailable(f"{url}: HTTP {response.status_code}: {response.text[:200]}")
        status: dict[str, Any] = orjson.loads(response.content)
        return status

    def close(self) -> None:
        self.client.close()
