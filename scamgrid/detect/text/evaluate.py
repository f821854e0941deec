"""Scores of a text model on the held-out split of every set, beside the published figures.

Each set is scored on its own labels: the model's flag head decides legitimate or not, and the
category head picks, among the set's own categories on that side, the best one. Binary figures
count "flagged" (spam, scam or lure) as positive; sets that tell fraud from spam are also scored
on fraud alone. The hand-labelled lure set is reported apart from the public sets.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field

import numpy as np

from scamgrid.detect.text import categories, language
from scamgrid.detect.text.classifier import TextModel
from scamgrid.detect.text.corpus import DATA_SETS, Example, data_set


@dataclass(frozen=True)
class Published:
    metric: str  # which of our figures it compares with
    value: float | None
    source: str


# From each set's SOURCE.md.
PUBLISHED: dict[str, Published] = {
    "uci-sms-spam": Published(
        "accuracy", 0.9764, "linear SVM, Almeida et al. 2011, own split (spam recall 0.831)"
    ),
    "mishra-smishing": Published(
        "accuracy", None, "0.96-0.99 accuracy with BERT-family models on random splits (unverified)"
    ),
    "zh-telecom-fraud-5": Published(
        "macro_f1", 0.981, "RoBERTa-MHARC, Li et al. 2024, on the authors' 12,506-item version"
    ),
    "thai-sms": Published(
        "accuracy", 0.896, "dense net on TF-IDF, repository training log, split undocumented"
    ),
    "indonesian-sms": Published(
        "accuracy", 0.917, "TF-IDF + multinomial NB, community notebook (no paper)"
    ),
    "lures-hand-labelled": Published("accuracy", None, "none: written for scamgrid's tests"),
}

NO_PUBLIC_DATA = {
    "my": "no public labelled data; only the hand-labelled lure set",
    "lo": "no public labelled data",
    "km": "no public labelled data",
    "vi": "no public labelled data",
}


@dataclass(frozen=True)
class Binary:
    precision: float
    recall: float
    f1: float
    positives: int

    @classmethod
    def of(cls, truth: list[bool], predicted: list[bool]) -> Binary:
        hits = sum(1 for t, p in zip(truth, predicted, strict=True) if t and p)
        said, real = sum(predicted), sum(truth)
        precision = hits / said if said else 0.0
        recall = hits / real if real else 0.0
        f1 = 2 * hits / (said + real) if said + real else 0.0
        return cls(round(precision, 4), round(recall, 4), round(f1, 4), real)


@dataclass(frozen=True)
class SetScore:
    data_set: str
    public: bool
    examples: int
    accuracy: float
    macro_f1: float
    flagged: Binary  # spam, scam or lure against legitimate
    fraud: Binary | None  # scam or lure against the rest, where the set tells them apart
    per_label: dict[str, Binary]
    language_accuracy: float  # how often the language detector named the set's language
    published: Published
    confusion: dict[str, dict[str, int]] = field(default_factory=dict)


@dataclass(frozen=True)
class LanguageScore:
    language: str
    examples: int
    flagged: Binary | None
    note: str


@dataclass(frozen=True)
class Report:
    sets: list[SetScore]
    languages: list[LanguageScore]
    model: dict[str, object]
    trained_on_held_out: int  # held-out texts whose key the model was trained on: must be 0

    def to_dict(self) -> dict[str, object]:
        return asdict(self)


def evaluate(model: TextModel, examples: list[Example]) -> Report:
    held_out = [e for e in examples if e.held_out]
    trained = set(model.training_keys.tolist())
    leaked = sum(1 for e in held_out if int(e.key[:16], 16) in trained)
    scores: list[SetScore] = []
    per_language: dict[str, tuple[list[bool], list[bool]]] = {}
    for data in DATA_SETS:
        mine = [e for e in held_out if e.data_set == data.name]
        if not mine:
            continue
        predicted = native_predictions(model, data.name, [e.text for e in mine])
        truth = [e.label for e in mine]
        scores.append(_score_set(data.name, data.public, mine, truth, predicted))
        if data.public:
            for example, guess in zip(mine, predicted, strict=True):
                truths, guesses = per_language.setdefault(example.language, ([], []))
                truths.append(categories.is_flagged(example.category))
                guesses.append(categories.is_flagged(data.categories[guess]))
    languages = [
        LanguageScore(code, len(t), Binary.of(t, g), "public held-out splits")
        for code, (t, g) in sorted(per_language.items())
    ]
    languages += [
        LanguageScore(code, 0, None, note)
        for code, note in NO_PUBLIC_DATA.items()
        if code not in per_language
    ]
    return Report(scores, languages, dict(model.metadata), leaked)


def native_predictions(model: TextModel, set_name: str, texts: list[str]) -> list[str]:
    """The model's guesses in the set's own labels."""
    data = data_set(set_name)
    reading = model.predict(texts)
    own = {c: label for label, c in data.categories.items()}
    columns = [i for i, c in enumerate(model.categories) if c in own]
    guesses = []
    for row, flagged in enumerate(reading.flagged):
        side = [i for i in columns if categories.is_flagged(model.categories[i]) == flagged]
        side = side or columns  # the set has no label on that side: take its best overall
        best = max(side, key=lambda i: reading.margins[row, i])
        guesses.append(own[model.categories[best]])
    return guesses


def _score_set(
    name: str, public: bool, examples: list[Example], truth: list[str], predicted: list[str]
) -> SetScore:
    data = data_set(name)
    labels = sorted(data.categories)
    per_label = {
        label: Binary.of([t == label for t in truth], [p == label for p in predicted])
        for label in labels
    }
    present = [label for label in labels if per_label[label].positives]
    macro = float(np.mean([per_label[label].f1 for label in present])) if present else 0.0
    flag_truth = [categories.is_flagged(data.categories[t]) for t in truth]
    flag_guess = [categories.is_flagged(data.categories[p]) for p in predicted]
    tells_fraud = any(categories.is_fraud(c) for c in data.categories.values()) and any(
        not categories.is_fraud(c) and categories.is_flagged(c) for c in data.categories.values()
    )
    fraud = None
    if tells_fraud:
        fraud = Binary.of(
            [categories.is_fraud(data.categories[t]) for t in truth],
            [categories.is_fraud(data.categories[p]) for p in predicted],
        )
    detected = Counter(language.detect(e.text) == e.language for e in examples)
    confusion: dict[str, dict[str, int]] = {t: {} for t in labels}
    for t, p in zip(truth, predicted, strict=True):
        confusion[t][p] = confusion[t].get(p, 0) + 1
    return SetScore(
        data_set=name,
        public=public,
        examples=len(examples),
        accuracy=round(sum(t == p for t, p in zip(truth, predicted, strict=True)) / len(truth), 4),
        macro_f1=round(macro, 4),
        flagged=Binary.of(flag_truth, flag_guess),
        fraud=fraud,
        per_label=per_label,
        language_accuracy=round(detected[True] / len(examples), 4),
        published=PUBLISHED[name],
        confusion=confusion,
    )
