"""A server worker moves its start-up objects out of the collector's reach; test apps don't."""

from __future__ import annotations

import asyncio
import gc

from scamgrid.api.app import create_app


def _frozen_after_startup(freeze_heap: bool, db_url: str) -> int:
    app = create_app(db_url, freeze_heap=freeze_heap)

    async def start_up() -> int:
        async with app.router.lifespan_context(app):
            return gc.get_freeze_count()

    gc.unfreeze()
    try:
        return asyncio.run(start_up())
    finally:
        gc.unfreeze()  # the test process builds many applications: let them all be freed


def test_a_server_worker_freezes_what_start_up_built(db_url: str) -> None:
    # Every route, schema and model of the application is among the frozen objects.
    assert _frozen_after_startup(True, db_url) > 10_000


def test_an_application_built_for_tests_freezes_nothing(db_url: str) -> None:
    assert _frozen_after_startup(False, db_url) == 0
