"""Read events appended by one thread per process, many to a transaction (group commit).

A look-up changes nothing, so its audit event has no transaction of its own to join: written
one by one, each read costs a transaction of its own, and the workers of a server queue on
the database's write lock (SQLite has one per file). The appender writes whatever events have
arrived since its last transaction in one transaction: one event when the server is quiet,
dozens under load, with no timer to wait for.

`submit` returns a future that is done once the event is committed, and a route answers only
after that: no read leaves the server without its event in the trail, and a crash loses no
event of an answered read. Each batch locks the chain's tip like any other append
(`audit.append`), so the chain stays one chain across processes and workers.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from concurrent.futures import Future
from typing import Any, cast

from scamgrid.sharing import audit
from scamgrid.store import database

log = logging.getLogger(__name__)
MAX_BATCH = 1000  # events per transaction: bounds one transaction's time under a burst
CHECKPOINT_SECONDS = 0.5  # SQLite: how often the WAL is checkpointed while events are written


class Appender:
    """Appends submitted events to the audit trail of the database at `url`."""

    def __init__(self, url: str) -> None:
        self.url = url
        self._pending: list[tuple[audit.Event, Future[int]]] = []
        self._wake = threading.Condition()
        self._thread: threading.Thread | None = None
        self._closed = False
        self._pooled: Any = None  # SQLite: the thread's own connection, held for its life
        self._driver: sqlite3.Connection | None = None
        self._autocheckpoint = 0  # SQLite: the connection's own setting, restored at the end
        self._written = False  # a batch committed since the last checkpoint
        self._stopping = threading.Event()
        self._checkpointer: threading.Thread | None = None
        self.checkpoints = 0  # WAL checkpoints run by the checkpointer thread, for tests

    def _sqlite(self) -> sqlite3.Connection:
        """The SQLite driver's connection of the appender's thread (with the store's pragmas):
        one transaction per batch, hundreds a second under load, each cheaper without the SQL
        layer (`audit.append_sqlite`).

        Its commits do not checkpoint the WAL: SQLite runs an automatic checkpoint inside the
        commit that fills the WAL past 1,000 pages, and while it copied those pages back and
        synced the file (~35 ms) every look-up of the process waited for its event behind it
        (traced at 500 look-ups/s: p99 3.1-5.0 ms with it, 2.2-2.5 ms without). A thread of its
        own checkpoints instead (`_checkpoint_while_written`).
        """
        if self._driver is None:
            self._pooled = database.engine(self.url).raw_connection()
            driver = cast(sqlite3.Connection, self._pooled.driver_connection)
            [(self._autocheckpoint,)] = driver.execute("PRAGMA wal_autocheckpoint").fetchall()
            driver.execute("PRAGMA wal_autocheckpoint=0")
            self._driver = driver
            self._checkpointer = threading.Thread(
                target=self._checkpoint_while_written, name="audit-checkpointer", daemon=True
            )
            self._checkpointer.start()
        return self._driver

    def _checkpoint_while_written(self) -> None:
        """Every CHECKPOINT_SECONDS after a batch was committed, a passive checkpoint on a
        connection of its own: it waits for no reader or writer and the appender never waits
        for it. Other connections keep SQLite's automatic checkpoints."""
        pooled = database.engine(self.url).raw_connection()
        driver = cast(sqlite3.Connection, pooled.driver_connection)
        try:
            while True:
                stopping = self._stopping.wait(CHECKPOINT_SECONDS)
                if self._written:
                    self._written = False
                    try:
                        driver.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
                        self.checkpoints += 1
                    except sqlite3.Error:  # the next round, or another connection, catches up
                        log.exception("checkpointing the audit trail's WAL failed")
                if stopping:
                    return
        finally:
            pooled.close()

    def submit(self, event: audit.Event) -> Future[int]:
        """Queue one event; the future holds its id once committed (or the error that failed it)."""
        done: Future[int] = Future()
        with self._wake:
            if self._closed:
                raise RuntimeError("the audit appender is closed")
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="audit-appender")
                self._thread.daemon = True
                self._thread.start()
            self._pending.append((event, done))
            self._wake.notify()
        return done

    def close(self, timeout: float = 30) -> None:
        """Write what is queued, then stop the thread (at the server's shutdown)."""
        with self._wake:
            self._closed = True
            self._wake.notify()
            thread = self._thread
        if thread is not None:
            thread.join(timeout)
        self._stopping.set()
        if self._checkpointer is not None:
            self._checkpointer.join(timeout)

    def _run(self) -> None:
        while True:
            with self._wake:
                while not self._pending and not self._closed:
                    self._wake.wait()
                if not self._pending:
                    if self._pooled is not None:
                        # Back to the pool, at the server's shutdown, as any other connection.
                        assert self._driver is not None
                        self._driver.execute(f"PRAGMA wal_autocheckpoint={self._autocheckpoint}")
                        self._pooled.close()
                    return
                batch = self._pending[:MAX_BATCH]
                del self._pending[:MAX_BATCH]
            self._write(batch)

    def _write(self, batch: list[tuple[audit.Event, Future[int]]]) -> None:
        events = [event for event, _ in batch]
        try:
            if self.url.startswith("sqlite"):
                ids = audit.append_sqlite(self._sqlite(), events)
                self._written = True
            else:
                with database.engine(self.url).begin() as conn:
                    ids = audit.append(conn, events)
        except BaseException as failed:  # every waiting request learns, none hangs
            for _, done in batch:
                done.set_exception(failed)
            if not isinstance(failed, Exception):
                raise
            return
        for (_, done), event_id in zip(batch, ids, strict=True):
            done.set_result(event_id)
