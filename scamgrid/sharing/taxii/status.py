"""TAXII status resources, kept in the store so that any worker of a node answers for them.

`scamgrid serve --workers N` runs N processes behind one port: a client that added objects
through one of them polls its status through any other. A status is readable by the agency
that added the objects only, for `KEEP` after it was created; expired rows are deleted when
the next status is written.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import orjson
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from scamgrid.sharing.federation.tables import TaxiiStatus

KEEP = timedelta(days=7)  # how long a client may come back for the outcome of its request


def save(
    session: Session, agency_id: int, status: dict[str, Any], now: datetime | None = None
) -> None:
    """Keep `status` (a status resource with its `id`) for `agency_id`, and drop expired ones."""
    now = now or datetime.now(UTC)
    session.execute(delete(TaxiiStatus).where(TaxiiStatus.expires_at <= now))
    session.add(
        TaxiiStatus(
            id=str(status["id"]),
            agency_id=agency_id,
            body=orjson.dumps(status).decode(),
            created_at=now,
            expires_at=now + KEEP,
        )
    )
    session.flush()


def load(
    session: Session, agency_id: int, status_id: str, now: datetime | None = None
) -> dict[str, Any] | None:
    """The status `status_id` if `agency_id` made it and it has not expired, else None."""
    body = session.scalar(
        select(TaxiiStatus.body).where(
            TaxiiStatus.id == status_id,
            TaxiiStatus.agency_id == agency_id,
            TaxiiStatus.expires_at > (now or datetime.now(UTC)),
        )
    )
    found: dict[str, Any] | None = orjson.loads(body) if body is not None else None
    return found
