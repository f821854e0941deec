"""CDR files (DESIGN.md format) -> the canonical `calls` relation, and clear errors for bad rows.

Required columns: caller, callee, start_time, duration_s; optional: imei, imsi, cell_id,
call_type (voice|sms), direction. `--map caller=A_NUMBER,...` renames an operator's columns.
Numbers: E.164 (`+66...`), international (`0066...`), national (`08...`, needs a country) or
digits already in international form (`668...`); spaces, dashes, dots and brackets are dropped.
Each row is one call from caller to callee (`direction` is accepted and not used).

The canonicalisation is SQL (one expression per column, see `calls_sql`) so it runs inside the
engines at full speed; when a row fails, `locate_error` finds the first one and says why.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import phonenumbers
import pyarrow.parquet as pq

from scamgrid.detect.cdr.features import Dialect
from scamgrid.errors import InvalidInput

REQUIRED = ("caller", "callee", "start_time", "duration_s")
OPTIONAL = ("imei", "imsi", "cell_id", "call_type", "direction")
COLUMNS = REQUIRED + OPTIONAL
CALL_TYPES = ("voice", "sms")

# Local time offsets used for night and office hours when a country is given.
UTC_OFFSETS_S = {
    "TH": 7 * 3600,
    "VN": 7 * 3600,
    "KH": 7 * 3600,
    "LA": 7 * 3600,
    "ID": 7 * 3600,
    "MM": 6 * 3600 + 1800,
    "CN": 8 * 3600,
    "MY": 8 * 3600,
    "PH": 8 * 3600,
    "SG": 8 * 3600,
}

_SEPARATORS = re.compile(r"[ ()./-]")


def parse_mapping(text: str | None) -> dict[str, str]:
    """`caller=A_NUMBER,callee=B_NUMBER` -> {canonical: source column}."""
    mapping: dict[str, str] = {}
    if not text:
        return mapping
    for part in text.split(","):
        name, sep, source = part.partition("=")
        name, source = name.strip(), source.strip()
        if not sep or not name or not source:
            raise InvalidInput(f"--map: expected NAME=COLUMN, got {part!r}")
        if name not in COLUMNS:
            raise InvalidInput(f"--map: unknown column {name!r} (one of {', '.join(COLUMNS)})")
        mapping[name] = source
    return mapping


@dataclass(frozen=True)
class CdrSource:
    """One or more CDR files of one format, with column mapping and number country."""

    files: tuple[Path, ...]
    fmt: str  # parquet | csv
    columns: dict[str, str] = field(default_factory=dict)  # canonical -> source column present
    country: str | None = None
    calling_code: str = ""  # home country calling code ("66"); empty: unknown

    @property
    def utc_offset_s(self) -> int:
        return UTC_OFFSETS_S.get(self.country or "", 0)


def open_source(path: Path, country: str | None = None, mapping: str | None = None) -> CdrSource:
    """Check the file(s) and their header; a folder means every .parquet or .csv file in it."""
    if path.is_dir():
        files = sorted(path.glob("*.parquet")) or sorted(path.glob("*.csv"))
    elif path.exists():
        files = [path]
    else:
        raise InvalidInput(f"{path}: no such file")
    if not files:
        raise InvalidInput(f"{path}: no .parquet or .csv files")
    fmt = "parquet" if files[0].suffix.lower() in (".parquet", ".pq") else "csv"
    header = _header(files[0], fmt)
    renames = parse_mapping(mapping)
    columns: dict[str, str] = {}
    for name in COLUMNS:
        source = renames.get(name, name)
        if source in header:
            columns[name] = source
        elif name in REQUIRED or name in renames:
            raise InvalidInput(
                f"{files[0]}: missing column {source!r}"
                + (f" (for {name})" if source != name else "")
                + f"; columns are: {', '.join(header)}"
            )
    code = ""
    if country:
        country = country.upper()
        number = phonenumbers.country_code_for_region(country)
        if not number:
            raise InvalidInput(f"--country: unknown country code {country!r}")
        code = str(number)
    return CdrSource(tuple(files), fmt, columns, country, code)


def _header(file: Path, fmt: str) -> list[str]:
    try:
        if fmt == "parquet":
            return list(pq.read_schema(file).names)
        with file.open(encoding="utf-8", newline="") as handle:
            return next(csv.reader(handle), [])
    except (OSError, UnicodeDecodeError, ValueError) as error:
        raise InvalidInput(f"{file}: cannot read ({error})") from None


def number_sql(x: str, code: str, d: Dialect) -> str:
    """E.164 digits as BIGINT, or NULL when the value is not a number we can place.

    The fast path casts the text directly (`+66...` and `66...` both parse); only national
    numbers (leading 0) and values with separators take the slow path.
    """
    x = d.text.format(x=x)
    clean = d.strip.format(x=x)
    local = d.try_bigint.format(x=f"'{code}' || substr({clean}, 2)") if code else "NULL"
    international = d.try_bigint.format(x=f"substr({clean}, 3)")
    slow = (
        f"CASE WHEN substr({clean}, 1, 2) = '00' THEN {international}"
        f" WHEN substr({clean}, 1, 1) = '0' THEN {local}"
        f" ELSE {d.try_bigint.format(x=clean)} END"
    )
    fast = f"CASE WHEN substr({x}, 1, 1) <> '0' THEN {d.try_bigint.format(x=x)} END"
    value = f"COALESCE({fast}, {slow})"
    return f"CASE WHEN {value} > 0 THEN {value} END"


def calls_sql(source: CdrSource, relation: str, d: Dialect, time_type: str) -> str:
    """SELECT of the canonical calls from `relation` (the raw file) in dialect d.

    time_type: 'timestamp' (a typed column), 'number' (epoch seconds) or 'text' (ISO 8601).
    """
    c = {k: d.ident.format(x=v) for k, v in source.columns.items()}
    a = number_sql(c["caller"], source.calling_code, d)
    b = number_sql(c["callee"], source.calling_code, d)
    raw_time = c["start_time"]
    if time_type == "number":
        t = f"CAST({raw_time} AS BIGINT)"
    elif time_type == "timestamp":
        t = d.epoch.format(x=raw_time)
    else:
        t = d.epoch.format(x=d.parse_time.format(x=d.text.format(x=raw_time)))
    duration = c["duration_s"]
    dur = f"CAST(floor(TRY_CAST({duration} AS DOUBLE)) AS BIGINT)"
    imei = "CAST(NULL AS BIGINT)"
    if "imei" in c:  # the 14-digit body: IMEI (15) and IMEISV (16) of one phone agree
        raw = d.try_bigint.format(x=d.text.format(x=c["imei"]))
        imei = (
            f"CASE WHEN {raw} >= 1000000000000000 THEN {d.idiv.format(a=raw, b=100)}"
            f" ELSE {d.idiv.format(a=raw, b=10)} END"
        )
    cell = "CAST(NULL AS BIGINT)"
    if "cell_id" in c:
        raw_cell = c["cell_id"]
        cell = f"CASE WHEN {raw_cell} IS NULL THEN NULL ELSE {d.cell_key.format(x=raw_cell)} END"
    if "call_type" in c:
        kind = f"lower(trim({d.text.format(x=c['call_type'])}))"
        sms = f"CASE WHEN {kind} = 'sms' THEN 1 WHEN {kind} = 'voice' THEN 0 ELSE NULL END"
    else:
        sms = "0"
    return (
        f"SELECT {a} AS a, {b} AS b, {t} AS t, {dur} AS d, {imei} AS imei, {cell} AS cell,"
        f" {sms} AS sms FROM {relation}"
    )


# ---- locating the first bad row (only when the engine counted one) ----


def _canonical_number(value: str | None, code: str) -> int | None:
    if value is None:
        return None
    text = _SEPARATORS.sub("", str(value).strip())
    if text.startswith("+"):
        text = text[1:]
    elif text.startswith("00"):
        text = text[2:]
    elif text.startswith("0"):
        if not code:
            return None
        text = code + text[1:]
    return int(text) if text.isdigit() and len(text) <= 18 else None


def row_problem(row: dict[str, object], source: CdrSource) -> tuple[str, str] | None:
    """(column, reason) for the first thing wrong with a raw row, or None."""
    c = source.columns
    for name in ("caller", "callee"):
        value = row.get(c[name])
        if value is None or str(value).strip() == "":
            return c[name], "empty"
        if _canonical_number(str(value), source.calling_code) is None:
            local = str(value).strip().startswith("0") and not str(value).startswith("00")
            why = "a national number needs --country" if local and not source.country else ""
            return c[name], f"not a phone number: {value!r}" + (f" ({why})" if why else "")
    value = row.get(c["start_time"])
    if value is None or str(value).strip() == "":
        return c["start_time"], "empty"
    if not isinstance(value, dt.datetime | int | float):
        try:
            dt.datetime.fromisoformat(str(value).strip())
        except ValueError:
            return c["start_time"], f"not an ISO 8601 time: {value!r}"
    value = row.get(c["duration_s"])
    try:
        seconds = float(str(value))
    except ValueError:
        return c["duration_s"], f"not a number of seconds: {value!r}"
    if seconds != seconds or seconds < 0:
        return c["duration_s"], f"negative or not a number: {value!r}"
    if "call_type" in c:
        value = row.get(c["call_type"])
        if value is None or str(value).strip().lower() not in CALL_TYPES:
            return c["call_type"], f"expected voice or sms, got {value!r}"
    return None


def _rows(source: CdrSource) -> Iterator[tuple[Path, int, dict[str, object]]]:
    wanted = list(source.columns.values())
    for file in source.files:
        if source.fmt == "parquet":
            number = 0
            for batch in pq.ParquetFile(file).iter_batches(columns=wanted, batch_size=65536):
                for row in batch.to_pylist():
                    number += 1
                    yield file, number, row
        else:
            with file.open(encoding="utf-8", newline="") as handle:
                reader = csv.DictReader(handle)
                for number, values in enumerate(reader, start=1):
                    yield file, number, {k: (v if v != "" else None) for k, v in values.items()}


def locate_error(source: CdrSource) -> InvalidInput:
    """The error for the first bad row (row numbers count data rows from 1)."""
    for file, number, row in _rows(source):
        problem = row_problem(row, source)
        if problem:
            column, reason = problem
            line = f" (line {number + 1})" if source.fmt == "csv" else ""
            return InvalidInput(
                f"{file} row {number}{line}, column {column!r}: {reason}",
                file=str(file),
                row=number,
                column=column,
            )
    return InvalidInput(f"{source.files[0]}: a row could not be read as a call")
