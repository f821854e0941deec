"""The tamper-evident audit trail: every write, cross-agency read, export, login and token use.

Each event stores the hash of the previous one; `verify` recomputes the chain and names the first
event that no longer fits, so editing, deleting or reordering an event is detected. The tip is
kept in `audit_head` too, so cutting events off the end is detected as well. An event is written
in the same transaction as the change it records: no change without its event.

Events never carry personal data: only ids, counts and codes go into `detail`.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import orjson
from sqlalchemy import Connection, insert, select, text, update
from sqlalchemy.orm import Session

from scamgrid.store import driver
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


@dataclass(frozen=True)
class Event:
    """An event not yet in the chain: `at` is when it happened, `detail` its canonical JSON."""

    at: datetime
    actor: Actor
    action: str
    target_type: str
    target_id: str
    detail: str


def event(
    actor: Actor, action: str, target_type: str = "", target_id: str = "", **detail: Any
) -> Event:
    body = orjson.dumps(detail, option=orjson.OPT_SORT_KEYS, default=str).decode()
    return Event(utcnow(), actor, action, target_type, target_id, body)


# A write first, so that the tip is read under the lock that serialises appends: SQLite (whose
# FOR UPDATE is a no-op) takes its write lock at this statement and only then reads the tip, and
# two processes can never both extend the same tip. The same SQL on both backends; it also
# creates the tip on a fresh database.
_LOCK_HEAD = text(
    "INSERT INTO audit_head (id, last_id, last_hash) VALUES (1, 0, :genesis)"
    " ON CONFLICT (id) DO NOTHING"
)
_HEAD = select(AuditHead.last_hash).where(AuditHead.id == 1).with_for_update()
_APPEND = insert(AuditEvent).returning(AuditEvent.id, sort_by_parameter_order=True)
_MOVE_HEAD = update(AuditHead).where(AuditHead.id == 1)


def append(session: Session | Connection, events: Sequence[Event]) -> list[int]:
    """Append events to the chain in order, inside the caller's transaction; returns their ids.

    Plain statements rather than ORM objects: this runs on every API request.
    """
    session.execute(_LOCK_HEAD, {"genesis": GENESIS})
    previous: str = session.execute(_HEAD).scalar_one()
    rows, tip = _chained(previous, events)
    if len(rows) == 1:
        ids = [session.execute(_APPEND, rows[0]).scalar_one()]
    else:
        ids = list(session.execute(_APPEND, rows).scalars())
    session.execute(_MOVE_HEAD, {"last_id": ids[-1], "last_hash": tip})
    return ids


def _chained(previous: str, events: Sequence[Event]) -> tuple[list[dict[str, Any]], str]:
    """The events' rows, each hashed onto the one before, and the new tip's hash."""
    rows = []
    for e in events:
        digest = _digest(
            previous,
            e.at,
            e.actor.name,
            e.actor.agency,
            e.action,
            e.target_type,
            e.target_id,
            e.detail,
        )
        rows.append(
            {
                "at": e.at,
                "actor": e.actor.name,
                "agency": e.actor.agency,
                "action": e.action,
                "target_type": e.target_type,
                "target_id": e.target_id,
                "detail": e.detail,
                "prev_hash": previous,
                "hash": digest,
            }
        )
        previous = digest
    return rows, previous


# The same statements for the SQLite driver's own connection (scamgrid.store.driver): the
# audit appender's transactions, one per batch of look-ups, cost five times less CPU without
# the SQL layer's work per statement.
_ROW = (
    *("at", "actor", "agency", "action", "target_type", "target_id", "detail"),
    *("prev_hash", "hash"),
)
_LOCK_HEAD_SQLITE = driver.for_sqlite(_LOCK_HEAD)
_HEAD_SQLITE = driver.for_sqlite(_HEAD)
_APPEND_SQLITE = driver.for_sqlite(_APPEND, keys=_ROW)
_MOVE_HEAD_SQLITE = driver.for_sqlite(_MOVE_HEAD, keys=("last_id", "last_hash"))
_AT_SQLITE = AuditEvent.__table__.c.at.type.dialect_impl(driver.DIALECT).bind_processor(
    driver.DIALECT
)


def append_sqlite(conn: sqlite3.Connection, events: Sequence[Event]) -> list[int]:
    """`append` in a transaction of its own on a SQLite driver connection: the same rows, the
    same chain, committed before it returns (rolled back if anything fails)."""

    conn.execute("BEGIN IMMEDIATE")  # the write lock first, as `_LOCK_HEAD` takes it
    try:
        _LOCK_HEAD_SQLITE.run(conn, {"genesis": GENESIS})
        [(previous,)] = _HEAD_SQLITE.run(conn, {})
        rows, tip = _chained(previous, events)
        ids = []
        for row in rows:
            at = _AT_SQLITE(row["at"]) if _AT_SQLITE else row["at"]
            [(event_id,)] = _APPEND_SQLITE.run(conn, {**row, "at": at})
            ids.append(event_id)
        _MOVE_HEAD_SQLITE.run(conn, {"last_id": ids[-1], "last_hash": tip})
    except BaseException:
        conn.rollback()
        raise
    conn.commit()
    return ids


def record(
    session: Session | Connection,
    actor: Actor,
    action: str,
    target_type: str = "",
    target_id: str = "",
    **detail: Any,
) -> int:
    """Append one event to the chain, inside the caller's transaction; returns its id."""
    (event_id,) = append(session, [event(actor, action, target_type, target_id, **detail)])
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
