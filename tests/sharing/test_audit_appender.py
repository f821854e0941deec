"""Read events appended in batches: one chain, whoever appends, and no event left behind."""

from __future__ import annotations

import threading
import time
from concurrent.futures import Future
from pathlib import Path

import pytest
from sqlalchemy import select

from scamgrid.sharing import audit
from scamgrid.sharing.appender import Appender
from scamgrid.store import database
from scamgrid.store.tables import AuditEvent

READER = audit.Actor("operator@cn-mps.example.org", "CN-MPS")


def test_two_appenders_and_direct_writers_keep_one_chain(db_url: str) -> None:
    appenders = [Appender(db_url), Appender(db_url)]
    futures: list[tuple[str, Future[int]]] = []
    lock = threading.Lock()

    def read(n: int) -> None:
        for i in range(25):
            target = f"+6681{n:02d}{i:05d}"
            done = appenders[i % 2].submit(audit.event(READER, "lookup", "phone", target))
            with lock:
                futures.append((target, done))

    def write() -> None:
        for i in range(20):
            with database.session(db_url) as session:
                audit.record(session, READER, "report.update", "report", f"CN-{i}")

    threads = [threading.Thread(target=read, args=(n,)) for n in range(6)]
    threads.append(threading.Thread(target=write))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    ids = {target: done.result(timeout=30) for target, done in futures}
    for appender in appenders:
        appender.close()

    with database.engine(db_url).connect() as conn:
        verdict = audit.verify(conn)
        stored = dict(conn.execute(select(AuditEvent.id, AuditEvent.target_id)).all())
    assert (verdict.ok, verdict.events) == (True, 6 * 25 + 20)
    assert all(stored[event_id] == target for target, event_id in ids.items())


def test_closing_writes_what_is_queued(db_url: str) -> None:
    appender = Appender(db_url)
    queued = [appender.submit(audit.event(READER, "lookup", "phone", str(i))) for i in range(50)]
    appender.close()
    assert all(done.done() for done in queued)
    with database.engine(db_url).connect() as conn:
        assert audit.verify(conn).events == 50
    with pytest.raises(RuntimeError, match="closed"):
        appender.submit(audit.event(READER, "lookup"))


def test_a_failed_write_fails_every_waiting_read(tmp_path: Path) -> None:
    appender = Appender(f"sqlite:///{tmp_path / 'missing' / 'scamgrid.db'}")
    done = appender.submit(audit.event(READER, "lookup", "phone", "+66812345678"))
    with pytest.raises(Exception, match="unable to open database"):
        done.result(timeout=30)
    appender.close()


def test_the_appenders_commits_leave_checkpoints_to_a_thread_of_their_own(tmp_path: Path) -> None:
    # SQLite's automatic checkpoint runs inside the commit that fills the WAL, and every look-up
    # of the process would wait for its event behind it: the appender's connection has it off,
    # and a thread of its own checkpoints while events are written. The connection goes back to
    # the pool with the setting it had, and closing stops the thread.
    url = f"sqlite:///{tmp_path / 'scamgrid.db'}"
    database.upgrade(url)
    appender = Appender(url)
    appender.submit(audit.event(READER, "lookup", "phone", "+66812345678")).result(timeout=30)
    driver = appender._driver
    assert driver is not None
    assert driver.execute("PRAGMA wal_autocheckpoint").fetchall() == [(0,)]
    deadline = time.monotonic() + 30
    while appender.checkpoints == 0 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert appender.checkpoints == 1
    time.sleep(0.6)  # nothing written since: nothing to checkpoint
    assert appender.checkpoints == 1
    appender.submit(audit.event(READER, "lookup", "phone", "+66812345679")).result(timeout=30)
    appender.close()
    assert appender.checkpoints == 2  # the last batch's, at the latest on closing
    assert appender._checkpointer is not None and not appender._checkpointer.is_alive()
    assert driver.execute("PRAGMA wal_autocheckpoint").fetchall() == [(1000,)]
    with database.engine(url).connect() as conn:
        assert audit.verify(conn).events == 2
