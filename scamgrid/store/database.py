"""Connecting to the store: one engine per URL, SQLite tuned for bulk writes, Alembic upgrades."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from scamgrid import settings

MIGRATIONS = Path(__file__).parent / "migrations"
SQLITE_POOL_SIZE = 40
SQLITE_MMAP_BYTES = 2**30  # address space, not memory: pages are shared with the OS cache


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    # WAL lets readers (the API) run while an ingest writes; foreign keys are off by default.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    # Reads through a memory map: every commit (the audit appender's, hundreds a second under
    # look-up load) empties the page cache of every other connection, and each look-up then
    # copied its pages in again (a stored value's look-up: 5.2 -> 4.2 ms of CPU measured).
    cursor.execute(f"PRAGMA mmap_size={SQLITE_MMAP_BYTES}")
    cursor.close()


@cache
def engine_for(url: str) -> Engine:
    if url.startswith("sqlite"):
        # A connection per busy thread, kept: the default pool keeps 5 and opens and closes
        # the rest per use, with their pragmas, which was 40 % of an uncached look-up's CPU
        # under load (the server runs up to 40 threads, starlette's thread pool).
        engine = create_engine(url, pool_size=SQLITE_POOL_SIZE, max_overflow=SQLITE_POOL_SIZE)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=10)


def engine(url: str | None = None) -> Engine:
    return engine_for(url or settings.database_url())


@cache
def _session_factory(url: str) -> sessionmaker[Session]:
    return sessionmaker(engine_for(url), expire_on_commit=False)


@contextmanager
def session(url: str | None = None) -> Iterator[Session]:
    """A session that commits when the block succeeds and rolls back when it fails."""
    factory = _session_factory(url or settings.database_url())
    with factory() as s, s.begin():
        yield s


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(url: str | None = None, revision: str = "heads") -> None:
    """Create or migrate the database to the latest schema.

    "heads": capabilities (graph, sharing, cases) add their tables on branches from 0003, so
    independent migrations never have to be ordered against each other.
    """
    target = url or settings.database_url()
    with engine_for(target).begin() as connection:
        config = alembic_config(target)
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def current_revisions(connection: Connection) -> tuple[str, ...]:
    from alembic.runtime.migration import MigrationContext

    return tuple(sorted(MigrationContext.configure(connection).get_current_heads()))
