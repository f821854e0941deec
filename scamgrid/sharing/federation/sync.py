"""`scamgrid federation sync`: pull every readable collection of a peer, push our own records.

Pull: page by page through TAXII, each page imported in one transaction together with the
cursor that says where the next page starts; a sync cut off anywhere resumes there, and since
imports are idempotent by STIX version, re-reading a page changes nothing. Compounds, persons
of interest and their ties in a page are taken in after its reports (context_sink.py). A
completed run moves `added_after` to the last date added it saw (less a small overlap for
writes that committed late), so the next run fetches only what is new, updates and revocations
included.

Push: when the peer's agency is known, this node's own records that agency may see (RED and
AMBER+STRICT never; AMBER only of sharing groups the agency is in) are added to the peer's
collections, from a cursor too.
"""

from __future__ import annotations

import logging
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from scamgrid.model.vocabulary import Marking
from scamgrid.sharing import audit
from scamgrid.sharing.federation.peers import get_peer, list_peers, token_of
from scamgrid.sharing.federation.tables import Peer, SyncCursor
from scamgrid.sharing.federation.transport import HttpTransport, PeerUnavailable, Transport
from scamgrid.sharing.stix import objects as o
from scamgrid.sharing.stix import vocabulary as v
from scamgrid.sharing.stix.context_sink import import_context
from scamgrid.sharing.stix.sink import ImportOptions, ImportResult, Sink
from scamgrid.sharing.stix.source import Entry, Scope, Source, decode_position, encode_position
from scamgrid.sharing.taxii.collections import collection_id
from scamgrid.store import database
from scamgrid.store.tables import Agency, utcnow
from scamgrid.store.visibility import viewer_for_agency

PAGE_SIZE = 2000
OVERLAP = timedelta(seconds=5)
ACTOR = audit.Actor("federation")
log = logging.getLogger("scamgrid.federation")


@dataclass
class SyncSummary:
    peer: str
    pulled: ImportResult = field(default_factory=ImportResult)
    objects_in: int = 0
    pages_in: int = 0
    pushed: int = 0
    push_failures: int = 0
    collections: int = 0

    def as_dict(self) -> dict[str, object]:
        return {
            "peer": self.peer,
            "collections": self.collections,
            "objects_in": self.objects_in,
            "pages_in": self.pages_in,
            "pulled": self.pulled.as_dict(),
            "pushed": self.pushed,
            "push_failures": self.push_failures,
        }


def _cursor(session: Session, peer_id: int, direction: str, collection: str) -> SyncCursor:
    found = session.scalar(
        select(SyncCursor).where(
            SyncCursor.peer_id == peer_id,
            SyncCursor.direction == direction,
            SyncCursor.collection_id == collection,
        )
    )
    if found is None:
        found = SyncCursor(peer_id=peer_id, direction=direction, collection_id=collection)
        found.objects = 0
        session.add(found)
        session.flush()
    return found


def sync_peer(
    name: str,
    node: str,
    url: str | None = None,
    transport: Transport | None = None,
    page_size: int = PAGE_SIZE,
) -> SyncSummary:
    with database.session(url) as session:
        peer = get_peer(session, name)
        peer_id, peer_name, agency = peer.id, peer.name, peer.agency
        transport = transport or HttpTransport(peer.url, token_of(peer))
    summary = SyncSummary(peer_name)
    try:
        root = transport.api_root()
        remote = transport.collections(root)
        summary.collections = len(remote)
        for collection in remote:
            if collection.get("can_read"):
                _pull(
                    url,
                    node,
                    peer_id,
                    peer_name,
                    transport,
                    root,
                    collection["id"],
                    summary,
                    page_size,
                )
        if agency:
            writable = {c["id"] for c in remote if c.get("can_write")}
            _push(url, node, peer_id, agency, transport, root, writable, summary, page_size)
    finally:
        transport.close()
    with database.session(url) as session:
        session.get_one(Peer, peer_id).last_sync_at = utcnow()
        audit.record(session, ACTOR, "federation.sync", "peer", peer_name, **summary.as_dict())
    return summary


