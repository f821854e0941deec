"""Warm the link-graph cache in the background when the server starts.

Loading and analysing an agency's link graph takes seconds over a large store, so the first
/graph of each agency would wait on it. At start-up a daemon thread asks `graph.cache.analysed`
for every agency that has an active user (the agencies whose analysts can sign in), one after
the other, so their syndicates are ready before anyone asks. Each entry is that agency's own:
the cache keys it by database, viewer (agency and sharing groups) and store version, and the
graph is built through the store's marking rules for that viewer, so warming never lets one
agency see what another may see. The thread stops between agencies when the server shuts
down. `SCAMGRID_GRAPH_WARMING=0` turns it off, for workers that must answer look-ups in
milliseconds: igraph's analysis holds the interpreter for seconds at a time.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Any

from sqlalchemy import func, select

from scamgrid import settings
from scamgrid.graph import cache
from scamgrid.store import database
from scamgrid.store.tables import Agency, User
from scamgrid.store.visibility import viewer_for_agency

log = logging.getLogger(__name__)
SHUTDOWN_WAIT_S = 5.0  # at shut-down, wait this long for the agency being analysed
Lifespan = Callable[[Any], AbstractAsyncContextManager[Any]]


def agencies_to_warm(url: str) -> list[str]:
    """Agencies with an active user, most users first, at most as many as the cache holds."""
    with database.session(url) as session:
        users = func.count(User.id)
        return list(
            session.scalars(
                select(Agency.code)
                .join(User, User.agency_id == Agency.id)
                .where(User.active.is_(True))
                .group_by(Agency.code)
                .order_by(users.desc(), Agency.code)
                .limit(cache.MAX_ENTRIES)
            )
        )


def warm(url: str, stop: threading.Event) -> list[str]:
    """Analyse each agency's link graph into the cache; the agencies warmed."""
    done = []
    for code in agencies_to_warm(url):
        if stop.is_set():
            break
        try:
            with database.session(url) as session:
                cache.analysed(session, viewer_for_agency(session, code))
        except Exception:  # a failure here must not stop the server: the page computes it
            log.exception("warming the link graph of %s failed", code)
            continue
        done.append(code)
    return done


def start(url: str) -> tuple[threading.Thread, threading.Event]:
    stop = threading.Event()
    thread = threading.Thread(target=warm, args=(url, stop), name="graph-warming", daemon=True)
    thread.start()
    return thread, stop


def around(inner: Lifespan) -> Lifespan:
    """The application's lifespan with the warming thread started at start-up."""

    @asynccontextmanager
    async def lifespan(app: Any) -> AsyncIterator[Any]:
        if settings.GRAPH_WARMING.get() in ("0", "false", "no", "off"):
            async with inner(app) as state:
                yield state
            return
        thread, stop = start(app.state.database_url)
        try:
            async with inner(app) as state:
                yield state
        finally:
            stop.set()  # the agency being analysed finishes, the next is not started
            await asyncio.to_thread(thread.join, SHUTDOWN_WAIT_S)

    return lifespan
