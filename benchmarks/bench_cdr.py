"""CDR features + scoring: DuckDB against pandas (same features, same run), Spark beside.

`python -m benchmarks cdr` (20 M rows; SCAMGRID_BENCH_CDR_ROWS=2000000 to shrink,
SCAMGRID_BENCH_CDR_SPARK=0 to skip Spark; best of SCAMGRID_BENCH_CDR_REPEAT=2 runs each).
200 M rows out of core with the peak memory: `python -m benchmarks cdr_scale`.
Generated data is kept under /tmp/scamgrid-bench-cdr (or $SCAMGRID_BENCH_CDR_DIR) for reuse.
"""

from __future__ import annotations

import os
import resource
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from scamgrid.detect.cdr import features, generator, model, reader, scoring
from scamgrid.detect.cdr.engines import DuckDBEngine, SparkEngine

ROWS_PER_SUBSCRIBER_DAY = 6.6  # what the generator yields with its default rates
DAYS = 7


def data(rows: int, days: int = DAYS, chunk_days: int = 7) -> Path:
    folder = Path(os.environ.get("SCAMGRID_BENCH_CDR_DIR", "/tmp/scamgrid-bench-cdr"))
    target = folder / f"rows-{rows}"
    if not (target / "truth.csv").exists():
        subscribers = int(rows / (ROWS_PER_SUBSCRIBER_DAY * days))
        config = generator.GeneratorConfig(subscribers=subscribers, days=days, seed=1)
        started = time.perf_counter()
        made = generator.write(config, target, chunk_days=chunk_days)
        took = time.perf_counter() - started
        print(f"generated {made.rows:,} rows in {took:.0f} s -> {target}", flush=True)
    return target / "cdr.parquet"


