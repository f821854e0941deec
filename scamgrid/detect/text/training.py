"""Building the text model from the public sets and the hand-labelled lures, reproducibly.

`scamgrid text train` reads every set under SCAMGRID_DATA_DIR, deduplicates across all of them,
keeps the held-out keys out (corpus.py), trains with a fixed seed and writes the model to
$SCAMGRID_HOME/models/text/model.npz. The same data and seed give the same file.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import numpy.typing as npt

from scamgrid import settings
from scamgrid.detect.text import classifier, corpus
from scamgrid.detect.text.classifier import TextModel

# The hand-labelled lures are the only fake-job data: each counts this many times in training.
HAND_LABELLED_WEIGHT = 5.0


def model_path() -> Path:
    return settings.home() / "models" / "text" / "model.npz"


def key_prefixes(keys: Iterable[str]) -> npt.NDArray[np.uint64]:
    return np.array(sorted(int(key[:16], 16) for key in keys), dtype=np.uint64)


def subset(examples: list[corpus.Example], per_category: int) -> list[corpus.Example]:
    """A small deterministic sample: the `per_category` lowest keys of each set and category."""
    chosen: list[corpus.Example] = []
    groups: dict[tuple[str, str], list[corpus.Example]] = {}
    for example in examples:
        groups.setdefault((example.data_set, example.category), []).append(example)
    for group in groups.values():
        group.sort(key=lambda e: e.key)
        chosen.extend([e for e in group if not e.held_out][:per_category])
        chosen.extend([e for e in group if e.held_out][: max(1, per_category // 4)])
    return chosen


def build(
    examples: list[corpus.Example], seed: int = classifier.SEED
) -> tuple[TextModel, list[corpus.Example]]:
    """Train on the training side of `examples`; returns the model and what it was trained on."""
    training = corpus.training_examples(examples)
    public = {d.name for d in corpus.DATA_SETS if d.public}
    model = classifier.train(
        [e.text for e in training],
        [e.category for e in training],
        [1.0 if e.data_set in public else HAND_LABELLED_WEIGHT for e in training],
        seed=seed,
    )
    model.training_keys = key_prefixes(e.key for e in training)
    model.metadata.update(
        {
            "data_sets": sorted({e.data_set for e in examples}),
            "training_examples": dict(sorted(Counter(e.data_set for e in training).items())),
            "held_out_examples": dict(
                sorted(Counter(e.data_set for e in examples if e.held_out).items())
            ),
            "test_percent": corpus.TEST_PERCENT,
        }
    )
    return model, training
