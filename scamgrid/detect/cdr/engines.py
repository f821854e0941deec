"""Engines that run the feature SQL of `features`: DuckDB (default) and Spark.

Both take a `CdrSource` and stream the same Arrow batches: `number_id` (E.164 digits) and the
columns of `FEATURE_NAMES`, BATCH_ROWS numbers at a time, so the per-number result never has to
fit in memory (`features` collects them for small inputs). DuckDB works out of core under
$SCAMGRID_HOME/tmp with a memory limit; Spark runs the very same SQL text (only `Dialect`
spellings differ) on SCAMGRID_SPARK_MASTER, without its web UI and bound to 127.0.0.1.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from abc import ABC, abstractmethod
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq

from scamgrid import settings
from scamgrid.detect.cdr import features, reader
from scamgrid.detect.cdr.reader import CdrSource
from scamgrid.errors import InvalidInput

BATCH_ROWS = 256 * 1024  # numbers per streamed batch of features


class Engine(ABC):
    name: str

    @abstractmethod
    def stream(self, source: CdrSource) -> AbstractContextManager[pa.RecordBatchReader]:
        """One row per calling number (number_id and FEATURE_NAMES), in batches."""

    def features(self, source: CdrSource) -> pa.Table:
        """All of `stream` as one table (for inputs whose numbers fit in memory)."""
        with self.stream(source) as batches:
            return batches.read_all()

    @staticmethod
    def _home_code(source: CdrSource, guess: str) -> str:
        return source.calling_code or guess


def _time_type(type_name: str) -> str:
    upper = type_name.upper()
    if "TIMESTAMP" in upper or upper == "DATE":
        return "timestamp"
    if any(k in upper for k in ("INT", "LONG", "DOUBLE", "FLOAT", "DECIMAL")):
        return "number"
    return "text"


def _guess_code(numbers: list[int]) -> str:
    """The most common country calling code among a sample of E.164 numbers."""
    import phonenumbers

    counts: dict[int, int] = {}
    for number in numbers:
        try:
            code = phonenumbers.parse(f"+{number}").country_code
        except phonenumbers.NumberParseException:
            continue
        if code is None:
            continue
        counts[code] = counts.get(code, 0) + 1
    return str(max(counts, key=lambda k: counts[k])) if counts else ""


SPILL_ROWS = 60_000_000  # above this many input rows the encoded calls are spilled to Parquet


def _parquet_rows(source: CdrSource) -> int:
    if source.fmt != "parquet":
        return sum(f.stat().st_size for f in source.files) // 60  # ~60 bytes a CSV row
    return sum(pq.ParquetFile(f).metadata.num_rows for f in source.files)


class DuckDBEngine(Engine):
    name = "duckdb"

    def __init__(
        self,
        threads: int | None = None,
        memory_limit: str | None = None,
        spill_rows: int = SPILL_ROWS,
    ) -> None:
        self.threads = threads
        self.spill_rows = spill_rows
        self.memory_limit = memory_limit or settings.CDR_MEMORY_LIMIT.get()

    def connect(self) -> duckdb.DuckDBPyConnection:
        temp = settings.home() / "tmp" / "duckdb"
        temp.mkdir(parents=True, exist_ok=True)
        con = duckdb.connect()
        con.execute(f"SET memory_limit = '{self.memory_limit}'")
        con.execute(f"SET temp_directory = '{temp}'")
        con.execute("SET preserve_insertion_order = false")
        con.execute("SET TimeZone = 'UTC'")
        if self.threads:
            con.execute(f"SET threads = {int(self.threads)}")
        return con

    def _relation(self, source: CdrSource) -> str:
        files = ", ".join("'" + str(f).replace("'", "''") + "'" for f in source.files)
        if source.fmt == "parquet":
            return f"read_parquet([{files}])"
        return f"read_csv([{files}], header = true, all_varchar = true)"

    @contextmanager
    def stream(self, source: CdrSource) -> Iterator[pa.RecordBatchReader]:
        con = self.connect()
        self._spilled: Path | None = None
        try:
            yield self._run(con, source)
        except duckdb.Error as error:
            if isinstance(error, duckdb.InvalidInputException | duckdb.ConversionException):
                raise InvalidInput(f"{source.files[0]}: {str(error).splitlines()[0]}") from None
            raise
        finally:
            con.close()
            if self._spilled:
                shutil.rmtree(self._spilled, ignore_errors=True)

    def _run(self, con: duckdb.DuckDBPyConnection, source: CdrSource) -> pa.RecordBatchReader:
        relation = self._relation(source)
        column = source.columns["start_time"]
        kind = con.execute(f'SELECT "{column}" FROM {relation} LIMIT 0').description
        time_type = _time_type(str(kind[0][1]) if kind else "VARCHAR")
        d = features.DUCKDB
        calls = reader.calls_sql(source, relation, d, time_type)
        if _parquet_rows(source) > self.spill_rows:
            # Out of core: the encoded calls go to compressed Parquet, read by each step.
            spill = Path(tempfile.mkdtemp(prefix="calls-", dir=settings.home() / "tmp"))
            self._spilled = spill
            con.execute(f"COPY ({calls}) TO '{spill / 'calls.parquet'}' (FORMAT parquet)")
            con.execute(f"CREATE TEMP VIEW calls AS SELECT * FROM '{spill / 'calls.parquet'}'")
        else:
            con.execute(f"CREATE TEMP TABLE calls AS {calls}")
        code = source.calling_code
        for name, sql in features.steps(d, "{home}", source.utc_offset_s):
            if name == "bad_rows":
                bad = con.execute(sql).fetchone()
                if bad and bad[0]:
                    raise reader.locate_error(source)
                if not code:
                    sample = con.execute(
                        "SELECT a FROM callers WHERE a IS NOT NULL USING SAMPLE 2000 ROWS"
                    ).fetchall()
                    code = _guess_code([row[0] for row in sample])
                continue
            sql = sql.replace("{home}", code)
            if name == "features":
                return con.sql(sql).to_arrow_reader(BATCH_ROWS)
            con.execute(f"CREATE TEMP TABLE {name} AS {sql}")
        raise AssertionError("features step missing")


class SparkEngine(Engine):
    """The same SQL on Spark; the session is created once per process and reused."""

    name = "spark"
    _session: Any = None

    def __init__(self, master: str | None = None, partitions: int | None = None) -> None:
        self.master = master or settings.SPARK_MASTER.get()
        self.partitions = partitions

    def session(self) -> Any:
        if SparkEngine._session is None:
            os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")  # no network look-ups
            try:
                from pyspark.sql import SparkSession
            except ImportError as error:  # pragma: no cover - pyspark is a dev dependency
                raise InvalidInput("--engine spark needs pyspark (pip install pyspark)") from error
            builder = (
                SparkSession.builder.master(self.master)
                .appName("scamgrid-cdr")
                .config("spark.ui.enabled", "false")
                .config("spark.ui.showConsoleProgress", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.sql.session.timeZone", "UTC")
                .config("spark.sql.ansi.enabled", "false")
                .config("spark.sql.shuffle.partitions", str(self.partitions or 8))
                .config("spark.local.dir", str(settings.home() / "tmp" / "spark"))
            )
            SparkEngine._session = builder.getOrCreate()
            SparkEngine._session.sparkContext.setLogLevel("ERROR")
        return SparkEngine._session

    @contextmanager
    def stream(self, source: CdrSource) -> Iterator[pa.RecordBatchReader]:
        temp = settings.home() / "tmp"
        temp.mkdir(parents=True, exist_ok=True)
        folder = Path(tempfile.mkdtemp(prefix="cdr-spark-", dir=temp))
        try:
            self._write(source, folder / "features")
            columns = ["number_id", *features.FEATURE_NAMES]
            scanner = ds.dataset(folder / "features", format="parquet").scanner(
                columns=columns, batch_size=BATCH_ROWS
            )
            yield scanner.to_reader()
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    def _write(self, source: CdrSource, target: Path) -> None:
        """Run the feature SQL and write its result as Parquet parts (no pandas, any size)."""
        spark = self.session()
        files = [str(f) for f in source.files]
        if source.fmt == "parquet":
            raw = spark.read.parquet(*files)
        else:
            raw = spark.read.option("header", "true").csv(files)
        raw.createOrReplaceTempView("raw_cdr")
        column = source.columns["start_time"]
        time_type = _time_type(dict(raw.dtypes)[column])
        d = features.SPARK
        calls = spark.sql(reader.calls_sql(source, "raw_cdr", d, time_type)).cache()
        calls.createOrReplaceTempView("calls")
        code = source.calling_code
        cached = [calls]
        try:
            for name, sql in features.steps(d, "{home}", source.utc_offset_s):
                if name == "bad_rows":
                    bad = spark.sql(sql).collect()[0][0]
                    if bad:
                        raise reader.locate_error(source)
                    if not code:
                        rows = spark.sql("SELECT a FROM callers WHERE a IS NOT NULL LIMIT 2000")
                        code = _guess_code([r[0] for r in rows.collect()])
                    continue
                frame = spark.sql(sql.replace("{home}", code))
                if name == "features":
                    frame.write.mode("overwrite").parquet(str(target))
                    return
                frame = frame.cache()
                cached.append(frame)
                frame.createOrReplaceTempView(name)
        finally:
            for frame in cached:
                frame.unpersist()
        raise AssertionError("features step missing")


def get_engine(name: str) -> Engine:
    if name == "duckdb":
        return DuckDBEngine()
    if name == "spark":
        return SparkEngine()
    raise InvalidInput(f"--engine: unknown engine {name!r} (duckdb or spark)")
