"""Peers: the other nodes this one federates with, each with the token it presents there."""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from scamgrid.errors import Conflict, InvalidInput, NotFound
from scamgrid.sharing.agencies import get_agency
from scamgrid.sharing.federation.tables import Peer
from scamgrid.store.crypto import KeyRing

NAME = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,63}$")


def add_peer(session: Session, name: str, url: str, token: str, agency: str | None = None) -> Peer:
    """Register a peer by its TAXII discovery URL (…/taxii2/ is appended to a bare node URL)."""
    name = name.strip().lower()
    if not NAME.match(name):
        raise InvalidInput(f"peer name {name!r}: lower-case letters, digits, '.', '_' and '-'")
    if not url.startswith(("http://", "https://")):
        raise InvalidInput(f"peer URL {url!r} must start with http:// or https://")
    if not token.strip():
        raise InvalidInput("--token is required: the bearer token the peer issued to this node")
    if session.scalar(select(Peer.id).where(Peer.name == name)) is not None:
        raise Conflict(f"peer {name} already exists")
    if agency:
        agency = get_agency(session, agency).code
    url = url.rstrip("/") + "/"
    if not url.endswith("/taxii2/"):
        url += "taxii2/"
    peer = Peer(
        name=name,
        url=url,
        token_sealed=KeyRing.load().seal(token.strip().encode(), f"peer:{name}".encode()),
        agency=agency,
    )
    session.add(peer)
    session.flush()
    return peer


def token_of(peer: Peer) -> str:
    return KeyRing.load().open(peer.token_sealed, f"peer:{peer.name}".encode()).decode()


def list_peers(session: Session) -> list[Peer]:
    return list(session.scalars(select(Peer).order_by(Peer.name)))


def get_peer(session: Session, name: str) -> Peer:
    peer = session.scalar(select(Peer).where(Peer.name == name.strip().lower()))
    if peer is None:
        raise NotFound(f"no peer {name!r} (add it with `scamgrid peer add`)")
    return peer
