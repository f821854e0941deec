"""A server worker moves its start-up objects out of the collector's reach; test apps don't."""

from __future__ import annotations

import asyncio
import gc
from collections.abc import Callable
from typing import Any

from scamgrid.api.app import create_app


def _during_startup(serving: bool, db_url: str, look: Callable[[], Any]) -> Any:
    app = create_app(db_url, freeze_heap=serving)

    async def start_up() -> Any:
        async with app.router.lifespan_context(app):
            return look()

    gc.unfreeze()
    try:
        return asyncio.run(start_up())
    finally:
        gc.unfreeze()  # the test process builds many applications: let them all be freed


def test_a_server_worker_freezes_what_start_up_built(db_url: str) -> None:
    # Every route, schema and model of the application is among the frozen objects.
    assert _during_startup(True, db_url, gc.get_freeze_count) > 10_000


def test_an_application_built_for_tests_freezes_nothing(db_url: str) -> None:
    assert _during_startup(False, db_url, gc.get_freeze_count) == 0
