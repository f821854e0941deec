"""Casework fixtures: the three agencies of tests.factories, a compound, and helpers."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy.orm import Session

from scamgrid.cases import compounds
from scamgrid.sharing.audit import Actor
from scamgrid.store import database
from scamgrid.store.visibility import SYSTEM, Viewer, viewer_for_agency
from tests.factories import agencies_and_groups


@pytest.fixture
def store(db_url: str) -> str:
    """A migrated store with TH-CCIB, CN-MPS (group th-cn) and MM-MPF, and KK Park (GREEN)."""
    agencies_and_groups(db_url)
    with database.session(db_url) as session:
        compounds.add_compound(
            session,
            viewer_for_agency(session, "TH-CCIB"),
            Actor("test", "TH-CCIB"),
            compounds.CompoundInput(
                key="kk-park", name="KK Park", country="MM", aliases=["KK园区", "เคเคพาร์ค"]
            ),
        )
    return db_url


@contextmanager
def acting(url: str, agency: str | None) -> Iterator[tuple[Session, Viewer, Actor]]:
    """A session with the viewer and actor of `agency` (None: the node itself)."""
    with database.session(url) as session:
        viewer = viewer_for_agency(session, agency) if agency else SYSTEM
        yield session, viewer, Actor(f"analyst@{agency or 'node'}", agency)
