"""The tamper-evident audit trail: every write, cross-agency read, export, login and token use.

Each event stores the hash of the previous one; `verify` recomputes the chain and names the first
event that no longer fits, so editing, deleting or reordering an event is detected. The tip is
kept in `audit_head` too, so cutting events off the end is detected as well. An event is written
in the same transaction as the change it records: no change without its event.

Events never carry personal data: only ids, counts and codes go into `detail`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import orjson
from sqlalchemy import Connection, insert, select, update
from sqlalchemy.orm import Session

from scamgrid.store.tables import AuditEvent, AuditHead, utcnow

GENESIS = "0" * 64
AUDITED = "scamgrid.audited"  # session.info flag: this transaction recorded an event


@dataclass(frozen=True)
class Actor:
    """Who acts: a user's email (or `cli:<os user>`, `public`), and the agency they act for."""

    name: str
    agency: str | None = None


def _digest(
    prev_hash: str,
    at: datetime,
    actor: str,
    agency: str | None,
    action: str,
    target_type: str,
    target_id: str,
    detail: str,
) -> str:
    # SQLite hands back naive datetimes (written in UTC); PostgreSQL aware ones in its zone.
    moment = (at if at.tzinfo else at.replace(tzinfo=UTC)).astimezone(UTC)
    body = orjson.dumps(
        [prev_hash, moment.isoformat(), actor, agency, action, target_type, target_id, detail]
    )
    return hashlib.sha256(body).hexdigest()


_HEAD = select(AuditHead.last_id, AuditHead.last_hash).where(AuditHead.id == 1).with_for_update()
_APPEND = insert(AuditEvent).returning(AuditEvent.id)
_MOVE_HEAD = update(AuditHead).where(AuditHead.id == 1)


def record(
    session: Session | Connection,
    actor: Actor,
    action: str,
    target_type: str = "",
    target_id: str = "",
    **detail: Any,
) -> int:
    """Append one event to the chain, inside the caller's transaction; returns its id.

    Plain statements rather than ORM objects: this runs on every API request.
    """
    head = session.execute(_HEAD).first()
    previous = head[1] if head else GENESIS
    if head is None:
        session.execute(insert(AuditHead).values(id=1, last_id=0, last_hash=GENESIS))
    at = utcnow()
    text = orjson.dumps(detail, option=orjson.OPT_SORT_KEYS, default=str).decode()
    digest = _digest(previous, at, actor.name, actor.agency, action, target_type, target_id, text)
    event_id: int = session.execute(
        _APPEND,
        {
            "at": at,
            "actor": actor.name,
            "agency": actor.agency,
            "action": action,
            "target_type": target_type,
            "target_id": target_id,
            "detail": text,
            "prev_hash": previous,
            "hash": digest,
        },
    ).scalar_one()
    session.execute(_MOVE_HEAD, {"last_id": event_id, "last_hash": digest})
    session.info[AUDITED] = True
    return event_id


@dataclass(frozen=True)
class Verdict:
    ok: bool
    events: int
    first_broken: int | None = None
    reason: str = ""


def verify(conn: Connection | Session) -> Verdict:
    """Recompute the chain from the first event; stop at the first one that does not fit."""
    expected_prev = GENESIS
    count = 0
    last_id = 0
    for event in _events(conn):
        count += 1
        if event.prev_hash != expected_prev:
            return Verdict(
                False,
                count,
                event.id,
                "previous-hash link broken: an event before it was deleted or altered",
            )
        recomputed = _digest(
            event.prev_hash,
            event.at,
            event.actor,
            event.agency,
            event.action,
            event.target_type,
            event.target_id,
            event.detail,
        )
        if recomputed != event.hash:
            return Verdict(False, count, event.id, "content does not match its hash: edited")
        expected_prev = event.hash
        last_id = event.id
    head = conn.execute(select(AuditHead.last_id, AuditHead.last_hash)).first()
    if head is not None and (head[0] != last_id or head[1] != expected_prev):
        return Verdict(
            False,
            count,
            head[0],
            "the chain ends before the recorded tip: events were removed at the end",
        )
    if head is None and count:
        return Verdict(False, count, None, "the chain's tip record is missing")
    return Verdict(True, count)


def _events(conn: Connection | Session) -> Iterator[Any]:
    last = 0
    while True:
        page = conn.execute(
            select(
                AuditEvent.id,
                AuditEvent.at,
                AuditEvent.actor,
                AuditEvent.agency,
                AuditEvent.action,
                AuditEvent.target_type,
                AuditEvent.target_id,
                AuditEvent.detail,
                AuditEvent.prev_hash,
                AuditEvent.hash,
            )
            .where(AuditEvent.id > last)
            .order_by(AuditEvent.id)
            .limit(5000)
        ).all()
        if not page:
            return
        yield from page
        last = page[-1].id


def log(
    session: Session,
    agency: str | None = None,
    since: datetime | None = None,
    action: str | None = None,
    limit: int = 100,
    offset: int = 0,
) -> list[AuditEvent]:
    query = select(AuditEvent).order_by(AuditEvent.id.desc())
    if agency:
        query = query.where(AuditEvent.agency == agency)
    if since:
        query = query.where(AuditEvent.at >= since)
    if action:
        query = query.where(AuditEvent.action == action)
    return list(session.scalars(query.limit(limit).offset(offset)))
