from __future__ import annotations

from pathlib import Path

import pytest

from scamgrid.detect.cdr import reader
from scamgrid.detect.cdr.engines import DuckDBEngine
from scamgrid.errors import InvalidInput

HEADER = "caller,callee,start_time,duration_s,call_type\n"


def cdr(tmp_path: Path, rows: str, header: str = HEADER) -> Path:
    path = tmp_path / "cdr.csv"
    path.write_text(header + rows)
    return path


def test_thai_national_numbers_become_e164_with_a_country(tmp_path: Path) -> None:
    path = cdr(tmp_path, "081 234 5678,+66891112222,2025-03-03T10:00:00+07:00,60,voice\n")
    table = DuckDBEngine().features(reader.open_source(path, "TH"))
    assert table.column("number_id").to_pylist() == [66812345678]
    assert table.column("foreign").to_pylist() == [0]


def test_offset_times_are_read_as_utc_and_shown_in_local_hours(tmp_path: Path) -> None:
    rows = "+66812345678,+66891112222,2025-03-03T02:30:00+07:00,60,voice\n"
    table = DuckDBEngine().features(reader.open_source(cdr(tmp_path, rows), "TH"))
    assert table.column("night_share").to_pylist() == [1.0]


def test_column_mapping_reads_an_operators_layout(tmp_path: Path) -> None:
    path = cdr(
        tmp_path,
        "0066812345678,0066891112222,2025-03-03 10:00:00,12.5\n",
        header="A_NUMBER,B_NUMBER,SEIZE,DUR\n",
    )
    source = reader.open_source(
        path, None, "caller=A_NUMBER,callee=B_NUMBER,start_time=SEIZE,duration_s=DUR"
    )
    table = DuckDBEngine().features(source)
    assert table.column("number_id").to_pylist() == [66812345678]
    assert table.column("mean_duration").to_pylist() == [12.0]


def test_bad_duration_names_row_column_and_reason(tmp_path: Path) -> None:
    rows = (
        "+66812345678,+66891112222,2025-03-03T10:00:00Z,60,voice\n"
        "+66812345678,+66891112223,2025-03-03T10:05:00Z,sixty,voice\n"
    )
    with pytest.raises(InvalidInput) as caught:
        DuckDBEngine().features(reader.open_source(cdr(tmp_path, rows), "TH"))
    assert "row 2 (line 3), column 'duration_s': not a number of seconds: 'sixty'" in str(
        caught.value
    )


def test_national_number_without_country_is_rejected_with_the_hint(tmp_path: Path) -> None:
    rows = "0812345678,+66891112222,2025-03-03T10:00:00Z,60,voice\n"
    with pytest.raises(InvalidInput, match=r"row 1 .*column 'caller'.*needs --country"):
        DuckDBEngine().features(reader.open_source(cdr(tmp_path, rows)))


def test_unknown_call_type_is_rejected(tmp_path: Path) -> None:
    rows = "+66812345678,+66891112222,2025-03-03T10:00:00Z,60,fax\n"
    with pytest.raises(InvalidInput, match="column 'call_type': expected voice or sms"):
        DuckDBEngine().features(reader.open_source(cdr(tmp_path, rows), "TH"))


def test_missing_required_column_is_named(tmp_path: Path) -> None:
    path = cdr(tmp_path, "+66812345678,+66891112222,60\n", header="caller,callee,duration_s\n")
    with pytest.raises(InvalidInput, match="missing column 'start_time'"):
        reader.open_source(path, "TH")


def test_mapping_to_an_unknown_name_is_rejected() -> None:
    with pytest.raises(InvalidInput, match="unknown column 'msisdn'"):
        reader.parse_mapping("msisdn=A")


def test_bad_parquet_row_is_named_by_row_column_and_reason(tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = tmp_path / "cdr.parquet"
    table = pa.table(
        {
            "caller": ["+66812345678", "+66812345678", "+66812345678"],
            "callee": ["+66891112222", "+66891112223", "+66891112224"],
            "start_time": ["2025-03-03T10:00:00Z"] * 3,
            "duration_s": [60, 30, -5],
        }
    )
    pq.write_table(table, path)
    with pytest.raises(InvalidInput) as caught:
        DuckDBEngine().features(reader.open_source(path, "TH"))
    assert str(caught.value) == f"{path} row 3, column 'duration_s': negative or not a number: -5"
    assert caught.value.details == {"file": str(path), "row": 3, "column": "duration_s"}


def test_a_file_that_is_not_parquet_is_named(tmp_path: Path) -> None:
    path = tmp_path / "cdr.parquet"
    path.write_bytes(b"caller,callee\n")
    with pytest.raises(InvalidInput, match=r"cdr\.parquet: cannot read"):
        reader.open_source(path, "TH")


def test_mapped_column_missing_from_the_file_names_both(tmp_path: Path) -> None:
    path = cdr(tmp_path, "+66812345678,+66891112222,2025-03-03T10:00:00Z,60,voice\n")
    with pytest.raises(InvalidInput, match=r"missing column 'A_NUMBER' \(for caller\)"):
        reader.open_source(path, "TH", "caller=A_NUMBER")