def _pull(
    url: str | None,
    node: str,
    peer_id: int,
    peer_name: str,
    transport: Transport,
    root: str,
    collection: str,
    summary: SyncSummary,
    page_size: int,
) -> None:
    options = ImportOptions(received_from=peer_name)
    with database.session(url) as session:
        cursor = _cursor(session, peer_id, "pull", collection)
        added_after, next_token = cursor.added_after, cursor.next_token
    # The next page is fetched while this one is written (the peer works while we do); the
    # cursor still moves only with the write of each page, in order.
    with ThreadPoolExecutor(max_workers=1) as ahead:
        pending = ahead.submit(
            transport.objects, root, collection, added_after, next_token, page_size
        )
        while True:
            page = pending.result()
            going_on = bool(page.more and page.next)
            if going_on:
                pending = ahead.submit(
                    transport.objects, root, collection, added_after, page.next, page_size
                )
            with database.session(url) as session:
                sink = Sink(session, node, options)
                result = sink.write(page.objects)
                # Compounds, persons of interest and their ties, after the reports they cite.
                import_context(session, sink, page.objects, ACTOR, result)
                cursor = _cursor(session, peer_id, "pull", collection)
                cursor.objects += len(page.objects)
                cursor.updated_at = utcnow()
                if going_on:
                    cursor.next_token = page.next
                else:
                    cursor.next_token = None
                    if page.last_added:
                        moved = v.parse_timestamp(page.last_added) - OVERLAP
                        cursor.added_after = v.timestamp(moved)
            summary.pulled.add(result)
            summary.objects_in += len(page.objects)
            summary.pages_in += 1
            if not going_on:
                return


def _route(entry: Entry, agency: str, writable: set[str]) -> str | None:
    """The peer's collection for one record: its group's for AMBER, its agency's feed else."""
    report = next((x for x in entry.objects if x.get("type") == "report"), None)
    if report is None:
        return None
    marking = o.marking_of(report)
    group = o.extension(report).get("sharing_group")
    if marking is Marking.AMBER:
        target = collection_id("group", group) if group else None
    else:
        target = collection_id("agency", agency)
    return target if target in writable else None


def _push(
    url: str | None,
    node: str,
    peer_id: int,
    peer_agency: str,
    transport: Transport,
    root: str,
    writable: set[str],
    summary: SyncSummary,
    page_size: int,
) -> None:
    with database.session(url) as session:
        viewer = viewer_for_agency(session, peer_agency)
        ours = [
            (a.id, a.code, a.name, a.country, a.created_at)
            for a in session.scalars(select(Agency).order_by(Agency.code))
            if collection_id("agency", a.code) in writable
        ]
    for agency_id, code, name, country, created in ours:
        identity = o.identity(code, name, country, created)
        key = f"agency:{code}"
        while True:
            with database.session(url) as session:
                cursor = _cursor(session, peer_id, "push", key)
                position = decode_position(cursor.next_token) if cursor.next_token else None
                scope = Scope(viewer, agency_id=agency_id, local_only=True)
                page = Source(session, scope, node).page(page_size, None, position)
            batches: dict[str, list[dict[str, Any]]] = {}
            for entry in page.entries:
                if entry.kind == 0:
                    continue
                target = _route(entry, code, writable)
                if target is not None:
                    batches.setdefault(target, [identity]).extend(entry.objects)
            for target, objects in batches.items():
                status = transport.add(root, target, objects)
                summary.pushed += int(status.get("success_count") or 0)
                summary.push_failures += int(status.get("failure_count") or 0)
            if page.entries:
                with database.session(url) as session:
                    cursor = _cursor(session, peer_id, "push", key)
                    cursor.next_token = encode_position(page.entries[-1].position)
                    cursor.objects += sum(len(b) for b in batches.values())
                    cursor.updated_at = utcnow()
            if not page.more:
                break


def sync_all(node: str, url: str | None = None) -> list[SyncSummary]:
    """Sync with every peer; one unreachable peer does not stop the others."""
    with database.session(url) as session:
        names = [p.name for p in list_peers(session)]
    done = []
    for name in names:
        try:
            done.append(sync_peer(name, node, url))
        except PeerUnavailable as error:
            log.warning("federation: peer %s unavailable: %s", name, error.message)
    return done


def run_forever(node: str, interval: float, stop: threading.Event, url: str | None = None) -> None:
    """The background loop of `scamgrid serve`: sync every `interval` seconds until stopped."""
    while not stop.wait(interval):
        started = time.monotonic()
        try:
            results = sync_all(node, url)
        except Exception:  # the loop must outlive any one failure; it is logged
            log.exception("federation: sync failed")
            continue
        log.info(
            "federation: synced %d peer(s) in %.1f s", len(results), time.monotonic() - started
        )
