"""Blind matching: which identifiers two nodes have in common, without showing either's values.

Each node hashes its canonical values with HMAC-SHA256 under the key of a sharing group
(`type:value`, so a phone and a handle with the same digits differ) and sends only the digests.
The receiver hashes its own values under the same key and learns the intersection; values not
in common stay hidden from it, and no one without the key can test a guess at all.

Limits, said plainly: a holder of the group key can test guesses (phone numbers are a small
space), so the key is for the group's members only and is rotated by setting a new one. The
file reveals how many values a node holds; digests are sorted so their order reveals nothing.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from scamgrid.errors import InvalidInput, NotFound
from scamgrid.sharing.federation.tables import BlindKey
from scamgrid.store.crypto import KeyRing
from scamgrid.store.tables import Indicator, Report, SharingGroup, Sighting
from scamgrid.store.visibility import Viewer, visible

FORMAT = "scamgrid-blind/1"
KEY_BYTES = 32


def _sealing_context(group: str) -> bytes:
    return f"blind-key:{group}".encode()


def group_key(session: Session, group: str, create: bool = True) -> bytes:
    """The group's HMAC key; a new random one is made when the group has none yet."""
    if session.scalar(select(SharingGroup.id).where(SharingGroup.name == group)) is None:
        raise NotFound(f"no sharing group {group!r}")
    row = session.get(BlindKey, group)
    ring = KeyRing.load()
    if row is None:
        if not create:
            raise NotFound(f"sharing group {group!r} has no blind-matching key on this node")
        key = secrets.token_bytes(KEY_BYTES)
        session.add(BlindKey(group_name=group, key_sealed=ring.seal(key, _sealing_context(group))))
        session.flush()
        return key
    return ring.open(row.key_sealed, _sealing_context(group))


def set_group_key(session: Session, group: str, hex_key: str) -> bytes:
    """Install the key another node of the group generated (64 hex characters)."""
    try:
        key = bytes.fromhex(hex_key.strip())
    except ValueError:
        raise InvalidInput("the key must be hexadecimal") from None
    if len(key) != KEY_BYTES:
        raise InvalidInput(f"the key must be {KEY_BYTES} bytes ({KEY_BYTES * 2} hex characters)")
    group_key(session, group)  # checks the group, creates the row
    row = session.get_one(BlindKey, group)
    row.key_sealed = KeyRing.load().seal(key, _sealing_context(group))
    return key


def key_id(key: bytes) -> str:
    """A fingerprint that tells whether two nodes hold the same key, and nothing about it."""
    return hmac.new(key, b"scamgrid-blind-key-id", hashlib.sha256).hexdigest()[:16]


def digest(key: bytes, kind: str, value: str) -> str:
    return hmac.new(key, f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()


def held_values(session: Session, viewer: Viewer) -> Iterable[tuple[str, str]]:
    """Every distinct canonical (type, value) in the reports `viewer` may see, valid ones only."""
    query = (
        select(Indicator.type, Indicator.value)
        .join(Sighting, Sighting.indicator_id == Indicator.id)
        .join(Report, Report.id == Sighting.report_id)
        .where(
            Indicator.valid.is_(True),
            visible(viewer, Report.marking, Report.agency_id, Report.sharing_group_id),
        )
        .distinct()
    )
    return session.execute(query)


@dataclass(frozen=True)
class BlindSet:
    group: str
    node: str
    key_id: str
    digests: list[str]

    def as_dict(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "group": self.group,
            "node": self.node,
            "key_id": self.key_id,
            "created": datetime.now(UTC).isoformat(),
            "count": len(self.digests),
            "digests": self.digests,
        }


def blind_export(session: Session, viewer: Viewer, group: str, node: str) -> BlindSet:
    key = group_key(session, group)
    digests = sorted({digest(key, kind, value) for kind, value in held_values(session, viewer)})
    return BlindSet(group, node, key_id(key), digests)


def parse(data: Any, file: str) -> BlindSet:
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise InvalidInput(f"{file}: not a blind-matching file ({FORMAT})")
    digests = data.get("digests")
    if not isinstance(digests, list) or not all(isinstance(d, str) for d in digests):
        raise InvalidInput(f"{file}: digests: must be a list of hex strings")
    return BlindSet(str(data.get("group")), str(data.get("node")), str(data.get("key_id")), digests)


def blind_match(session: Session, viewer: Viewer, theirs: BlindSet) -> list[tuple[str, str]]:
    """Our (type, value) pairs whose digests are in the other node's set."""
    key = group_key(session, theirs.group, create=False)
    if key_id(key) != theirs.key_id:
        raise InvalidInput(
            f"the file was hashed with another key of group {theirs.group!r} "
            f"({theirs.key_id}, ours {key_id(key)}): exchange the key first"
        )
    wanted = set(theirs.digests)
    return sorted(
        (kind, value)
        for kind, value in held_values(session, viewer)
        if digest(key, kind, value) in wanted
    )
