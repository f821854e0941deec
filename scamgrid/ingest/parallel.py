"""Validation of big files in worker processes while the main process writes.

Cleaning identifiers (libphonenumber, checksums) can cost more than writing; with spare cores,
validating chunks in workers while the main process writes raises the rate. On two busy cores
the pickling costs more than it saves, so it is off unless SCAMGRID_INGEST_WORKERS asks for it.
Order is kept, so row numbers and duplicate detection behave exactly as in one process.
"""

from __future__ import annotations

import os
import threading
import time
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import islice
from multiprocessing import get_context
from typing import Any

from scamgrid import settings
from scamgrid.ingest.reports import (
    ReadOptions,
    ReportRecord,
    RowError,
    Rows,
    check_rows,
    without_duplicates,
)

CHUNK = 2000
PARENT_CHECK_SECONDS = 0.5


def default_workers() -> int:
    return max(1, int(settings.INGEST_WORKERS.get() or 1))


def _exit_with_parent(parent: int) -> None:
    """In a worker: exit once the ingesting process is gone. Pool workers wait on their task
    queue for ever, so a `scamgrid ingest` killed with -9 (or by the OOM killer) left them
    running as orphans; its transaction is rolled back, and they must go with it."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_CHECK_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def _check_chunk(chunk: Rows, file: str, options: ReadOptions) -> list[ReportRecord | RowError]:
    return list(check_rows(chunk, file, options))


def validate_in_parallel(
    rows: Rows, file: str, options: ReadOptions, workers: int | None = None
) -> Iterator[ReportRecord | RowError]:
    """Like validate_rows, with chunks checked by `workers` processes when the input is big."""
    workers = default_workers() if workers is None else workers
    iterator = iter(rows)
    first = list(islice(iterator, CHUNK))
    if workers <= 1 or len(first) < CHUNK:
        yield from without_duplicates(check_rows([*first, *iterator], file, options), file)
        return
    yield from without_duplicates(_pooled(first, iterator, file, options, workers), file)


def _pooled(
    first: list[tuple[int, dict[str, Any] | RowError]],
    rest: Iterator[tuple[int, dict[str, Any] | RowError]],
    file: str,
    options: ReadOptions,
    workers: int,
) -> Iterator[ReportRecord | RowError]:
    # spawn: no inherited locks or database connections from the parent.
    context = get_context("spawn")
    with ProcessPoolExecutor(
        workers, mp_context=context, initializer=_exit_with_parent, initargs=(os.getpid(),)
    ) as pool:
        pending: deque[Future[list[ReportRecord | RowError]]] = deque()
        chunk = first
        while chunk or pending:
            while chunk and len(pending) < workers * 2:
                pending.append(pool.submit(_check_chunk, chunk, file, options))
                chunk = list(islice(rest, CHUNK))
            yield from pending.popleft().result()
