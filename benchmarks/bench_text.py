"""Text detector throughput: messages per second per core, against TF-IDF + logistic regression.

Both pipelines are trained on the same deterministic sample of the public sets (300 texts per
set and category) and then score the held-out messages of every set, repeated to REPEAT x.
Per-core figures divide by the process's CPU time, so extra threads cannot flatter them.
The first stage is measured alone and with its near-duplicate cascade (which rescores the
uncertain messages only); the cascade's index is built once before timing, as a server would.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline

from scamgrid import settings
from scamgrid.detect.text import classifier, corpus, training
from scamgrid.detect.text.check import Detector
from scamgrid.detect.text.classifier import TextModel

PER_CATEGORY = 300
REPEAT = 3
BATCH = 1000


def _rate(score: Callable[[list[str]], object], texts: list[str]) -> tuple[float, float]:
    """(messages per wall second, messages per CPU second)."""
    wall, cpu = time.perf_counter(), time.process_time()
    for start in range(0, len(texts), BATCH):
        score(texts[start : start + BATCH])
    return len(texts) / (time.perf_counter() - wall), len(texts) / (time.process_time() - cpu)


def _full_model_cascade(texts: list[str]) -> None:
    """The cascade's cost grows with the references: measure the built model's too, if any."""
    path = training.model_path()
    if not path.is_file():
        print(f"    (no model at {path}: the full model's cascade is not measured)")
        return
    model = TextModel.load(path)
    build = time.process_time()
    model.neighbours()
    build = time.process_time() - build
    first = _rate(lambda batch: model.predict(batch, cascade=False), texts)[1]
    cascade = _rate(model.predict, texts)[1]
    print(
        f"  built model ({len(model.reference_texts):,} references, index {build:.2f} s CPU,"
        f" {_in_band(model, texts):.1%} in band): first stage {first:,.0f},"
        f" with the cascade {cascade:,.0f} msg/s/core"
    )


def _in_band(model: TextModel, texts: list[str]) -> float:
    low, high = classifier.NEIGHBOUR_BAND
    scores = model.predict(texts[: len(texts) // REPEAT], cascade=False).score
    return float(((scores >= low) & (scores <= high)).mean())


def main() -> None:
    examples = corpus.read_all(settings.data_dir())
    sample = training.subset(examples, PER_CATEGORY)
    model, trained = training.build(sample)
    baseline = make_pipeline(
        TfidfVectorizer(analyzer="char_wb", ngram_range=(1, 4), sublinear_tf=True),
        LogisticRegression(max_iter=200),
    )
    baseline.fit([e.text for e in trained], [e.category for e in trained])
    texts = [e.text for e in examples if e.held_out] * REPEAT
    mean_chars = sum(map(len, texts)) / len(texts)
    print(f"{len(texts):,} held-out messages (mean {mean_chars:.0f} chars), batches of {BATCH}")

    detector = Detector(model, extract=lambda text, country: [])
    build = time.process_time()
    model.neighbours()
    build = time.process_time() - build
    first_wall, first_cpu = _rate(lambda batch: model.predict(batch, cascade=False), texts)
    cascade_wall, cascade_cpu = _rate(model.predict, texts)
    band = _in_band(model, texts)
    full_wall, full_cpu = _rate(detector.check_many, texts)
    base_wall, base_cpu = _rate(baseline.predict, texts)
    print(f"first stage (n-grams + words hashed, 2 linear heads):  {first_cpu:,.0f} msg/s/core")
    print(
        f"  with the near-duplicate cascade ({band:.1%} in band):     {cascade_cpu:,.0f} msg/s/core"
    )
    print(f"    ({len(model.reference_texts):,} references, index built in {build:.2f} s CPU)")
    _full_model_cascade(texts)
    print(f"  full check (plus evidence, advice for each message):  {full_cpu:,.0f} msg/s/core")
    print(f"  TF-IDF char 1-4 + LogisticRegression (sklearn):       {base_cpu:,.0f} msg/s/core")
    print(
        f"  wall: {first_wall:,.0f} / {cascade_wall:,.0f} / {full_wall:,.0f} / {base_wall:,.0f}"
        " msg/s"
    )
    print(f"ratio first stage / TF-IDF+LR: {first_cpu / base_cpu:.1f}x (goal >= 10,000 msg/s/core)")
