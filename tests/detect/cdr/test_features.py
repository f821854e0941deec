"""Features on hand-made calls, where every value can be counted by hand."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from scamgrid.detect.cdr import reader
from scamgrid.detect.cdr.engines import DuckDBEngine

A, B, C = 66810000001, 66820000002, 66830000003


def features(
    tmp_path: Path, rows: list[tuple[int, int, str, int, str | None, str | None]]
) -> dict[int, dict[str, float]]:
    table = pa.table(
        {
            "caller": [f"+{r[0]}" for r in rows],
            "callee": [f"+{r[1]}" for r in rows],
            "start_time": [r[2] for r in rows],
            "duration_s": [r[3] for r in rows],
            "imei": [r[4] for r in rows],
            "cell_id": [r[5] for r in rows],
        }
    )
    path = tmp_path / "cdr.parquet"
    pq.write_table(table, path)
    out = DuckDBEngine().features(reader.open_source(path, "TH")).to_pylist()
    return {row["number_id"]: row for row in out}


def test_a_callback_after_the_first_call_counts(tmp_path: Path) -> None:
    f = features(
        tmp_path,
        [
            (A, B, "2025-03-03T03:00:00Z", 30, None, None),
            (A, C, "2025-03-03T03:01:00Z", 30, None, None),
            (B, A, "2025-03-03T04:00:00Z", 90, None, None),
        ],
    )
    assert f[A]["fan_out"] == 2
    assert f[A]["callback_share"] == 0.5
    assert f[A]["n_in"] == 1
    assert f[A]["in_share"] == 1 / 3


def test_ascending_callee_runs_raise_the_sequential_share(tmp_path: Path) -> None:
    run = [(A, 66899990000 + k, "2025-03-03T03:00:00Z", 3, None, None) for k in range(10)]
    spread = [
        (B, 66800000000 + k * 10_000, "2025-03-03T03:00:00Z", 3, None, None) for k in range(10)
    ]
    f = features(tmp_path, run + spread)
    assert f[A]["seq_share"] == 0.9  # ten callees in one block of 100
    assert f[B]["seq_share"] == 0.0
    assert f[A]["short_share"] == 1.0


def test_numbers_sharing_one_imei_are_counted_for_each(tmp_path: Path) -> None:
    imei = "356938035643809"
    rows = [
        (A, C, "2025-03-03T03:00:00Z", 60, imei, "cell-1"),
        (B, C, "2025-03-03T03:00:00Z", 60, imei, "cell-1"),
        (B, C, "2025-03-04T03:00:00Z", 60, "356938035643817", "cell-2"),
    ]
    f = features(tmp_path, rows)
    assert f[A]["numbers_per_imei"] == 2
    assert f[B]["imeis"] == 2
    assert f[B]["cells"] == 2
    assert f[B]["active_days"] == 2
    assert f[A]["cells"] == 1


def test_imeisv_and_imei_of_one_phone_are_one_device(tmp_path: Path) -> None:
    rows = [
        (A, C, "2025-03-03T03:00:00Z", 60, "356938035643809", None),
        (A, C, "2025-03-03T04:00:00Z", 60, "3569380356438012", None),
    ]
    assert features(tmp_path, rows)[A]["imeis"] == 1
