"""In-memory look-up answers, kept while the store's generation is unchanged (hotlists).

Migration 0014 keeps one counter, `store_generation`, that database triggers raise on every
insert, update and delete of what a look-up's answer reads (reports, sightings, indicators,
agencies), whatever path wrote it. A worker process keeps, per store:

- single look-up answers, encoded once, per (viewer, role, canonical type and value): the
  viewer carries the agency and its sharing groups, so one agency's answer never serves
  another; bounded by their total size (LRU);
- per viewer a tally index, canonical (type, value) -> `Tally`, for bulk look-ups; built in
  the background, once per generation, by the same visibility-filtered query as the SQL path,
  and bounded by a number of viewers (LRU). Until it is built, bulk look-ups take the SQL path.

Both are built with the store's visibility-filtered queries (`scamgrid.store.lookup`), so
markings are enforced where they always were. The generation is read at most every
`STALENESS` seconds per process: an answer is at most that much older than the last write it
does not reflect. It is read before the data an entry is built from, and an entry is kept only
if the generation has not moved meanwhile, so an entry is never filed under a newer generation
than its data.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import NamedTuple, TypeVar, cast

from sqlalchemy import Connection, text

from scamgrid.store import database

STALENESS = 0.1  # seconds: how long a worker trusts the generation it last read
MAX_ANSWER_BYTES = 64 * 1024 * 1024  # encoded single answers kept per store and process
MAX_INDEXES = 8  # viewers whose bulk tally index is kept per store and process

_READ = text("SELECT value FROM store_generation WHERE id = 1")
T = TypeVar("T")
log = logging.getLogger(__name__)


def _current(driver: sqlite3.Connection) -> int:
    [(value,)] = driver.execute(_READ.text).fetchall()
    return int(value)


def current(conn: Connection) -> int:
    """The store's generation: it changes with every write that can change a look-up."""
    value = conn.scalar(_READ)
    if value is None:
        raise RuntimeError("store_generation is empty: run `scamgrid db upgrade`")
    return int(value)


class Answer(NamedTuple):
    """A single look-up's encoded answer, and the other agencies' reports it reads (audit)."""

    body: bytes
    others: list[str]


