"""Statements compiled once by SQLAlchemy and run on SQLite's own driver connection.

For the few hot paths of the embedded store (the audit appender's batches, the event loop's
index probe, a stored value's look-up): SQLAlchemy's work per statement and per row (compiled
cache, execution context, result objects) was most of their cost. The SQL, the placeholders'
order and the columns' result conversions (timestamps, amounts) still come from SQLAlchemy,
so the rows are the ones it would return.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple, cast

from sqlalchemy import Connection
from sqlalchemy.dialects import sqlite

DIALECT = sqlite.dialect()


class DriverStatement(NamedTuple):
    sql: str
    order: tuple[str, ...]  # the parameters' names, in the order of the placeholders
    constants: dict[str, Any]  # the values the statement binds itself (`id == 1`, markings)
    converters: tuple[Any, ...]  # per selected column: its result conversion, or None

    def run(self, driver: sqlite3.Connection, params: Mapping[str, Any]) -> list[Any]:
        """Every row, each converted as SQLAlchemy would; the statement is run to its end, so
        it holds no snapshot afterwards."""
        values = {**self.constants, **params}
        found = driver.execute(self.sql, [values[name] for name in self.order]).fetchall()
        if not any(self.converters):
            return found
        pairs = list(enumerate(self.converters))
        return [tuple(c(row[i]) if c else row[i] for i, c in pairs) for row in found]


def for_sqlite(
    statement: Any, *, keys: Sequence[str] = (), expand: Mapping[str, Any] | None = None
) -> DriverStatement:
    """`statement` for the driver. `keys`: the columns an INSERT or UPDATE sets. `expand`:
    placeholder values for the parameters, given when the statement has expanding IN lists
    (rendered into the SQL once; each run replaces the placeholders)."""
    compiled = statement.compile(dialect=DIALECT, column_keys=list(keys) or None)
    if expand is not None:
        expanded = compiled.construct_expanded_state(dict(expand))
        sql, order = expanded.statement, tuple(expanded.positiontup or ())
        constants = dict(expanded.parameters)
    else:
        sql, order = str(compiled), tuple(compiled.positiontup or ())
        binds = compiled.bind_names.items()
        constants = {name: bind.value for bind, name in binds if not bind.required}
    converters = tuple(
        column.type.dialect_impl(DIALECT).result_processor(DIALECT, None)
        for column in getattr(statement, "selected_columns", ())
    )
    return DriverStatement(sql, order, constants, converters)


def of(conn: Connection) -> sqlite3.Connection | None:
    """The SQLite driver's connection under `conn`, or None on another database."""
    if conn.dialect.name != "sqlite":
        return None
    return cast(sqlite3.Connection, conn.connection.driver_connection)
