"""Features -> one row per number: number, score (0..1), label, reasons.

A label's score blends the model's probability and the rule score
(`MODEL_WEIGHT * p + (1 - MODEL_WEIGHT) * rules`); the number gets the best fraud label when
that score reaches FLAG_THRESHOLD, else `normal` with its highest fraud score. Reasons are the
fired rules of the label (and any legitimate-traffic evidence against it).

`score_into` scores the engine's feature batches one at a time and streams them to a file, so
memory does not grow with the number of numbers; only the flagged ones are kept.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from scamgrid.detect.cdr import rules
from scamgrid.detect.cdr.engines import Engine
from scamgrid.detect.cdr.model import CdrModel
from scamgrid.detect.cdr.reader import CdrSource
from scamgrid.errors import InvalidInput
from scamgrid.model.vocabulary import CdrLabel

MODEL_WEIGHT = 0.7  # share of the model in a label's score (the rest: rules)
FLAG_THRESHOLD = 0.5  # a number is flagged when its best fraud score reaches this


@dataclass(frozen=True)
class Flagged:
    """A number flagged as fraud, with the evidence (ready to become an indicator)."""

    number: str  # E.164
    label: str
    score: float
    reasons: list[str]

    def to_dict(self) -> dict[str, object]:
        return {
            "number": self.number,
            "label": self.label,
            "score": self.score,
            "reasons": self.reasons,
        }


def score_features(
    table: pa.Table,
    model: CdrModel | None,
    thresholds: rules.Thresholds = rules.DEFAULT,
) -> pa.Table:
    """number, score, label, reasons for every row of a features table."""
    f = {name: table.column(name).to_numpy() for name in table.column_names}
    n = table.num_rows
    ruled = rules.evaluate(f, thresholds)
    proba = model.probabilities(f) if model else {}
    weight = MODEL_WEIGHT if model else 0.0
    combined = (
        np.column_stack(
            [
                weight * proba.get(label, np.zeros(n)) + (1 - weight) * ruled.scores[label]
                for label in rules.FRAUD_LABELS
            ]
        )
        if n
        else np.zeros((0, len(rules.FRAUD_LABELS)))
    )
    best = combined.argmax(axis=1) if n else np.zeros(0, int)
    score = combined.max(axis=1) if n else np.zeros(0)
    flagged = score >= FLAG_THRESHOLD
    names = np.array([label.value for label in rules.FRAUD_LABELS], dtype=object)
    label = np.where(flagged, names[best], CdrLabel.NORMAL.value)
    reasons = np.full(n, "", dtype=object)
    for i in np.flatnonzero(flagged):
        chosen = rules.FRAUD_LABELS[best[i]]
        found = rules.explain(ruled, f, int(i), chosen)
        if model:
            found.append(f"model: {proba[chosen][i]:.0%} {chosen.value}")
        reasons[i] = "; ".join(found)
    numbers = pc.binary_join_element_wise("+", table.column("number_id").cast(pa.string()), "")
    return pa.table(
        {
            "number": numbers,
            "score": pa.array(np.round(score, 4)),
            "label": pa.array(label.tolist(), pa.string()),
            "reasons": pa.array(reasons.tolist(), pa.string()),
        }
    )


def score(
    engine: Engine,
    source: CdrSource,
    model: CdrModel | None,
    thresholds: rules.Thresholds = rules.DEFAULT,
) -> pa.Table:
    return score_features(engine.features(source), model, thresholds)


SCORED_SCHEMA = pa.schema(
    [
        ("number", pa.string()),
        ("score", pa.float64()),
        ("label", pa.string()),
        ("reasons", pa.string()),
    ]
)


@dataclass
class ScoreSummary:
    """What a streamed scoring run leaves in memory: counts and the flagged numbers."""

    numbers: int = 0
    flagged: list[Flagged] = field(default_factory=list)
    labels: dict[str, int] = field(default_factory=dict)


class _Sink(Protocol):
    def write_table(self, table: pa.Table) -> None: ...


def score_into(
    engine: Engine,
    source: CdrSource,
    model: CdrModel | None,
    out: Path | None = None,
    thresholds: rules.Thresholds = rules.DEFAULT,
) -> ScoreSummary:
    """Score batch by batch; every scored number goes to `out` (if given), flagged ones are kept."""
    summary = ScoreSummary()
    with engine.stream(source) as batches, _writer(out) as sink:
        for batch in batches:
            scored = score_features(pa.Table.from_batches([batch]), model, thresholds)
            summary.numbers += scored.num_rows
            for label, count in zip(*_value_counts(scored.column("label")), strict=True):
                summary.labels[label] = summary.labels.get(label, 0) + count
            summary.flagged.extend(flagged_numbers(scored))
            if sink:
                sink.write_table(scored.cast(SCORED_SCHEMA))
    summary.flagged.sort(key=lambda x: -x.score)
    return summary


def _value_counts(column: pa.ChunkedArray) -> tuple[list[str], list[int]]:
    counts = pc.value_counts(column)
    return counts.field("values").to_pylist(), counts.field("counts").to_pylist()


@contextmanager
def _writer(path: Path | None) -> Iterator[_Sink | None]:
    if path is None:
        yield None
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    sink: pq.ParquetWriter | pacsv.CSVWriter
    if path.suffix.lower() == ".parquet":
        sink = pq.ParquetWriter(path, SCORED_SCHEMA)
    else:
        sink = pacsv.CSVWriter(path, SCORED_SCHEMA)
    try:
        yield sink
    finally:
        sink.close()


def flagged_numbers(scored: pa.Table) -> list[Flagged]:
    """The numbers labelled as fraud, highest score first, with their reasons."""
    rows = scored.filter(pc.not_equal(scored.column("label"), CdrLabel.NORMAL.value))
    out = [
        Flagged(r["number"], r["label"], float(r["score"]), r["reasons"].split("; "))
        for r in rows.to_pylist()
    ]
    return sorted(out, key=lambda x: -x.score)


def write_scored(scored: pa.Table, path: Path) -> None:
    """CSV unless the name ends in .parquet."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix.lower() == ".parquet":
        pq.write_table(scored, path)
    else:
        pacsv.write_csv(scored, path)


def read_scored(path: Path) -> pa.Table:
    try:
        if path.suffix.lower() == ".parquet":
            table = pq.read_table(path)
        else:
            types = {"number": pa.string(), "label": pa.string(), "reasons": pa.string()}
            table = pacsv.read_csv(path, convert_options=pacsv.ConvertOptions(column_types=types))
    except (OSError, pa.ArrowInvalid) as error:
        raise InvalidInput(f"{path}: cannot read scored numbers ({error})") from None
    for column in ("number", "label"):
        if column not in table.column_names:
            raise InvalidInput(f"{path}: missing column {column!r}")
    return table
