"""DuckDB and Spark run the same feature SQL and must return the same features and labels.

One Spark run (local[1], one session per test session: its start-up and JIT warm-up dominate)
over a small planted world written as CSV in an operator's own layout (`--map`, so the engines'
identifier quoting is exercised) plus hand-made rows where the engines' spellings differ most:
national and 00-prefixed numbers with separators, ISO 8601 text with offsets, upper-case call
types, IMEISV beside IMEI, missing devices.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow as pa
import pytest

from scamgrid.detect.cdr import generator, reader, scoring
from scamgrid.detect.cdr.engines import DuckDBEngine, SparkEngine

pytest.importorskip("pyspark")

OPERATOR_HEADER = "A_NUM,B_NUM,SEIZE,DUR,imei,imsi,cell_id,KIND"
OPERATOR_LAYOUT = "caller=A_NUM,callee=B_NUM,start_time=SEIZE,duration_s=DUR,call_type=KIND"
HAND_CALLERS = ("081 234 5678", "0066 85 000 0001", "(08) 2000.0037")


def hand_rows() -> list[str]:
    rows = []
    for k in range(30):
        caller = HAND_CALLERS[k % 3]
        callee = f"08{20_000_000 + k * 37}"
        when = f"2025-03-0{3 + k % 3}T0{k % 10}:1{k % 6}:00+07:00"
        kind = "SMS" if k % 5 == 0 else "Voice"
        imei = "3569380356438012" if k % 2 else "356938035643809"
        cell = f"cell-{k % 4}" if k % 7 else ""
        rows.append(f"{caller},{callee},{when},{k * 13 % 400}.5,{imei},,{cell},{kind}")
    rows.append("08 2000 0037,081-234-5678,2025-03-04T12:00:00Z,42,,,,voice")
    return rows


def operator_file(tmp_path: Path) -> Path:
    config = generator.GeneratorConfig(
        subscribers=600, days=4, seed=77, sim_box_rate=0.03, dialler_rate=0.015, wangiri_rate=0.008
    )
    made = generator.write(config, tmp_path / "world", fmt="csv")
    lines = made.cdr_files[0].read_text().splitlines()
    path = tmp_path / "operator.csv"
    path.write_text("\n".join([OPERATOR_HEADER, *lines[1:], *hand_rows()]) + "\n")
    return path


def columns(table: pa.Table) -> dict[str, np.ndarray]:
    table = table.sort_by("number_id")
    return {name: table.column(name).to_numpy().astype(float) for name in table.column_names}


@pytest.mark.slow
def test_duckdb_and_spark_agree_on_features_and_labels(tmp_path: Path, spark: SparkEngine) -> None:
    source = reader.open_source(operator_file(tmp_path), "TH", OPERATOR_LAYOUT)
    duck = DuckDBEngine().features(source)
    on_spark = spark.features(source)
    assert duck.column_names == on_spark.column_names
    a, b = columns(duck), columns(on_spark)
    assert len(a["number_id"]) == len(b["number_id"]) > 600
    for name in a:
        assert np.allclose(a[name], b[name], rtol=1e-12, atol=1e-12), name
    hand = {66812345678, 66850000001, 66820000037}
    assert hand <= set(a["number_id"].astype(int).tolist())
    labels = scoring.score_features(duck.sort_by("number_id"), None).column("label")
    spark_labels = scoring.score_features(on_spark.sort_by("number_id"), None).column("label")
    assert labels.equals(spark_labels)
    assert set(labels.to_pylist()) > {"normal"}
