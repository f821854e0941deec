"""The labelled message sets: reading them, deduplicating across all of them, splitting by hash.

Every message gets a key: the SHA-256 of its text folded to letters, marks and digits (case,
spaces, punctuation and HTML entities dropped), so the same SMS copied between sets, or with
`…` turned into `�`, has one key. A key is held out for testing when its hash falls in the
lowest TEST_PERCENT of the range; the rule depends on the text alone, so a message is held out
from every set it appears in and no held-out text is ever trained on.
"""

from __future__ import annotations

import csv
import hashlib
import html
import io
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from scamgrid.errors import NotFound

TEST_PERCENT = 20  # share of keys held out for evaluation

Reader = Callable[[Path], Iterator[tuple[str, str, str]]]  # -> (text, native label, language)


@dataclass(frozen=True)
class DataSet:
    """One labelled set: where it lives, how to read it, and its labels as model categories."""

    name: str
    folder: str  # under the data folder; "" for the set shipped in this package
    read: Reader
    categories: dict[str, str]  # native label -> category
    public: bool = True


@dataclass(frozen=True)
class Example:
    data_set: str
    text: str
    label: str  # native label of its set
    category: str
    language: str
    key: str

    @property
    def held_out(self) -> bool:
        return is_held_out(self.key)


def message_key(text: str) -> str:
    folded = unicodedata.normalize("NFKC", html.unescape(text)).casefold()
    kept = "".join(c for c in folded if unicodedata.category(c)[0] in "LMN")
    return hashlib.sha256(kept.encode("utf-8")).hexdigest()


def is_held_out(key: str) -> bool:
    return int(key[:8], 16) % 100 < TEST_PERCENT


def _read_uci(folder: Path) -> Iterator[tuple[str, str, str]]:
    with (folder / "SMSSpamCollection").open(encoding="utf-8") as lines:
        for line in lines:
            label, _, text = line.rstrip("\n").partition("\t")
            yield html.unescape(text), label, "en"


def _read_mishra(folder: Path) -> Iterator[tuple[str, str, str]]:
    with (folder / "Dataset_5971.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            yield html.unescape(row["TEXT"]).strip(), row["LABEL"].strip().lower(), "en"


def _read_zh(folder: Path) -> Iterator[tuple[str, str, str]]:
    for number in range(5):
        encoding = "gb18030" if number == 4 else "utf-8"  # label04 is GBK-encoded
        path = folder / f"label{number:02d}-last.csv"
        with path.open(encoding=encoding, newline="") as handle:
            for row in csv.DictReader(handle):
                yield row["content"], f"{number:02d}", "zh"


def _read_thai(folder: Path) -> Iterator[tuple[str, str, str]]:
    for path in sorted((folder / "raw_data").glob("*.txt")):
        with path.open(encoding="utf-8") as lines:
            for line in lines:
                label, bar, text = line.rstrip("\n").partition("|")
                if bar and text.strip():
                    yield text, label.strip(), "th"


def _read_indonesian(folder: Path) -> Iterator[tuple[str, str, str]]:
    with (folder / "dataset_sms_spam_v1.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            yield row["Teks"], row["label"].strip(), "id"


def _read_lures(_: Path) -> Iterator[tuple[str, str, str]]:
    source = resources.files("scamgrid.detect.text") / "data" / "lures.csv"
    for row in csv.DictReader(io.StringIO(source.read_text(encoding="utf-8"))):
        yield row["text"], row["label"], row["language"]


DATA_SETS: tuple[DataSet, ...] = (
    DataSet("uci-sms-spam", "uci-sms-spam", _read_uci, {"ham": "legitimate", "spam": "spam"}),
    DataSet(
        "mishra-smishing",
        "mishra-smishing",
        _read_mishra,
        {"ham": "legitimate", "spam": "spam", "smishing": "phishing"},
    ),
    DataSet(
        "zh-telecom-fraud-5",
        "zh-telecom-fraud-5",
        _read_zh,
        {
            "00": "legitimate",
            "01": "impersonation_authority",
            "02": "loan",
            "03": "impersonation_service",
            "04": "impersonation_acquaintance",
        },
    ),
    DataSet(
        "thai-sms",
        "thai-sms",
        _read_thai,
        {"OK": "legitimate", "OTP": "otp", "spam": "spam", "scam": "scam"},
    ),
    DataSet(
        "indonesian-sms",
        "indonesian-sms",
        _read_indonesian,
        {"0": "legitimate", "1": "scam", "2": "spam"},
    ),
    DataSet(
        "lures-hand-labelled",
        "",
        _read_lures,
        {"legitimate": "legitimate", "fake_job": "fake_job"},
        public=False,
    ),
)

# When one text is in several sets, training takes the label of the most specific set.
TRAINING_PRIORITY = (
    "lures-hand-labelled",
    "zh-telecom-fraud-5",
    "thai-sms",
    "indonesian-sms",
    "mishra-smishing",
    "uci-sms-spam",
)


def data_set(name: str) -> DataSet:
    for candidate in DATA_SETS:
        if candidate.name == name:
            return candidate
    raise NotFound(f"unknown data set {name!r}")


def read(data: DataSet, data_dir: Path) -> list[Example]:
    """One example per distinct key of the set; a key seen with several labels takes the
    label it carries most often (the first of them on a tie)."""
    folder = data_dir / data.folder
    if data.folder and not folder.is_dir():
        raise NotFound(f"data set {data.name} not found at {folder} (set SCAMGRID_DATA_DIR)")
    by_key: dict[str, list[tuple[str, str, str]]] = {}
    for text, label, language in data.read(folder):
        if label not in data.categories:
            continue
        by_key.setdefault(message_key(text), []).append((text, label, language))
    examples = []
    for key, seen in by_key.items():
        label = Counter(item[1] for item in seen).most_common(1)[0][0]
        text, _, language = next(item for item in seen if item[1] == label)
        examples.append(Example(data.name, text, label, data.categories[label], language, key))
    return examples


def read_all(data_dir: Path, names: Iterable[str] | None = None) -> list[Example]:
    wanted = set(names) if names is not None else {d.name for d in DATA_SETS}
    examples: list[Example] = []
    for data in DATA_SETS:
        if data.name in wanted:
            examples.extend(read(data, data_dir))
    return examples


def training_examples(examples: Iterable[Example]) -> list[Example]:
    """The examples training may see: not held out, one per key across all sets."""
    rank = {name: position for position, name in enumerate(TRAINING_PRIORITY)}
    chosen: dict[str, Example] = {}
    for example in sorted(examples, key=lambda e: (rank[e.data_set], e.key)):
        if not example.held_out and example.key not in chosen:
            chosen[example.key] = example
    return sorted(chosen.values(), key=lambda e: e.key)