class LookupCache:
    """The look-up answers and tally indexes of one store, in this process."""

    def __init__(
        self,
        url: str,
        staleness: float = STALENESS,
        max_bytes: int = MAX_ANSWER_BYTES,
        max_indexes: int = MAX_INDEXES,
    ) -> None:
        self.url = url
        self.staleness = staleness
        self.max_bytes = max_bytes
        self.max_indexes = max_indexes
        self.generation: int | None = None
        self._checked = float("-inf")
        self._answers: OrderedDict[Hashable, Answer] = OrderedDict()
        self._bytes = 0
        self._indexes: OrderedDict[Hashable, tuple[int, object]] = OrderedDict()
        self._building: set[Hashable] = set()
        self._lock = threading.Lock()
        self._here = threading.local()  # per thread: a connection for `read_here`
        self.index_builds: list[float] = []  # seconds each tally index took, for benchmarks

    # The generation ---------------------------------------------------------------------

    def fresh(self) -> bool:
        """Was the generation read within the staleness bound? Then no query is needed."""
        return time.monotonic() - self._checked < self.staleness

    def refresh(self, conn: Connection) -> int:
        """The generation, read again when the bound has passed; a new one drops every entry."""
        if self.generation is not None and self.fresh():
            return self.generation
        checked = time.monotonic()
        generation = current(conn)
        conn.rollback()  # end the read's snapshot: the entry's own queries see newer data
        self._settle(generation, checked)
        return generation

    def refresh_here(self) -> None:
        """`refresh` on the calling thread, for a SQLite store only (`read_here`): the event
        loop keeps the generation fresh itself while it answers from memory."""
        if self.fresh() or not self.url.startswith("sqlite"):
            return
        checked = time.monotonic()
        generation = self.read_here(_current)
        if generation is not None:
            self._settle(generation, checked)

    def _settle(self, generation: int, checked: float) -> None:
        with self._lock:
            if generation != self.generation:
                self.generation = generation
                self._answers.clear()
                self._bytes = 0
                self._indexes.clear()
            self._checked = checked

    # Single look-ups ----------------------------------------------------------------------

    def cached(self, key: Hashable) -> Answer | None:
        """The answer for `key` if kept and the generation needs no reading (no I/O)."""
        if not self.fresh():
            return None
        with self._lock:
            answer = self._answers.get(key)
            if answer is not None:
                self._answers.move_to_end(key)
            return answer

    def answer(self, key: Hashable, build: Callable[[Connection], Answer]) -> Answer:
        """The answer for `key`, built by `build` on a connection when it is not kept."""
        with database.engine(self.url).connect() as conn:
            generation = self.refresh(conn)
            with self._lock:
                kept = self._answers.get(key)
            if kept is not None:
                return kept
            answer = build(conn)
        self.keep(key, answer, generation)
        return answer

    def keep(self, key: Hashable, answer: Answer, generation: int) -> None:
        """Keep `answer`, built from data read after `generation` was, unless the generation
        has moved since: an answer is never filed under a newer generation than its data."""
        with self._lock:
            if self.generation == generation and key not in self._answers:
                self._answers[key] = answer
                self._bytes += len(answer.body)
                while self._bytes > self.max_bytes and self._answers:
                    _, old = self._answers.popitem(last=False)
                    self._bytes -= len(old.body)

    def read_here(self, read: Callable[[sqlite3.Connection], T]) -> T | None:
        """`read` on the calling thread with the SQLite driver's own connection, for an
        embedded store only (None for any other).

        For the event loop's own index probes: the embedded store answers one in tens of
        microseconds with no network to wait for, where a hop to a worker thread and back
        costs more and adds to the tail latency. The driver's connection rather than
        SQLAlchemy's: the SQL layer's work per statement (compiled cache, execution context,
        result) was four fifths of a probe's cost. The connection is kept for the thread; the
        driver opens no transaction for a read, and one left open is ended, so it never holds
        an old snapshot.
        """
        if not self.url.startswith("sqlite"):
            return None
        pooled = getattr(self._here, "conn", None)
        if pooled is None:
            pooled = self._here.conn = database.engine(self.url).raw_connection()
        driver = cast(sqlite3.Connection, pooled.driver_connection)
        try:
            return read(driver)
        finally:
            if driver.in_transaction:
                driver.rollback()

    # Bulk tally indexes ------------------------------------------------------------------

    def index(self, viewer: Hashable, build: Callable[[Connection], object]) -> object | None:
        """The viewer's tally index for the current generation, or None while it is built.

        A missing index starts one build in a thread of its own; the caller answers from SQL
        meanwhile, so a write never makes bulk look-ups wait for a rebuild.
        """
        generation = self.generation
        if generation is None or not self.fresh():
            with database.engine(self.url).connect() as conn:
                generation = self.refresh(conn)
        return self._kept_or_built(viewer, build, generation)

    def index_kept(self, viewer: Hashable, build: Callable[[Connection], object]) -> object | None:
        """`index` with no I/O on the calling thread, for the event loop: None as well when the
        generation needs reading."""
        if self.generation is None or not self.fresh():
            return None
        return self._kept_or_built(viewer, build, self.generation)

    def _kept_or_built(
        self, viewer: Hashable, build: Callable[[Connection], object], generation: int
    ) -> object | None:
        with self._lock:
            kept = self._indexes.get(viewer)
            if kept is not None and kept[0] == generation:
                self._indexes.move_to_end(viewer)
                return kept[1]
            if viewer in self._building:
                return None
            self._building.add(viewer)
        threading.Thread(
            target=self._build_index, args=(viewer, build), name="tally-index", daemon=True
        ).start()
        return None

    def build_index(self, viewer: Hashable, build: Callable[[Connection], object]) -> object:
        """Build the viewer's tally index now, in this thread (start-up, tests, benchmarks)."""
        with self._lock:
            self._building.add(viewer)
        self._build_index(viewer, build)
        with self._lock:
            kept = self._indexes.get(viewer)
        if kept is None:  # the generation moved while it was built: build again
            return self.build_index(viewer, build)
        return kept[1]

    def _build_index(self, viewer: Hashable, build: Callable[[Connection], object]) -> None:
        try:
            started = time.perf_counter()
            with database.engine(self.url).connect() as conn:
                self._checked = float("-inf")  # read the generation before the data
                generation = self.refresh(conn)
                index = build(conn)
            self.index_builds.append(time.perf_counter() - started)
            with self._lock:
                if self.generation == generation:
                    self._indexes[viewer] = (generation, index)
                    self._indexes.move_to_end(viewer)
                    while len(self._indexes) > self.max_indexes:
                        self._indexes.popitem(last=False)
        except Exception:  # the SQL path keeps answering; the next request tries again
            log.exception("building a bulk look-up index failed")
        finally:
            with self._lock:
                self._building.discard(viewer)


_caches: dict[str, LookupCache] = {}
_caches_lock = threading.Lock()


def cache_for(url: str) -> LookupCache:
    """This process's look-up cache for the store at `url`."""
    cache = _caches.get(url)
    if cache is None:
        with _caches_lock:
            cache = _caches.setdefault(url, LookupCache(url))
    return cache
