"""Precision, recall and F1 of scored numbers against a ground-truth file.

Per label (one against the rest) and overall as fraud-vs-normal: a number counts as fraud when
its label is anything but `normal`; a fraud number called the wrong fraud kind still counts as
found overall. Numbers in the truth but not scored (no outgoing traffic) count as `normal`.
Legitimate call centres (truth role `call_centre_*`) are counted apart: none may be flagged.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv

from scamgrid.errors import InvalidInput
from scamgrid.model.vocabulary import CdrLabel


@dataclass(frozen=True)
class Scores:
    label: str
    support: int
    predicted: int
    precision: float
    recall: float
    f1: float


@dataclass(frozen=True)
class Evaluation:
    numbers: int
    overall: Scores
    labels: list[Scores]
    call_centres: int
    call_centres_flagged: int
    confusion: dict[str, dict[str, int]]  # truth -> predicted -> count

    def to_dict(self) -> dict[str, object]:
        return asdict(self)


def _scores(label: str, truth: list[bool], predicted: list[bool]) -> Scores:
    tp = sum(t and p for t, p in zip(truth, predicted, strict=True))
    support, guessed = sum(truth), sum(predicted)
    precision = tp / guessed if guessed else 0.0
    recall = tp / support if support else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Scores(label, support, guessed, round(precision, 4), round(recall, 4), round(f1, 4))


def read_truth_table(path: Path) -> pa.Table:
    types = {"number": pa.string(), "label": pa.string(), "role": pa.string()}
    try:
        table = pacsv.read_csv(path, convert_options=pacsv.ConvertOptions(column_types=types))
    except (OSError, pa.ArrowInvalid) as error:
        raise InvalidInput(f"{path}: cannot read the truth file ({error})") from None
    for column in ("number", "label"):
        if column not in table.column_names:
            raise InvalidInput(f"{path}: missing column {column!r}")
    allowed = {label.value for label in CdrLabel}
    for row, value in enumerate(table.column("label").to_pylist(), start=1):
        if value not in allowed:
            raise InvalidInput(f"{path} row {row}, column 'label': unknown label {value!r}")
    return table


def evaluate(scored: pa.Table, truth: pa.Table) -> Evaluation:
    predicted = dict(
        zip(scored.column("number").to_pylist(), scored.column("label").to_pylist(), strict=True)
    )
    numbers = truth.column("number").to_pylist()
    true_labels = truth.column("label").to_pylist()
    roles = (
        truth.column("role").to_pylist() if "role" in truth.column_names else [""] * len(numbers)
    )
    guessed = [predicted.get(n, CdrLabel.NORMAL.value) for n in numbers]
    normal = CdrLabel.NORMAL.value
    overall = _scores("fraud", [t != normal for t in true_labels], [g != normal for g in guessed])
    per_label = [
        _scores(label.value, [t == label for t in true_labels], [g == label for g in guessed])
        for label in CdrLabel
        if label != CdrLabel.NORMAL
    ]
    centres = [
        g for g, r in zip(guessed, roles, strict=True) if (r or "").startswith("call_centre")
    ]
    confusion: dict[str, dict[str, int]] = {}
    for t, g in zip(true_labels, guessed, strict=True):
        confusion.setdefault(t, {}).setdefault(g, 0)
        confusion[t][g] += 1
    return Evaluation(
        numbers=len(numbers),
        overall=overall,
        labels=per_label,
        call_centres=len(centres),
        call_centres_flagged=sum(g != normal for g in centres),
        confusion=confusion,
    )
