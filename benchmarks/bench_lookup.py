"""Look-ups over HTTP on loopback against a real server on the demo world.

Bulk: 10,000-value requests (values/s end to end), beside the baseline of one query per value
measured in the same run: warm (answered from the workers' tally indexes), and the first
request after a write (answered from SQL while the index is rebuilt), with the index's build
time and size measured in process. Single: GET /api/v1/lookup offered at a constant 500
requests/s (benchmarks.loadgen) for a bounded time, with p50/p99 latency from each request's
scheduled send: one value (kept answers), and rotating over 10,000 distinct known and unknown
values (mostly answers not yet kept); and the one value again in `hey`'s bursts. Both also
print the server's CPU time per request (all its processes, from /proc), which other load on
the machine does not change much, and the load average before and after.

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
import tracemalloc
from pathlib import Path
from urllib.parse import quote

import httpx
import orjson
from sqlalchemy import func, select, update

from benchmarks.loadgen import offer

BULK_VALUES = 10_000
BULK_REQUESTS = int(os.environ.get("BENCH_LOOKUP_BULK_REQUESTS", "20"))
SINGLE_RATE = 500
JSON = {"Content-Type": "application/json"}
SINGLE_SECONDS = float(os.environ.get("BENCH_LOOKUP_SINGLE_SECONDS", "10"))
WORKERS = os.environ.get("BENCH_LOOKUP_WORKERS", "2")  # server processes
WARM_UP_SECONDS = 2.0  # first requests of a worker compile statements and fill caches


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
        # Look-up workers run without start-up graph warming (docs/benchmarks.md).
        env = {**os.environ, "SCAMGRID_HOME": tmp, "SCAMGRID_GRAPH_WARMING": "0"}
        os.environ["SCAMGRID_HOME"] = tmp
        from scamgrid.demo.seed import build_and_seed
        from scamgrid.sharing import accounts
        from scamgrid.store import database, generation
        from scamgrid.store.lookup import bulk_lookup, tally_index
        from scamgrid.store.tables import Agency, Indicator
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
            # The bulk tally index a worker builds once per store generation, and its size.
            started = time.perf_counter()
            index = tally_index(session, viewer)
            build_s = time.perf_counter() - started
            del index
            tracemalloc.start()  # apart: tracing slows the build down several times
            index = tally_index(session, viewer)
            index_mb = tracemalloc.get_traced_memory()[0] / 2**20
            tracemalloc.stop()
            indicators = session.scalar(select(func.count()).select_from(Indicator))
        print(
            f"bulk tally index for TH-CCIB: {len(index):,} indicators of {indicators:,}, built in "
            f"{build_s * 1000:.0f} ms, {index_mb:.1f} MiB; load {load()}"
        )
        del index

        def store_generation() -> int:
            with database.engine().connect() as conn:
                return generation.current(conn)

        def write() -> None:
            """A write a look-up reads (a renamed agency): the store generation moves."""
            with database.session() as session:
                session.execute(update(Agency).where(Agency.code == "MM-MPF").values(name="x"))

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
                # The first request after a write is answered from SQL while the worker builds its
                # tally index in the background; reported apart, never folded into the rate.
                write()
                time.sleep(0.2)  # past the generation's staleness bound
                started = time.perf_counter()
                client.post("/api/v1/lookup/bulk", content=body, headers=JSON).raise_for_status()
                cold = BULK_VALUES / (time.perf_counter() - started)
                # Each worker builds its own index: warm them all before measuring.
                for _ in range(4 * int(WORKERS)):
                    client.post("/api/v1/lookup/bulk", content=body, headers=JSON)
                    time.sleep(0.5)
                cpu = server_cpu(server.pid)
                generation_before = store_generation()
                started = time.perf_counter()
                for _ in range(BULK_REQUESTS):
                    response = client.post("/api/v1/lookup/bulk", content=body, headers=JSON)
                    response.raise_for_status()
                elapsed = time.perf_counter() - started
                cpu_ms = (server_cpu(server.pid) - cpu) / BULK_REQUESTS * 1000
                reported = response.json()["reported"]
                if store_generation() != generation_before:
                    print("bulk look-up: the store changed while measured (not all warm)")
            bulk_rate = BULK_REQUESTS * BULK_VALUES / elapsed
            print(
                f"bulk look-up: {bulk_rate:,.0f} values/s end to end ({BULK_REQUESTS} requests "
                f"of {BULK_VALUES:,}, {reported:,} reported each; first request after a "
                f"write {cold:,.0f} values/s); server CPU {cpu_ms:.1f} ms per request; "
                f"one query per value "
                f"{per_value:,.0f} values/s; ratio {bulk_rate / per_value:.0f}x; "
                f"{WORKERS} server workers (idle after {settled:.0f} s of start-up work), "
                f"load average {before} -> {load()}"
            )
            single(port, headers, known, server.pid)
            # 10,000 distinct values (every stored phone, the rest never stored), each asked
            # about once; the warm-up asks 1,000 others, never stored, at the same rate.
            rotating = [quote(v) for v in rng.sample(known, min(5000, len(known)))]
            rotating += [quote(v) for v in unknown[: 10_000 - len(rotating)]]
            rng.shuffle(rotating)
            warm_up = [f"+667{rng.randrange(10**7, 10**8)}" for _ in range(1000)]
            write()  # nothing kept from the runs before
            time.sleep(0.2)
            rotate(port, headers, rotating, [quote(v) for v in warm_up], server.pid)
        finally:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
    trigger_cost()


def single(port: int, headers: dict[str, str], known: list[str], pid: int) -> None:
    """One value (a kept answer) at a constant SINGLE_RATE (benchmarks.loadgen), after a
    warm-up at the same rate; then the same offered by `hey` in bursts, for comparison."""
    path = f"/api/v1/lookup?value={quote(known[0])}&type=phone"
    offer(port, [path], headers, SINGLE_RATE, WARM_UP_SECONDS)
    before, cpu = load(), server_cpu(pid)
    run = offer(port, [path], headers, SINGLE_RATE, SINGLE_SECONDS)
    cpu_ms = (server_cpu(pid) - cpu) / max(len(run.latencies), 1) * 1000
    print(
        f"single look-up, one value, {SINGLE_RATE} req/s offered at a constant rate "
        f"({run.achieved:,.0f} achieved, statuses {run.statuses}): p50 {run.percentile(50):.1f}"
        f" ms, p99 {run.percentile(99):.1f} ms, p99.9 {run.percentile(99.9):.1f} ms from the "
        f"scheduled send; server CPU {cpu_ms:.2f} ms per request; load average {before} -> "
        f"{load()}"
    )
    bursts(f"http://127.0.0.1:{port}{path}", headers)


def bursts(url: str, headers: dict[str, str]) -> None:
    """`hey` (Debian package) at 500 req/s from 50 workers of 10 req/s each, all started
    together: bursts of 50 requests every 100 ms, the load of many clients in step."""
    hey = shutil.which("hey")
    if hey is None:
        print("single look-up in bursts: skipped, install `hey` (make bench does)")
        return
    workers = 50
    rate = str(SINGLE_RATE // workers)
    token = f"Authorization: {headers['Authorization']}"
    result = subprocess.run(
        [hey, "-z", f"{SINGLE_SECONDS:.0f}s", "-c", str(workers), "-q", rate, "-H", token, url],
        capture_output=True,
        text=True,
        check=True,
    )
    figures = dict(re.findall(r"(\d+)% in ([\d.]+) secs", result.stdout))
    achieved = re.search(r"Requests/sec:\s+([\d.]+)", result.stdout)
    rate_achieved = float(achieved.group(1)) if achieved else 0.0
    print(
        f"single look-up, one value, {SINGLE_RATE} req/s offered by hey in bursts of {workers} "
        f"every {1000 * workers // SINGLE_RATE} ms ({rate_achieved:,.0f} "
        f"achieved): p50 {float(figures['50']) * 1000:.1f} ms, p99 "
        f"{float(figures['99']) * 1000:.1f} ms; load average {load()}"
    )


def rotate(
    port: int, headers: dict[str, str], values: list[str], warm_up: list[str], pid: int
) -> None:
    """At a constant SINGLE_RATE over `values` in turn (each asked at most once in the run, so
    no answer is kept yet), latency from each request's scheduled send; after a warm-up at
    the same rate over other values, as for one value (the workers build the asker's tally
    index after the write before it)."""
    paths = [f"/api/v1/lookup?value={value}&type=phone" for value in values]
    warm = [f"/api/v1/lookup?value={value}&type=phone" for value in warm_up]
    offer(port, warm, headers, SINGLE_RATE, WARM_UP_SECONDS)
    before, cpu = load(), server_cpu(pid)
    run = offer(port, paths, headers, SINGLE_RATE, SINGLE_SECONDS)
    cpu_ms = (server_cpu(pid) - cpu) / max(len(run.latencies), 1) * 1000
    print(
        f"single look-up rotating over {len(values):,} distinct values, {SINGLE_RATE} req/s "
        f"offered at a constant rate ({run.achieved:,.0f} achieved, statuses {run.statuses}): "
        f"p50 {run.percentile(50):.1f} ms, p99 {run.percentile(99):.1f} ms, p99.9 "
        f"{run.percentile(99.9):.1f} ms from the scheduled send; server CPU {cpu_ms:.2f} ms per "
        f"request; load average {before} -> {load()}"
    )


TRIGGER_REPORTS = int(os.environ.get("BENCH_LOOKUP_TRIGGER_REPORTS", "10000"))


def trigger_cost() -> None:
    """What the store generation's triggers (migration 0014) cost ingestion: the same reports
    into fresh stores with and without them, alternated, in CPU seconds of this process (on
    SQLite the database works inside it) and wall seconds; PostgreSQL when reachable."""
    from sqlalchemy import create_engine, text

    from scamgrid.demo.seed import ensure_agencies
    from scamgrid.demo.world import build_world
    from scamgrid.ingest.load import ingest_reports
    from scamgrid.store import database

    pg = os.environ.get(
        "SCAMGRID_TEST_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1/postgres"
    )
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["SCAMGRID_HOME"] = tmp
        world = build_world(seed=42, reports=TRIGGER_REPORTS)
        path = Path(tmp) / "reports.jsonl"
        path.write_bytes(b"".join(orjson.dumps(row) + b"\n" for row in world.reports))
        counter = iter(range(1000))

        def sqlite_url() -> str:
            return f"sqlite:///{tmp}/{next(counter)}.db"

        def pg_url() -> str:
            schema = f"bench_{os.getpid()}_{next(counter)}"
            with create_engine(pg, isolation_level="AUTOCOMMIT").connect() as conn:
                conn.execute(text(f"CREATE SCHEMA {schema}"))
            return f"{pg}?options=-csearch_path%3D{schema}"

        targets = [("sqlite", sqlite_url)]
        try:
            with create_engine(pg).connect() as conn:
                conn.execute(text("SELECT 1"))
            targets.append(("postgresql", pg_url))
        except Exception:
            print("trigger cost on postgresql: skipped, no server")
        for name, make_url in targets:
            figures: dict[bool, list[tuple[float, float]]] = {True: [], False: []}
            for triggers in (True, False, True, False):
                url = make_url()
                ensure_agencies(url)
                if not triggers:
                    with database.engine(url).begin() as conn:
                        for table in ("reports", "sightings", "indicators", "agencies"):
                            if name == "postgresql":
                                conn.execute(text(f"DROP TRIGGER {table}_generation ON {table}"))
                                continue
                            for event in ("insert", "update", "delete"):
                                trigger = f"{table}_generation_{event}"
                                conn.execute(text(f"DROP TRIGGER IF EXISTS {trigger}"))
                started, cpu = time.perf_counter(), time.process_time()
                summary = ingest_reports(path, url=url)
                elapsed, used = time.perf_counter() - started, time.process_time() - cpu
                assert summary.rejected == 0, summary.errors[:5]
                figures[triggers].append((elapsed, used))
            on = [min(f[i] for f in figures[True]) for i in (0, 1)]
            off = [min(f[i] for f in figures[False]) for i in (0, 1)]
            print(
                f"trigger cost on {name}: ingest of {TRIGGER_REPORTS:,} reports, best of two, "
                f"with triggers {TRIGGER_REPORTS / on[0]:,.0f} reports/s "
                f"({on[1]:.2f} CPU s in process), without {TRIGGER_REPORTS / off[0]:,.0f} "
                f"reports/s ({off[1]:.2f} CPU s): wall {on[0] / off[0]:.2f}x, "
                f"CPU {on[1] / off[1]:.2f}x; load average {load()}"
            )
