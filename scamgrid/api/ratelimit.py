"""Per-client rate limiting for the public routes: a sliding one-minute window in memory.

One process serves a node, so memory is enough; behind several workers, put the limit in the
reverse proxy instead (documented in docs/api.md).
"""

from __future__ import annotations

import time
from collections import deque
from threading import Lock

from fastapi import Request

from scamgrid import settings
from scamgrid.errors import ScamgridError

WINDOW_S = 60.0


class TooManyRequests(ScamgridError):
    exit_code = 2
    http_status = 429
    title = "Too many requests"


class RateLimiter:
    def __init__(self, per_minute: int) -> None:
        self.per_minute = per_minute
        self._hits: dict[str, deque[float]] = {}
        self._lock = Lock()

    def hit(self, client: str) -> None:
        now = time.monotonic()
        with self._lock:
            hits = self._hits.setdefault(client, deque())
            while hits and hits[0] <= now - WINDOW_S:
                hits.popleft()
            if len(hits) >= self.per_minute:
                retry = max(1, int(hits[0] + WINDOW_S - now) + 1)
                raise TooManyRequests(
                    f"more than {self.per_minute} requests a minute; retry in {retry} s",
                    retry_after=retry,
                )
            hits.append(now)
            if len(self._hits) > 100_000:  # bound memory under a flood of distinct clients
                self._hits = {k: v for k, v in self._hits.items() if v and v[-1] > now - WINDOW_S}


def public_limit(request: Request) -> None:
    limiter: RateLimiter = request.app.state.public_limiter
    limiter.hit(request.client.host if request.client else "unknown")


def make_limiter() -> RateLimiter:
    return RateLimiter(int(settings.PUBLIC_RATE_LIMIT.get()))
