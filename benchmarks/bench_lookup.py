"""Look-ups over HTTP on loopback against a real server on the demo world.

Bulk: 10,000-value requests (values/s end to end), beside the baseline of one query per value
measured in the same run. Single: GET /api/v1/lookup at a fixed 500 requests/s for a bounded
time, with p50/p99 latency. Both also print the server's CPU time per request (all its
processes, from /proc), which other load on the machine does not change much, and the load
average before and after.

    .venv/bin/python -m benchmarks lookup
"""

from __future__ import annotations

import os
import random
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

import httpx
import orjson
from sqlalchemy import select

BULK_VALUES = 10_000
BULK_REQUESTS = int(os.environ.get("BENCH_LOOKUP_BULK_REQUESTS", "20"))
SINGLE_RATE = 500
JSON = {"Content-Type": "application/json"}
SINGLE_SECONDS = float(os.environ.get("BENCH_LOOKUP_SINGLE_SECONDS", "10"))
WORKERS = os.environ.get("BENCH_LOOKUP_WORKERS", "2")  # server processes


def server_cpu(pid: int) -> float:
    """CPU seconds used so far by the server and its worker processes (Linux /proc)."""
    total = 0.0
    tick = os.sysconf("SC_CLK_TCK")
    pids = [pid]
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:  # threads end, and kernels without CONFIG_PROC_CHILDREN have no such file
            pids += [int(child) for child in (task / "children").read_text().split()]
        except OSError:
            continue
    for one in pids:
        try:
            fields = Path(f"/proc/{one}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / tick  # utime, stime
    return total


def settle(pid: int, limit: float = 300) -> float:
    """Wait until the server is idle: at start-up each worker warms every agency's link graph
    (scamgrid.web.warming), seconds of CPU that would otherwise be counted against look-ups."""
    started = time.perf_counter()
    while time.perf_counter() - started < limit:
        before = server_cpu(pid)
        time.sleep(1)
        if server_cpu(pid) - before < 0.05:
            break
    return time.perf_counter() - started


def load() -> str:
    return "/".join(f"{x:.1f}" for x in os.getloadavg())


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "SCAMGRID_HOME": tmp}
        os.environ["SCAMGRID_HOME"] = tmp
        from scamgrid.demo.seed import build_and_seed
        from scamgrid.sharing import accounts
        from scamgrid.store import database
        from scamgrid.store.lookup import bulk_lookup
        from scamgrid.store.tables import Indicator
        from scamgrid.store.visibility import viewer_for_agency

        build_and_seed(Path(tmp) / "demo", seed=7, reports=20_000)
        with database.session() as session:
            accounts.add_user(session, "bench@th-ccib.example.org", "TH-CCIB", "operator")
            token, _ = accounts.create_token(session, "bench@th-ccib.example.org")
            known = list(session.scalars(select(Indicator.value).where(Indicator.type == "phone")))
        rng = random.Random(1)
        unknown = [f"+668{rng.randrange(10**7, 10**8)}" for _ in range(BULK_VALUES)]
        values = [
            rng.choice(known) if rng.random() < 0.3 else unknown[i] for i in range(BULK_VALUES)
        ]
        # Encoded once, as an operator's client would stream a prepared batch.
        body = orjson.dumps({"items": [{"value": v, "type": "phone"} for v in values]})

        # Baseline: one query per value, in this process, no HTTP at all.
        with database.session() as session:
            viewer = viewer_for_agency(session, "TH-CCIB")
            started = time.perf_counter()
            for value in values[:2000]:
                bulk_lookup(session, viewer, [(value, "phone", None)])
            per_value = 2000 / (time.perf_counter() - started)

        port = free_port()
        server = subprocess.Popen(
            [sys.executable, "-m", "scamgrid", "serve", "--port", str(port), "--workers", WORKERS],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            headers = {"Authorization": f"Bearer {token}"}
            with httpx.Client(base_url=base, headers=headers, timeout=60) as client:
                for _ in range(300):
                    try:
                        client.get("/api/v1/health")
                        break
                    except httpx.TransportError:
                        time.sleep(0.1)
                settled = settle(server.pid)
                before = load()
                # The first request meets a fresh worker: cold caches (SQLite pages, statement
                # compilation, the token). Reported apart, never folded into the rate.
                started = time.perf_counter()
                client.post("/api/v1/lookup/bulk", content=body, headers=JSON).raise_for_status()
                cold = BULK_VALUES / (time.perf_counter() - started)
                cpu = server_cpu(server.pid)
                started = time.perf_counter()
                for _ in range(BULK_REQUESTS):
                    response = client.post("/api/v1/lookup/bulk", content=body, headers=JSON)
                    response.raise_for_status()
                elapsed = time.perf_counter() - started
                cpu_ms = (server_cpu(server.pid) - cpu) / BULK_REQUESTS * 1000
                reported = response.json()["reported"]
            bulk_rate = BULK_REQUESTS * BULK_VALUES / elapsed
            print(
                f"bulk look-up: {bulk_rate:,.0f} values/s end to end ({BULK_REQUESTS} requests "
                f"of {BULK_VALUES:,}, {reported:,} reported each; first request {cold:,.0f} "
                f"values/s); server CPU {cpu_ms:.1f} ms per request; one query per value "
                f"{per_value:,.0f} values/s; ratio {bulk_rate / per_value:.0f}x; "
                f"{WORKERS} server workers (idle after {settled:.0f} s of start-up work), "
                f"load average {before} -> {load()}"
            )
            single(base, headers, known, server.pid)
        finally:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()


def single(base: str, headers: dict[str, str], known: list[str], pid: int) -> None:
    """Open-loop load at a fixed rate with `hey` (Debian package), which reports percentiles."""
    hey = shutil.which("hey")
    if hey is None:
        print("single look-up: skipped, install the load generator with `apt-get install hey`")
        return
    workers = 50
    url = f"{base}/api/v1/lookup?value={quote(known[0])}&type=phone"
    before, cpu = load(), server_cpu(pid)
    result = subprocess.run(
        [
            hey,
            "-z",
            f"{SINGLE_SECONDS:.0f}s",
            "-c",
            str(workers),
            "-q",
            str(SINGLE_RATE // workers),
            "-H",
            f"Authorization: {headers['Authorization']}",
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    figures = dict(re.findall(r"(\d+)% in ([\d.]+) secs", result.stdout))
    rate = re.search(r"Requests/sec:\s+([\d.]+)", result.stdout)
    codes = re.findall(r"\[(\d{3})\]\s+(\d+) responses", result.stdout)
    answered = sum(int(n) for _, n in codes)
    cpu_ms = (server_cpu(pid) - cpu) / max(answered, 1) * 1000
    print(
        f"single look-up at {SINGLE_RATE} req/s offered ({float(rate.group(1)) if rate else 0:,.0f}"
        f" achieved, statuses {dict(codes)}): p50 {float(figures['50']) * 1000:.1f} ms, "
        f"p99 {float(figures['99']) * 1000:.1f} ms; server CPU {cpu_ms:.2f} ms per request; "
        f"load average {before} -> {load()}"
    )
