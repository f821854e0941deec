"""A small planted world and a small model, built once per session."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from scamgrid.detect.cdr import generator, model
from scamgrid.detect.cdr.engines import DuckDBEngine, SparkEngine

# Not the settings the model is trained with: another seed, size, window and fraud rates.
EVAL_WORLD = generator.GeneratorConfig(
    subscribers=6_000,
    days=9,
    seed=2024,
    sim_box_rate=0.006,
    dialler_rate=0.004,
    wangiri_rate=0.002,
    call_centre_rate=0.004,
)
SMALL_TRAINING = (
    generator.GeneratorConfig(
        subscribers=5_000,
        days=10,
        seed=11,
        sim_box_rate=0.01,
        dialler_rate=0.008,
        wangiri_rate=0.004,
        call_centre_rate=0.004,
    ),
    generator.GeneratorConfig(
        subscribers=4_000,
        days=14,
        seed=12,
        sim_box_rate=0.01,
        dialler_rate=0.008,
        wangiri_rate=0.004,
        call_centre_rate=0.004,
    ),
)


@pytest.fixture(scope="session")
def session_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    home = tmp_path_factory.mktemp("cdr-home")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SCAMGRID_HOME", str(home))
        yield home


@pytest.fixture(scope="session")
def world(session_home: Path) -> generator.Generated:
    return generator.write(EVAL_WORLD, session_home / "world")


@pytest.fixture(scope="session")
def small_model(session_home: Path) -> model.CdrModel:
    """Trained at test time from the generator (the packaged model is tested apart)."""
    return model.train(DuckDBEngine(), SMALL_TRAINING)


@pytest.fixture(scope="session")
def spark(session_home: Path) -> SparkEngine:
    """One Spark session (local[1]) for the whole test session: its start-up dominates."""
    pytest.importorskip("pyspark")
    engine = SparkEngine(master="local[1]", partitions=1)
    engine.session()
    return engine
