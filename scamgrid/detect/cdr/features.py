"""Per-number features over a CDR window, defined once as SQL and run by DuckDB or Spark SQL.

The input is the canonical `calls` relation (see `reader`): a, b (caller and callee as E.164
digits in a BIGINT: numbers are encoded as integers once), t (epoch seconds), d (duration
seconds), imei (14-digit BIGINT), cell (64-bit hash), sms (0/1). Three aggregations read the
calls and everything else is derived from their (much smaller) results:

- `callers`: one row per caller: volumes, short/long/night/office calls, day and hour bitmasks
  (active days and hours are bit counts: exact, no DISTINCT);
- `pairs`: one row per (caller, callee) with first and last time: fan-out, fan-in, callbacks
  (the pair table joined to itself reversed) and sequential runs (callees per number block);
- `devices`: one row per (caller, IMEI, cell): IMEIs and cells per number, numbers per IMEI.

`Dialect` holds the few spellings that differ between the engines; `FEATURES` is the declared
list of feature names with their SQL and meaning (docs/cdr.md shows the same list).
"""

from __future__ import annotations

from dataclasses import dataclass

SHORT_CALL_S = 10  # a voice call shorter than this is "very short" (rejected, one ring)
LONG_CALL_S = 300  # a voice call at least this long is "long" (a victim kept on the line)
NIGHT_END_HOUR = 6  # local hours [0, NIGHT_END_HOUR) are night
OFFICE_HOURS = (8, 18)  # local hours [start, end) on Monday-Friday are office hours
SEQUENCE_BLOCK = 100  # callees in the same block of this many numbers count as a run


@dataclass(frozen=True)
class Dialect:
    """Spellings that differ between DuckDB SQL and Spark SQL."""

    name: str
    try_bigint: str  # format with {x}
    strip: str  # remove separators from {x}
    shift: str  # 1 << {x} as BIGINT
    cell_key: str  # a 64-bit key for the cell id {x}
    text: str  # {x} as text
    parse_time: str  # ISO 8601 text {x} (UTC unless it has an offset) as a timestamp
    epoch: str  # timestamp {x} as whole epoch seconds
    idiv: str  # integer division {a} by {b}
    ident: str  # the quoted column name {x}


DUCKDB = Dialect(
    name="duckdb",
    try_bigint="TRY_CAST({x} AS BIGINT)",
    strip="regexp_replace({x}, '[ ()./-]', '', 'g')",
    shift="(CAST(1 AS BIGINT) << CAST({x} AS INTEGER))",
    cell_key="hash({x})",
    text="CAST({x} AS VARCHAR)",
    parse_time="TRY_CAST({x} AS TIMESTAMPTZ)",
    epoch="CAST(floor(epoch({x})) AS BIGINT)",
    idiv="({a} // {b})",
    ident='"{x}"',
)
SPARK = Dialect(
    name="spark",
    try_bigint="TRY_CAST({x} AS BIGINT)",
    strip="regexp_replace({x}, '[ ()./-]', '')",
    shift="shiftleft(CAST(1 AS BIGINT), CAST({x} AS INT))",
    cell_key="xxhash64({x})",
    text="CAST({x} AS STRING)",
    parse_time="TRY_CAST({x} AS TIMESTAMP)",
    epoch="unix_timestamp({x})",
    idiv="({a} div {b})",
    ident="`{x}`",
)


@dataclass(frozen=True)
class Feature:
    name: str
    sql: str  # over the joined per-number relations o, i, c, v and the window w
    meaning: str


def _ratio(num: str, den: str) -> str:
    return f"CAST({num} AS DOUBLE) / GREATEST(CAST({den} AS DOUBLE), 1.0)"


