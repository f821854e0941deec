"""CDR scoring out of core: 200 M rows from Parquet on DuckDB, peak memory of the process.

`python -m benchmarks cdr_scale` (about 15-20 min on 2 busy cores; needs ~25 GB of free disk,
all of it removed afterwards). It takes the 20 M-row generator world of `bench_cdr` (made once,
kept under /tmp/scamgrid-bench-cdr) and writes SCAMGRID_BENCH_CDR_COPIES (10) copies of it with
DuckDB, each with its own numbers and devices: a digit is inserted after the first two digits of
every number (so home and foreign numbers stay so, and ascending runs stay runs) and the IMEIs'
first two digits become `4k`; days are not shifted, so every copy is the same week of another
tenth of the operator's subscribers and each copy must score exactly like the original. Then
it scores the 20 M-row original (the baseline) and the 200 M-row lake, each in a child process
(DuckDB with SCAMGRID_CDR_MEMORY_LIMIT, 2 threads, spilling under the run's temporary folder,
preserve_insertion_order off, scores streamed to Parquet), and prints rows per second, the
child's peak resident memory (getrusage), the peak size of its spill folder and the check that
the lake's labels are the copies times the original's.
"""

from __future__ import annotations

import contextlib
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import duckdb
import pyarrow.parquet as pq

from benchmarks import bench_cdr

LIMIT_S = 1500  # a child scoring run that takes longer than this is stopped


def copy_sql(base: Path, k: int, target: Path) -> str:
    def number(column: str) -> str:
        return f"'+' || substr({column}, 2, 2) || '{k}' || substr({column}, 4)"

    select = (
        f"SELECT {number('caller')} AS caller, {number('callee')} AS callee, start_time,"
        f" duration_s, '4{k}' || substr(imei, 3) AS imei, imsi, cell_id, call_type"
        f" FROM read_parquet('{base}')"
    )
    return (
        f"COPY ({select}) TO '{target}' (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 1000000)"
    )


def write_copies(base: Path, copies: int, lake: Path, temp: Path) -> int:
    lake.mkdir(parents=True)
    con = duckdb.connect()
    con.execute("SET threads = 2")
    con.execute("SET memory_limit = '2GB'")
    con.execute(f"SET temp_directory = '{temp}'")
    con.execute("SET preserve_insertion_order = false")
    for k in range(copies):
        con.execute(copy_sql(base, k, lake / f"cdr-{k:02d}.parquet"))
    con.close()
    return sum(pq.ParquetFile(f).metadata.num_rows for f in lake.glob("*.parquet"))


def folder_bytes(folder: Path) -> int:
    total = 0
    for root, _, files in os.walk(folder):
        for name in files:
            with contextlib.suppress(OSError):  # a spill file removed while we look
                total += os.stat(os.path.join(root, name)).st_size
    return total


def score_in_child(path: Path, home: Path, out: Path) -> dict[str, float]:
    """Score `path` in a fresh process; its result plus the peak size of its spill folder."""
    env = dict(os.environ, SCAMGRID_HOME=str(home))
    command = [sys.executable, "-m", "benchmarks.bench_cdr_scale", "--child", str(path), str(out)]
    peak_spill = 0
    done = threading.Event()

    def watch() -> None:
        nonlocal peak_spill
        while not done.wait(2.0):
            peak_spill = max(peak_spill, folder_bytes(home / "tmp"))

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    try:
        finished = subprocess.run(
            command, env=env, check=True, capture_output=True, text=True, timeout=LIMIT_S
        )
    finally:
        done.set()
        watcher.join()
    result: dict[str, float] = json.loads(finished.stdout.strip().splitlines()[-1])
    result["peak_spill_mb"] = peak_spill / 2**20
    return result


def child(path: Path, out: Path) -> None:
    """Runs in the child: stream scores of `path` to `out`, print what it took as JSON."""
    from scamgrid.detect.cdr import model, reader, scoring
    from scamgrid.detect.cdr.engines import DuckDBEngine

    trained = model.CdrModel.load(model.PACKAGED)
    started = time.perf_counter()
    summary = scoring.score_into(
        DuckDBEngine(threads=2), reader.open_source(path, "TH"), trained, out
    )
    seconds = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_SELF)
    print(
        json.dumps(
            {
                "numbers": summary.numbers,
                "labels": summary.labels,
                "seconds": seconds,
                "peak_rss_mb": usage.ru_maxrss / 1024,
                "cpu_s": usage.ru_utime + usage.ru_stime,
            }
        )
    )


def report(name: str, rows: int, result: dict[str, float]) -> None:
    print(
        f"{name:<18} {rows:>12,} rows {result['numbers']:>10,} numbers"
        f" {result['seconds']:7.1f} s ({result['cpu_s']:.0f} s CPU)"
        f" {rows / result['seconds'] / 1e6:5.2f} M rows/s"
        f"  peak RSS {result['peak_rss_mb']:7,.0f} MB"
        f"  spill peak {result['peak_spill_mb']:7,.0f} MB",
        flush=True,
    )


def main() -> None:
    copies = int(os.environ.get("SCAMGRID_BENCH_CDR_COPIES", "10"))
    base = bench_cdr.data(int(os.environ.get("SCAMGRID_BENCH_CDR_ROWS", "20000000")))
    base_rows = pq.ParquetFile(base).metadata.num_rows
    limit = os.environ.get("SCAMGRID_CDR_MEMORY_LIMIT", "4GB")
    parent = os.environ.get("SCAMGRID_BENCH_CDR_DIR", tempfile.gettempdir())
    work = Path(tempfile.mkdtemp(prefix="scamgrid-cdr-scale-", dir=parent))
    print(
        f"{os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}, memory limit {limit}", flush=True
    )
    try:
        started = time.perf_counter()
        rows = write_copies(base, copies, work / "lake", work / "copy-tmp")
        took = time.perf_counter() - started
        print(
            f"wrote {copies} copies, {rows:,} rows, in {took:.0f} s -> {work / 'lake'}", flush=True
        )
        baseline = score_in_child(base, work / "home-base", work / "scored-base.parquet")
        report("baseline (1 copy)", base_rows, baseline)
        scaled = score_in_child(work / "lake", work / "home-lake", work / "scored-lake.parquet")
        report(f"{copies} copies", rows, scaled)
        expected = {label: n * copies for label, n in baseline["labels"].items()}  # type: ignore[attr-defined]
        print(
            f"labels: {scaled['labels']}; {copies} x the baseline's: {scaled['labels'] == expected}"
        )
        rate = (rows / scaled["seconds"]) / (base_rows / baseline["seconds"])
        print(
            f"{copies}x the rows: throughput {rate:.2f}x the baseline's, peak memory "
            f"{scaled['peak_rss_mb'] / baseline['peak_rss_mb']:.2f}x; load {os.getloadavg()[0]:.1f}"
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--child":
        child(Path(sys.argv[2]), Path(sys.argv[3]))
    else:
        main()
