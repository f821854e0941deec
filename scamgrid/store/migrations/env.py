"""Alembic environment: runs on the connection handed over by scamgrid.store.database.upgrade."""

from __future__ import annotations

from typing import Literal

from alembic import context
from sqlalchemy import create_engine

import scamgrid.cases.persons
import scamgrid.cases.tables
import scamgrid.sharing.federation.tables  # noqa: F401  (registers the sharing tables)
from scamgrid.store.tables import Base, UTCDateTime

config = context.config
connection = config.attributes.get("connection")


def render_item(kind: str, item: object, _context: object) -> str | Literal[False]:
    # Migrations hold plain SQL types: UTCDateTime is a DateTime that converts in Python.
    if kind == "type" and isinstance(item, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def run(conn: object) -> None:
    context.configure(
        connection=conn,  # type: ignore[arg-type]
        target_metadata=Base.metadata,
        render_as_batch=True,  # SQLite can only ALTER through table copies
        render_item=render_item,
    )
    with context.begin_transaction():
        context.run_migrations()


if connection is not None:
    run(connection)
else:
    with create_engine(config.get_main_option("sqlalchemy.url") or "").begin() as conn:
        run(conn)
