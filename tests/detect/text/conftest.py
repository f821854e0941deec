"""A small model trained once per session on a deterministic subset of the public sets."""

from __future__ import annotations

import pytest

from scamgrid import settings
from scamgrid.detect.text import corpus, training
from scamgrid.detect.text.classifier import TextModel


@pytest.fixture(scope="session")
def examples() -> list[corpus.Example]:
    data_dir = settings.data_dir()
    if not (data_dir / "uci-sms-spam").is_dir():
        pytest.skip(f"public data sets not found at {data_dir}")
    return corpus.read_all(data_dir)


@pytest.fixture(scope="session")
def small(examples: list[corpus.Example]) -> tuple[TextModel, list[corpus.Example]]:
    """(model, the examples it was trained on) from 80 texts per set and category."""
    return training.build(training.subset(examples, 80))


@pytest.fixture(scope="session")
def model(small: tuple[TextModel, list[corpus.Example]]) -> TextModel:
    return small[0]
