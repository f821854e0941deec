"""How well names are found across scripts: recall at 1 and at 10 per script pair.

Each `NamePair` is a name as a list writes it (`query`, e.g. in Chinese characters) and the
same person's name as their passport writes it (`target`), labelled with its script pair
(`han -> latin`). Per label, every query is ranked against every distinct target of that label
(the gallery: the names it could be confused with), once by the screening library and once by
a plain fuzzy-string baseline (rapidfuzz's `fuzz.ratio` on the raw strings), in the same run.
A query counts as found at k when fewer than k other gallery names score at least as high as
its own target: ties count against it (`Aung Kyaw` and `Kyaw Aung` are different people that a
token-set comparison cannot tell apart).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz, process

from scamgrid.errors import InvalidInput
from scamgrid.screening.compare import compare_names

KS = (1, 10)
COLUMNS = ("query", "target", "pair")


@dataclass(frozen=True)
class NamePair:
    query: str
    target: str
    pair: str  # script pair label, e.g. "han -> latin"


def parse_pairs(rows: Iterable[Mapping[str, str | None]], where: str) -> list[NamePair]:
    """Pairs from CSV rows (query, target, pair); a bad row is refused naming row and field."""
    pairs = []
    for number, row in enumerate(rows, start=2):
        values = {c: (row.get(c) or "").strip() for c in COLUMNS}
        for column, value in values.items():
            if not value:
                raise InvalidInput(
                    f"{where}, row {number}, field {column}: required", row=number, field=column
                )
        pairs.append(NamePair(values["query"], values["target"], values["pair"]))
    return pairs


def _rank(scores: Sequence[float], truth: int) -> int:
    """1 + how many other gallery names score at least as high as the true one."""
    mine = scores[truth]
    return 1 + sum(1 for i, s in enumerate(scores) if i != truth and s >= mine)


def _library_scores(query: str, gallery: Sequence[str]) -> list[float]:
    return [compare_names([query], [name])[0] for name in gallery]


def _recalls(ranks: Sequence[int]) -> dict[str, float]:
    return {f"recall@{k}": round(sum(r <= k for r in ranks) / len(ranks), 4) for k in KS}


def evaluate(
    pairs: Iterable[NamePair],
    scorer: Callable[[str, Sequence[str]], list[float]] = _library_scores,
) -> dict[str, dict[str, Any]]:
    """Per script pair: distinct pairs, gallery size, recall at 1 and 10 for the library and
    for the baseline, measured on the same queries and galleries."""
    by_label: dict[str, list[NamePair]] = defaultdict(list)
    for pair in dict.fromkeys(pairs):  # distinct, in order
        by_label[pair.pair].append(pair)
    report: dict[str, dict[str, Any]] = {}
    for label, found in sorted(by_label.items()):
        gallery = list(dict.fromkeys(p.target for p in found))
        position = {name: i for i, name in enumerate(gallery)}
        baseline = process.cdist([p.query for p in found], gallery, scorer=fuzz.ratio)
        ours, theirs = [], []
        for row, pair in enumerate(found):
            truth = position[pair.target]
            ours.append(_rank(scorer(pair.query, gallery), truth))
            theirs.append(_rank([float(s) for s in baseline[row]], truth))
        report[label] = {
            "pairs": len(found),
            "gallery": len(gallery),
            "screening": _recalls(ours),
            "baseline": _recalls(theirs),
        }
    return report
