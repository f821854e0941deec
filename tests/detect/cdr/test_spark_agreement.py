"""DuckDB and Spark run the same feature SQL and must return the same features.

Runs once (no database fixture), on Spark local[1] over a small planted world.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from scamgrid.detect.cdr import generator, reader, scoring
from scamgrid.detect.cdr.engines import DuckDBEngine, SparkEngine

pytest.importorskip("pyspark")


@pytest.mark.slow
def test_duckdb_and_spark_agree_on_features_and_labels(tmp_path: Path) -> None:
    config = generator.GeneratorConfig(
        subscribers=1_000,
        days=5,
        seed=77,
        sim_box_rate=0.02,
        dialler_rate=0.01,
        wangiri_rate=0.005,
    )
    made = generator.write(config, tmp_path / "world")
    source = reader.open_source(made.cdr_files[0], "TH")
    duck = DuckDBEngine().features(source).sort_by("number_id")
    spark = SparkEngine(master="local[1]", partitions=2).features(source).sort_by("number_id")
    assert duck.column_names == spark.column_names
    assert duck.num_rows == spark.num_rows > 1000
    for name in duck.column_names:
        a = duck.column(name).to_numpy().astype(float)
        b = spark.column(name).to_numpy().astype(float)
        assert np.allclose(a, b, rtol=1e-12, atol=1e-12), name
    labels = scoring.score_features(duck, None).column("label")
    assert labels.equals(scoring.score_features(spark, None).column("label"))
    assert set(labels.to_pylist()) > {"normal"}