def pandas_features(path: Path, code: str = "66", offset: int = 7 * 3600) -> pa.Table:
    """The same features as features.FEATURES, written with pandas group-bys."""
    table = pq.read_table(
        path,
        columns=["caller", "callee", "start_time", "duration_s", "imei", "cell_id", "call_type"],
    )
    raw = table.drop(["start_time"]).to_pandas()
    df = pd.DataFrame(
        {
            "a": raw["caller"].str.slice(1).astype("int64"),
            "b": raw["callee"].str.slice(1).astype("int64"),
            "t": table.column("start_time")
            .cast(pa.timestamp("s", "UTC"))
            .cast(pa.int64())
            .to_numpy(),
            "d": raw["duration_s"].astype("int64"),
            "imei": pd.to_numeric(raw["imei"]) // 10,
            "cell": raw["cell_id"],
            "sms": (raw["call_type"] == "sms").astype("int64"),
        }
    )
    del raw
    local = df["t"] + offset
    day = local // 86400
    h = (local % 86400) // 3600
    voice = df["sms"] == 0
    df["voice"] = voice.astype("int64")
    df["short"] = (voice & (df["d"] < features.SHORT_CALL_S)).astype("int64")
    df["long"] = (voice & (df["d"] >= features.LONG_CALL_S)).astype("int64")
    df["vdur"] = df["d"].where(voice, 0)
    df["night"] = (h < features.NIGHT_END_HOUR).astype("int64")
    start, end = features.OFFICE_HOURS
    df["office"] = ((h >= start) & (h < end) & ((day + 3) % 7 < 5)).astype("int64")
    df["daybit"] = np.left_shift(1, (day % 63).to_numpy()).astype("int64")
    df["hourbit"] = np.left_shift(1, h.to_numpy()).astype("int64")
    g = df.groupby("a", sort=False)
    callers = g.agg(
        n_out=("t", "size"),
        n_sms=("sms", "sum"),
        n_voice=("voice", "sum"),
        n_short=("short", "sum"),
        n_long=("long", "sum"),
        dur=("vdur", "sum"),
        n_night=("night", "sum"),
        n_office=("office", "sum"),
    )
    callers["active_days"] = g["daybit"].agg(np.bitwise_or.reduce).map(lambda v: int(v).bit_count())
    callers["hours_active"] = (
        g["hourbit"].agg(np.bitwise_or.reduce).map(lambda v: int(v).bit_count())
    )
    pairs = (
        df.groupby(["a", "b"], sort=False)
        .agg(n=("t", "size"), t_first=("t", "min"), t_last=("t", "max"))
        .reset_index()
    )
    devices = df.groupby(["a", "imei", "cell"], sort=False, dropna=False).size().rename("n")
    devices = devices.reset_index()
    per_imei = devices.dropna(subset=["imei"]).groupby("imei")["a"].nunique().rename("numbers")
    devices = devices.join(per_imei, on="imei")
    dg = devices.groupby("a", sort=False)
    device_features = pd.DataFrame(
        {
            "imeis": dg["imei"].nunique(),
            "cells": dg["cell"].nunique(),
            "numbers_per_imei": dg["numbers"].max(),
            "with_imei": devices["n"].where(devices["imei"].notna(), 0).groupby(devices["a"]).sum(),
        }
    )
    pg = pairs.groupby("a", sort=False)
    outgoing = pg.agg(fan_out=("b", "size"), o_first=("t_first", "min"), o_last=("t_last", "max"))
    blocks = pairs.assign(k=pairs["b"] // features.SEQUENCE_BLOCK).groupby("a")["k"].nunique()
    outgoing["blocks"] = blocks
    incoming = pairs.groupby("b").agg(
        n_in=("n", "sum"),
        fan_in=("a", "size"),
        i_first=("t_first", "min"),
        i_last=("t_last", "max"),
    )
    back = pairs.merge(pairs, left_on=["a", "b"], right_on=["b", "a"], suffixes=("", "_q"))
    back = back[back["t_last_q"] >= back["t_first"]].groupby("a").size().rename("called_back")
    w_first, w_last = pairs["t_first"].min(), pairs["t_last"].max()
    o = callers.join(outgoing).join(incoming).join(back).join(device_features)
    o[["n_in", "fan_in", "called_back", "with_imei"]] = o[
        ["n_in", "fan_in", "called_back", "with_imei"]
    ].fillna(0)

    def ratio(x: pd.Series, y: pd.Series) -> pd.Series:
        return x.astype(float) / np.maximum(y.astype(float), 1.0)

    first = np.minimum(o["o_first"], o["i_first"].fillna(o["o_first"]))
    last = np.maximum(o["o_last"], o["i_last"].fillna(o["o_last"]))
    out = {
        "number_id": o.index.to_numpy(),
        "n_out": o["n_out"],
        "fan_out": o["fan_out"],
        "active_days": o["active_days"],
        "calls_per_day": ratio(o["n_out"], o["active_days"]),
        "fan_out_per_day": ratio(o["fan_out"], o["active_days"]),
        "calls_per_callee": ratio(o["n_out"], o["fan_out"]),
        "short_share": ratio(o["n_short"], o["n_voice"]),
        "long_share": ratio(o["n_long"], o["n_voice"]),
        "mean_duration": ratio(o["dur"], o["n_voice"]),
        "sms_share": ratio(o["n_sms"], o["n_out"]),
        "night_share": ratio(o["n_night"], o["n_out"]),
        "office_share": ratio(o["n_office"], o["n_out"]),
        "hours_active": o["hours_active"],
        "n_in": o["n_in"],
        "fan_in": o["fan_in"],
        "in_share": ratio(o["n_in"], o["n_in"] + o["n_out"]),
        "callback_share": ratio(o["called_back"], o["fan_out"]),
        "seq_share": np.maximum(1.0 - ratio(o["blocks"], o["fan_out"]), 0.0),
        "age_days": (w_last - first) / 86400.0,
        "span_days": (last - first) / 86400.0,
        "window_days": np.full(len(o), (w_last - w_first) / 86400.0),
        "cells": o["cells"].fillna(0),
        "imeis": o["imeis"].fillna(0),
        "numbers_per_imei": o["numbers_per_imei"].fillna(0),
        "device_share": ratio(o["with_imei"], o["n_out"]),
        "foreign": (~o.index.astype(str).str.startswith(code)).astype("int64"),
    }
    return pa.table({k: np.asarray(v) for k, v in out.items()})


def timed(label: str, rows: int, run: object, repeat: int = 1) -> float:
    """Best wall time of `repeat` runs (this machine is shared: the best is the least disturbed)."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()  # type: ignore[operator]
        times.append(time.perf_counter() - started)
    seconds = min(times)
    print(f"{label:<34} {seconds:7.1f} s  {rows / seconds / 1e6:6.2f} M rows/s", flush=True)
    return seconds


def main() -> None:
    rows = int(os.environ.get("SCAMGRID_BENCH_CDR_ROWS", "20000000"))
    path = data(rows)
    n = reader.open_source(path, "TH")
    total = pq.ParquetFile(path).metadata.num_rows
    trained = model.CdrModel.load(model.PACKAGED)
    print(f"{total:,} CDR rows, {os.cpu_count()} cores", flush=True)
    results: dict[str, pa.Table] = {}

    def duck() -> None:
        results["duckdb"] = DuckDBEngine().features(n)
        scoring.score_features(results["duckdb"], trained)

    def pandas() -> None:
        results["pandas"] = pandas_features(path)
        scoring.score_features(results["pandas"], trained)

    repeat = int(os.environ.get("SCAMGRID_BENCH_CDR_REPEAT", "2"))
    t_duck = timed("duckdb features + scoring", total, duck, repeat)
    t_pandas = timed("pandas features + scoring", total, pandas, repeat)
    a = results["duckdb"].sort_by("number_id")
    b = results["pandas"].sort_by("number_id").select(a.column_names)
    same = all(
        np.allclose(a.column(c).to_numpy().astype(float), b.column(c).to_numpy().astype(float))
        for c in a.column_names
    )
    print(f"pandas features equal duckdb's: {same}")
    print(f"duckdb / pandas: {t_pandas / t_duck:.1f}x")
    if os.environ.get("SCAMGRID_BENCH_CDR_SPARK", "1") != "0":
        engine = SparkEngine(partitions=16)
        engine.session()  # start-up reported apart
        timed(
            "spark local[*] features + scoring",
            total,
            lambda: scoring.score_features(engine.features(n), trained),
        )
    print(f"peak memory (this process): {peak_mb():,.0f} MB")


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


if __name__ == "__main__":
    main()
