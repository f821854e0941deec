"""The trained part of the scorer: gradient boosting over scale-free features.

Trained by `scamgrid cdr train` on worlds from the project's own generator (seeds, sizes and
fraud rates listed in TRAINING_WORLDS; evaluation uses other ones). The packaged model
(`data/model.joblib`, rebuilt with `scamgrid cdr train --out scamgrid/detect/cdr/data/model.joblib`)
is used unless $SCAMGRID_HOME/models/cdr.joblib exists; a model pickled by another
scikit-learn version is retrained into $SCAMGRID_HOME rather than trusted.
"""

from __future__ import annotations

import tempfile
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import joblib
import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv
import sklearn
from sklearn.ensemble import HistGradientBoostingClassifier
from threadpoolctl import threadpool_limits

from scamgrid import settings
from scamgrid.detect.cdr import generator, reader
from scamgrid.detect.cdr.engines import Engine
from scamgrid.model.vocabulary import CdrLabel

PACKAGED = Path(__file__).parent / "data" / "model.joblib"
CLASSES = (CdrLabel.NORMAL, CdrLabel.SIM_BOX, CdrLabel.SCAM_DIALLER, CdrLabel.WANGIRI)

# Worlds the packaged model is trained on (evaluation in docs/cdr.md uses other seeds and sizes).
TRAINING_WORLDS = (
    generator.GeneratorConfig(subscribers=30_000, days=14, seed=101),
    generator.GeneratorConfig(
        subscribers=20_000,
        days=10,
        seed=102,
        sim_box_rate=0.01,
        dialler_rate=0.008,
        wangiri_rate=0.004,
        call_centre_rate=0.005,
    ),
    generator.GeneratorConfig(
        subscribers=15_000,
        days=21,
        seed=103,
        sim_box_rate=0.006,
        dialler_rate=0.006,
        wangiri_rate=0.003,
        call_centre_rate=0.004,
        calls_per_day=4.0,
    ),
)


def model_inputs(f: dict[str, np.ndarray]) -> np.ndarray:
    """Features that do not grow with the window or the network's size."""
    window = np.maximum(f["window_days"], 1.0)
    columns = [
        np.log1p(f["calls_per_day"]),
        np.log1p(f["fan_out_per_day"]),
        f["calls_per_callee"],
        f["short_share"],
        f["long_share"],
        np.log1p(f["mean_duration"]),
        f["sms_share"],
        f["night_share"],
        f["office_share"],
        f["hours_active"],
        f["in_share"],
        f["callback_share"],
        f["seq_share"],
        f["age_days"] / window,
        f["span_days"] / window,
        f["active_days"] / window,
        f["cells"],
        f["imeis"],
        f["numbers_per_imei"],
        f["device_share"],
        f["foreign"],
    ]
    return np.column_stack([np.asarray(c, float) for c in columns])


INPUT_NAMES = [
    "log_calls_per_day",
    "log_fan_out_per_day",
    "calls_per_callee",
    "short_share",
    "long_share",
    "log_mean_duration",
    "sms_share",
    "night_share",
    "office_share",
    "hours_active",
    "in_share",
    "callback_share",
    "seq_share",
    "age_frac",
    "span_frac",
    "active_frac",
    "cells",
    "imeis",
    "numbers_per_imei",
    "device_share",
    "foreign",
]


@dataclass
class CdrModel:
    classifier: Any
    metadata: dict[str, Any] = field(default_factory=dict)

    def probabilities(self, f: dict[str, np.ndarray]) -> dict[CdrLabel, np.ndarray]:
        if len(f["n_out"]) == 0:
            return {label: np.zeros(0) for label in CLASSES}
        # One OpenMP thread: on a busy 2-core machine more threads were 5x slower here.
        with threadpool_limits(1):
            proba = self.classifier.predict_proba(model_inputs(f))
        order = [CdrLabel(c) for c in self.classifier.classes_]
        return {label: proba[:, order.index(label)] for label in order}

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        joblib.dump({"classifier": self.classifier, "metadata": self.metadata}, path, compress=3)

    @classmethod
    def load(cls, path: Path) -> CdrModel:
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # another sklearn version: do not trust the pickle
            data = joblib.load(path)
        if data["metadata"].get("sklearn") != sklearn.__version__:
            raise ValueError(f"{path}: trained with scikit-learn {data['metadata'].get('sklearn')}")
        return cls(data["classifier"], data["metadata"])


def user_path() -> Path:
    return settings.home() / "models" / "cdr.joblib"


def labelled_features(
    engine: Engine, config: generator.GeneratorConfig
) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """Generate a world, extract its features and return them with the true labels."""
    with tempfile.TemporaryDirectory(dir=settings.home()) as folder:
        made = generator.write(config, Path(folder))
        table = engine.features(reader.open_source(made.cdr_files[0], "TH"))
        truth = read_truth(made.truth_file)
    f = {name: table.column(name).to_numpy() for name in table.column_names}
    numbers = np.array(["+" + str(x) for x in f["number_id"].tolist()], dtype=object)
    labels = np.array([truth.get(n, CdrLabel.NORMAL.value) for n in numbers], dtype=object)
    return f, labels


def read_truth(path: Path) -> dict[str, str]:
    """number -> label from a truth file (columns number, label)."""
    options = pacsv.ConvertOptions(column_types={"number": pa.string(), "label": pa.string()})
    table = pacsv.read_csv(path, convert_options=options)
    return dict(
        zip(table.column("number").to_pylist(), table.column("label").to_pylist(), strict=True)
    )


def train(
    engine: Engine, worlds: tuple[generator.GeneratorConfig, ...] = TRAINING_WORLDS
) -> CdrModel:
    parts = [labelled_features(engine, w) for w in worlds]
    x = np.vstack([model_inputs(f) for f, _ in parts])
    y = np.concatenate([labels for _, labels in parts])
    classifier = HistGradientBoostingClassifier(
        max_iter=150, learning_rate=0.1, max_leaf_nodes=15, class_weight="balanced", random_state=0
    )
    with threadpool_limits(1):  # see `probabilities`
        classifier.fit(x, y)
    counts = {str(label): int((y == label).sum()) for label in np.unique(y)}
    metadata = {
        "sklearn": sklearn.__version__,
        "inputs": INPUT_NAMES,
        "worlds": [w.__dict__ for w in worlds],
        "examples": counts,
    }
    return CdrModel(classifier, metadata)


def load_default(engine: Engine) -> CdrModel:
    """The user's model, else the packaged one, else (other sklearn) a fresh one, saved."""
    for path in (user_path(), PACKAGED):
        if path.exists():
            try:
                return CdrModel.load(path)
            except (ValueError, Warning, AttributeError, ModuleNotFoundError):
                continue
    model = train(engine)
    model.save(user_path())
    return model
