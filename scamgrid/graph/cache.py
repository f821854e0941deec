"""Analysed link graphs kept per database and viewer while the store does not change.

Loading and detecting take seconds on a real store; an analyst clicking through syndicates asks
the same question many times. An entry is reused only while the store's version is unchanged:
counts and latest change times of reports, sightings, transactions, rescue requests, labels,
persons and person links (one cheap query), so an ingest, an edit, a deletion or a new label
invalidates it at once.
`MAX_AGE_S` bounds what no version column can see (e.g. a compound's marking changed).
"""

from __future__ import annotations

import time
from collections import OrderedDict
from threading import Lock
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from scamgrid.cases.persons import PersonLink, PersonOfInterest
from scamgrid.cases.tables import RescueRequest
from scamgrid.graph.build import LinkGraph, load
from scamgrid.graph.syndicates import Detection, Params, detect
from scamgrid.store.tables import IndicatorLabel, Report, Sighting, Transaction
from scamgrid.store.visibility import Viewer

MAX_ENTRIES = 16  # viewers x databases kept
MAX_AGE_S = 300.0

_entries: OrderedDict[tuple[Any, ...], tuple[tuple[Any, ...], float, LinkGraph, Detection]] = (
    OrderedDict()
)
_lock = Lock()


def store_version(session: Session) -> tuple[Any, ...]:
    """What changes whenever anything the link graph is built from changes."""
    parts = [
        select(func.count()).select_from(Report),
        select(func.max(Report.updated_at)),
        select(func.count()).select_from(Sighting),
        select(func.max(Sighting.id)),
        select(func.count()).select_from(Transaction),
        select(func.max(Transaction.id)),
        select(func.count()).select_from(RescueRequest),
        select(func.max(RescueRequest.status_changed_at)),
        select(func.count()).select_from(IndicatorLabel),
        select(func.count()).select_from(PersonOfInterest),
        select(func.max(PersonOfInterest.updated_at)),
        select(func.count()).select_from(PersonLink),
        select(func.max(PersonLink.id)),
    ]
    row = session.execute(select(*(part.scalar_subquery() for part in parts))).one()
    return tuple(row)


def analysed(session: Session, viewer: Viewer) -> tuple[LinkGraph, Detection]:
    """The viewer's link graph and its syndicates, from the cache when still current."""
    params = Params.from_settings()
    key = (str(session.get_bind().engine.url), viewer, params)
    version = store_version(session)
    with _lock:
        hit = _entries.get(key)
        if hit is not None and hit[0] == version and hit[1] > time.monotonic():
            _entries.move_to_end(key)
            return hit[2], hit[3]
    graph = load(session, viewer)
    detection = detect(graph, params)
    with _lock:
        _entries[key] = (version, time.monotonic() + MAX_AGE_S, graph, detection)
        _entries.move_to_end(key)
        while len(_entries) > MAX_ENTRIES:
            _entries.popitem(last=False)
    return graph, detection


def clear() -> None:
    with _lock:
        _entries.clear()
