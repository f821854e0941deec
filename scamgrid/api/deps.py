"""Dependencies shared by routers: the database session and the asking party."""

from __future__ import annotations

from collections.abc import Iterator

from fastapi import Request
from sqlalchemy.orm import Session

from scamgrid.store import database
from scamgrid.store.visibility import PUBLIC, Viewer


def db_session(request: Request) -> Iterator[Session]:
    with database.session(request.app.state.database_url) as session:
        yield session


def current_viewer() -> Viewer:
    """Until a bearer token names an agency, a caller sees only what the public may see."""
    return PUBLIC