FEATURES: tuple[Feature, ...] = (
    Feature("n_out", "o.n_out", "outgoing calls and SMS"),
    Feature("fan_out", "o.fan_out", "distinct numbers called"),
    Feature("active_days", "o.active_days", "days with outgoing activity"),
    Feature("calls_per_day", _ratio("o.n_out", "o.active_days"), "outgoing per active day"),
    Feature(
        "fan_out_per_day", _ratio("o.fan_out", "o.active_days"), "distinct callees per active day"
    ),
    Feature("calls_per_callee", _ratio("o.n_out", "o.fan_out"), "repeat calls to the same number"),
    Feature("short_share", _ratio("o.n_short", "o.n_voice"), "voice calls under SHORT_CALL_S"),
    Feature("long_share", _ratio("o.n_long", "o.n_voice"), "voice calls of LONG_CALL_S or more"),
    Feature("mean_duration", _ratio("o.dur", "o.n_voice"), "mean voice call duration (s)"),
    Feature("sms_share", _ratio("o.n_sms", "o.n_out"), "share of outgoing events that are SMS"),
    Feature("night_share", _ratio("o.n_night", "o.n_out"), "outgoing at local night"),
    Feature("office_share", _ratio("o.n_office", "o.n_out"), "outgoing in weekday office hours"),
    Feature("hours_active", "o.hours_active", "distinct local hours of the day with outgoing"),
    Feature("n_in", "COALESCE(i.n_in, 0)", "incoming calls and SMS"),
    Feature("fan_in", "COALESCE(i.fan_in, 0)", "distinct numbers calling in"),
    Feature(
        "in_share",
        _ratio("COALESCE(i.n_in, 0)", "COALESCE(i.n_in, 0) + o.n_out"),
        "incoming / (incoming + outgoing)",
    ),
    Feature(
        "callback_share",
        _ratio("COALESCE(c.called_back, 0)", "o.fan_out"),
        "callees who called back after the first call",
    ),
    Feature(
        "seq_share",
        f"GREATEST(1.0 - {_ratio('o.blocks', 'o.fan_out')}, 0.0)",
        "callees sharing a SEQUENCE_BLOCK with other callees (ascending runs)",
    ),
    Feature(
        "age_days",
        "CAST(w.t_last - LEAST(o.t_first, COALESCE(i.t_first, o.t_first)) AS DOUBLE) / 86400.0",
        "days since first seen in the window (SIM age)",
    ),
    Feature(
        "span_days",
        "CAST(GREATEST(o.t_last, COALESCE(i.t_last, o.t_last))"
        " - LEAST(o.t_first, COALESCE(i.t_first, o.t_first)) AS DOUBLE) / 86400.0",
        "days between first and last activity",
    ),
    Feature("window_days", "CAST(w.t_last - w.t_first AS DOUBLE) / 86400.0", "window length"),
    Feature("cells", "COALESCE(v.cells, 0)", "distinct cells used (0: fixed line or foreign)"),
    Feature("imeis", "COALESCE(v.imeis, 0)", "distinct IMEIs used"),
    Feature("numbers_per_imei", "COALESCE(v.numbers_per_imei, 0)", "most numbers seen on one IMEI"),
    Feature("device_share", _ratio("COALESCE(v.with_imei, 0)", "o.n_out"), "outgoing with an IMEI"),
    Feature("foreign", "o.foreign", "number outside the home country code"),
)

FEATURE_NAMES = tuple(f.name for f in FEATURES)


BAD_ROWS = """
SELECT COALESCE(sum(CASE WHEN a IS NULL THEN n_out ELSE n_bad END), 0) AS bad FROM callers"""


