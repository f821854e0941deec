"""Open-loop HTTP load at a constant rate, with latency counted from each scheduled send.

Requests are due at evenly spaced times (rate r: one every 1/r s, as wrk2 and vegeta offer
load) and each one's latency runs from its due time, so a server that falls behind is
charged for the wait too (no coordinated omission). Keep-alive HTTP/1.1 connections are
taken from a pool; a request due while every connection is busy waits for one, and that wait
counts. One asyncio loop (uvloop) sends everything: at 500 requests/s it costs a fraction of
a core, where 50 client threads competed with the server for the interpreter and the CPU.

`hey -c 50 -q 10`, used before, is not constant-rate: each of its 50 workers sends at its own
10 per second, all started together, so requests arrive as bursts of 50 every 100 ms, and a
server that answers in 1 ms shows a p99 near 50 ms.
"""

from __future__ import annotations

import asyncio
import gc
import time
from dataclasses import dataclass

import uvloop


@dataclass(frozen=True)
class Load:
    """What a run achieved: requests per second, statuses, and sorted latencies (seconds)."""

    achieved: float
    statuses: dict[int, int]
    latencies: list[float]

    def percentile(self, p: float) -> float:
        """The p-th percentile (0 < p < 100) in milliseconds."""
        index = min(len(self.latencies) - 1, int(len(self.latencies) * p / 100))
        return self.latencies[index] * 1000


async def _offer(
    port: int, paths: list[str], headers: dict[str, str], rate: float, seconds: float, pool: int
) -> Load:
    head = "".join(f"{name}: {value}\r\n" for name, value in headers.items())
    idle: asyncio.Queue[tuple[asyncio.StreamReader, asyncio.StreamWriter]] = asyncio.Queue()
    for _ in range(pool):
        idle.put_nowait(await asyncio.open_connection("127.0.0.1", port))
    latencies: list[float] = []
    statuses: dict[int, int] = {}

    async def one(path: str, due: float) -> None:
        reader, writer = await idle.get()
        writer.write(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n{head}\r\n".encode())
        header = await reader.readuntil(b"\r\n\r\n")
        length = 0
        for line in header.split(b"\r\n"):
            if line[:15].lower() == b"content-length:":
                length = int(line[15:])
        await reader.readexactly(length)
        latencies.append(time.perf_counter() - due)
        status = int(header[9:12])
        statuses[status] = statuses.get(status, 0) + 1
        idle.put_nowait((reader, writer))

    total = int(rate * seconds)
    start = time.perf_counter() + 0.1
    tasks = []
    for n in range(total):
        due = start + n / rate
        if (wait := due - time.perf_counter()) > 0:
            await asyncio.sleep(wait)
        tasks.append(asyncio.ensure_future(one(paths[n % len(paths)], due)))
    await asyncio.gather(*tasks)
    elapsed = time.perf_counter() - start
    while not idle.empty():
        idle.get_nowait()[1].close()
    latencies.sort()
    return Load(len(latencies) / elapsed, statuses, latencies)


def offer(
    port: int,
    paths: list[str],
    headers: dict[str, str],
    rate: float,
    seconds: float,
    pool: int = 32,
) -> Load:
    """GET `paths` in turn from 127.0.0.1:`port` at `rate` a second for `seconds`.

    The collector is off meanwhile: a benchmark process holds a seeded world, and a full
    collection of its heap (a quarter of a second) would be counted as the server's latency.
    """
    gc.disable()
    try:
        return uvloop.run(_offer(port, paths, headers, rate, seconds, pool))
    finally:
        gc.enable()
