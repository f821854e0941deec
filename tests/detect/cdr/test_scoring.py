"""Scoring a planted world the model never saw (another seed, size, window and fraud rates)."""

from __future__ import annotations

import pyarrow as pa
import pytest

from scamgrid.detect.cdr import evaluate, generator, model, reader, scoring
from scamgrid.detect.cdr.engines import DuckDBEngine
from scamgrid.model.vocabulary import CdrLabel


@pytest.fixture(scope="module")
def features(world: generator.Generated) -> pa.Table:
    return DuckDBEngine().features(reader.open_source(world.cdr_files[0], "TH"))


@pytest.fixture(scope="module")
def truth(world: generator.Generated) -> pa.Table:
    return evaluate.read_truth_table(world.truth_file)


def run(
    features: pa.Table, truth: pa.Table, trained: model.CdrModel | None
) -> tuple[pa.Table, evaluate.Evaluation]:
    scored = scoring.score_features(features, trained)
    return scored, evaluate.evaluate(scored, truth)


def test_model_trained_at_test_time_finds_planted_fraud(
    features: pa.Table, truth: pa.Table, small_model: model.CdrModel
) -> None:
    _, report = run(features, truth, small_model)
    assert report.overall.f1 >= 0.95, report.overall
    assert report.call_centres >= 20
    assert report.call_centres_flagged == 0


def test_packaged_model_finds_planted_fraud_and_spares_call_centres(
    features: pa.Table, truth: pa.Table
) -> None:
    _, report = run(features, truth, model.CdrModel.load(model.PACKAGED))
    assert report.overall.f1 >= 0.95, report.overall
    for label in report.labels:
        assert label.f1 >= 0.9, label
    assert report.call_centres_flagged == 0


def test_rules_alone_flag_sim_boxes_and_spare_call_centres(
    features: pa.Table, truth: pa.Table
) -> None:
    _, report = run(features, truth, None)
    sim_box = next(s for s in report.labels if s.label == CdrLabel.SIM_BOX)
    assert sim_box.recall >= 0.9 and sim_box.precision >= 0.9
    assert report.overall.f1 >= 0.9
    assert report.call_centres_flagged == 0


def test_flagged_numbers_carry_readable_reasons(
    features: pa.Table, truth: pa.Table, small_model: model.CdrModel
) -> None:
    scored, _ = run(features, truth, small_model)
    flagged = scoring.flagged_numbers(scored)
    assert flagged and all(f.number.startswith("+") for f in flagged)
    assert [f.score for f in flagged] == sorted((f.score for f in flagged), reverse=True)
    box = next(f for f in flagged if f.label == "sim_box")
    assert any("IMEI carries" in reason for reason in box.reasons)
    wangiri = next(f for f in flagged if f.label == "wangiri")
    assert any("one-ring" in reason for reason in wangiri.reasons)
    assert set(scored.column("label").to_pylist()) <= {label.value for label in CdrLabel}


def test_the_generator_is_deterministic() -> None:
    config = generator.GeneratorConfig(subscribers=300, days=2, seed=5)
    first = next(generator.generate(config)[0])
    second = next(generator.generate(config)[0])
    assert first.equals(second)
    assert first.num_rows > 1000
