"""`column IN (a large set of values)` with one bound parameter instead of one per value.

Rendering thousands of placeholders costs more than the query itself; SQLite reads the set
from a JSON array (json_each), PostgreSQL from an array parameter (= ANY).
"""

from __future__ import annotations

from collections.abc import Sequence

import orjson
from sqlalchemy import BigInteger, ColumnElement, String, any_, bindparam, func, select
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import InstrumentedAttribute


def member_of(
    column: InstrumentedAttribute[str] | InstrumentedAttribute[int],
    values: Sequence[str] | Sequence[int],
    dialect: str,
) -> ColumnElement[bool]:
    if dialect == "postgresql":
        element = String() if values and isinstance(values[0], str) else BigInteger()
        return column == any_(bindparam(None, list(values), type_=ARRAY(element)))
    table = func.json_each(orjson.dumps(list(values)).decode()).table_valued("value")
    return column.in_(select(table.c.value))
