"""The phrases of a message that drove its score, cut from the message itself.

Every n-gram of the message is looked up in the flag head's weights (the hasher gives each its
column); the strongest positive ones mark characters, marked runs become phrases (widened to
whole words in scripts that put spaces between words), and the phrases are returned with the
summed weight of the n-grams inside them. Phrases are slices of the message, so they always
occur in it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from scamgrid.detect.text.features import NgramHasher, normalise

TOP_NGRAMS = 15  # strongest n-grams that mark characters
MAX_PHRASES = 5
MAX_PHRASE_CHARS = 40
SPACED_LANGUAGES = frozenset({"en", "id", "vi"})


@dataclass(frozen=True)
class Evidence:
    phrase: str
    start: int  # offset in the message
    end: int
    weight: float


def phrases(
    text: str, hasher: NgramHasher, weights: npt.NDArray[np.float32], language: str
) -> list[Evidence]:
    scanned = normalise(text[: hasher.max_chars])
    grams = [
        (float(weights[column]), start, n)
        for start, n, column in hasher.columns(scanned)
        if scanned[start : start + n].strip() and weights[column] > 0
    ]
    grams.sort(key=lambda gram: (-gram[0], gram[1], gram[2]))
    marked = np.zeros(len(scanned), dtype=bool)
    for _, start, n in grams[:TOP_NGRAMS]:
        marked[start : start + n] = True
    found = []
    for start, end in _runs(marked):
        if language in SPACED_LANGUAGES:
            start, end = _widen_to_words(text, start, end)
        start, end = _trim(text, start, min(end, start + MAX_PHRASE_CHARS))
        if start < end:
            weight = sum(w for w, s, n in grams if s >= start and s + n <= end)
            found.append(Evidence(text[start:end], start, end, round(weight, 3)))
    found.sort(key=lambda e: (-e.weight, e.start))
    return found[:MAX_PHRASES]


def _runs(marked: npt.NDArray[np.bool_]) -> list[tuple[int, int]]:
    runs: list[tuple[int, int]] = []
    start = None
    for index, on in enumerate([*marked.tolist(), False]):
        if on and start is None:
            start = index
        elif not on and start is not None:
            runs.append((start, index))
            start = None
    return runs


def _widen_to_words(text: str, start: int, end: int) -> tuple[int, int]:
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    return start, end


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and not text[start].isalnum():
        start += 1
    while end > start and not text[end - 1].isalnum():
        end -= 1
    return start, end