def steps(dialect: Dialect, home_code: str, utc_offset_s: int) -> list[tuple[str, str]]:
    """(relation name, SELECT) in order; each reads `calls` or earlier relations."""
    d = dialect
    local = f"(t + {utc_offset_s})"
    day = d.idiv.format(a=local, b=86400)
    hour = d.idiv.format(a=f"({local} % 86400)", b=3600)
    start, end = OFFICE_HOURS
    voice = "sms = 0"
    callers = f"""
SELECT a, count(*) AS n_out, sum(sms) AS n_sms,
  sum(CASE WHEN {voice} THEN 1 ELSE 0 END) AS n_voice,
  sum(CASE WHEN {voice} AND d < {SHORT_CALL_S} THEN 1 ELSE 0 END) AS n_short,
  sum(CASE WHEN {voice} AND d >= {LONG_CALL_S} THEN 1 ELSE 0 END) AS n_long,
  sum(CASE WHEN {voice} THEN d ELSE 0 END) AS dur,
  sum(CASE WHEN h < {NIGHT_END_HOUR} THEN 1 ELSE 0 END) AS n_night,
  sum(CASE WHEN h >= {start} AND h < {end} AND (day + 3) % 7 < 5 THEN 1 ELSE 0 END) AS n_office,
  bit_count(bit_or({d.shift.format(x="day % 63")})) AS active_days,
  bit_count(bit_or({d.shift.format(x="h")})) AS hours_active,
  sum(CASE WHEN b IS NULL OR t IS NULL OR d IS NULL OR d < 0 OR sms IS NULL THEN 1 ELSE 0 END)
    AS n_bad
FROM (SELECT a, b, t, d, sms, {day} AS day, {hour} AS h FROM calls) x
GROUP BY a"""
    pairs = """
SELECT a, b, count(*) AS n, min(t) AS t_first, max(t) AS t_last FROM calls GROUP BY a, b"""
    devices = """
SELECT a, imei, cell, count(*) AS n FROM calls GROUP BY a, imei, cell"""
    per_imei = """
SELECT imei, count(DISTINCT a) AS numbers FROM devices WHERE imei IS NOT NULL GROUP BY imei"""
    device_features = """
SELECT d.a, count(DISTINCT d.imei) AS imeis, count(DISTINCT d.cell) AS cells,
  max(p.numbers) AS numbers_per_imei,
  sum(CASE WHEN d.imei IS NOT NULL THEN d.n ELSE 0 END) AS with_imei
FROM devices d LEFT JOIN per_imei p ON p.imei = d.imei GROUP BY d.a"""
    foreign = (
        f"CASE WHEN {d.text.format(x='p.a')} LIKE '{home_code}%' THEN 0 ELSE 1 END"
        if home_code
        else "0"
    )
    blocks = f"""
SELECT a, count(*) AS blocks FROM (
  SELECT a, {d.idiv.format(a="b", b=SEQUENCE_BLOCK)} AS k FROM pairs GROUP BY a, k) x
GROUP BY a"""
    outgoing = f"""
SELECT p.a, count(*) AS fan_out, min(p.t_first) AS t_first, max(p.t_last) AS t_last,
  {foreign} AS foreign
FROM pairs p GROUP BY p.a"""
    incoming = """
SELECT b AS a, sum(n) AS n_in, count(*) AS fan_in, min(t_first) AS t_first, max(t_last) AS t_last
FROM pairs GROUP BY b"""
    callbacks = """
SELECT p.a, count(*) AS called_back
FROM pairs p JOIN pairs q ON q.a = p.b AND q.b = p.a AND q.t_last >= p.t_first GROUP BY p.a"""
    window = "SELECT min(t_first) AS t_first, max(t_last) AS t_last FROM pairs"
    columns = ",\n  ".join(f"{f.sql} AS {f.name}" for f in FEATURES)
    final = f"""
SELECT o.a AS number_id,
  {columns}
FROM (SELECT r.*, u.fan_out, u.t_first, u.t_last, k.blocks, u.foreign
      FROM callers r JOIN outgoing u ON u.a = r.a JOIN blocks k ON k.a = r.a) o
LEFT JOIN incoming i ON i.a = o.a
LEFT JOIN callbacks c ON c.a = o.a
LEFT JOIN device_features v ON v.a = o.a
CROSS JOIN time_window w"""
    return [
        ("callers", callers),
        ("bad_rows", BAD_ROWS),
        ("pairs", pairs),
        ("devices", devices),
        ("per_imei", per_imei),
        ("device_features", device_features),
        ("outgoing", outgoing),
        ("blocks", blocks),
        ("incoming", incoming),
        ("callbacks", callbacks),
        ("time_window", window),
        ("features", final),
    ]
