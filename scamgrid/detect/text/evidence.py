"""The phrases of a message that drove its score, cut from the message itself.

Every n-gram of the message is looked up in the flag head's weights (the hasher gives each its
column); the strongest positive ones mark characters, marked runs become phrases (widened to
whole words in scripts that put spaces between words), and the phrases are returned with the
summed weight of the n-grams inside them. Phrases are slices of the message, so they always
occur in it.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from scamgrid.detect.text.features import NgramHasher, normalise

TOP_NGRAMS = 15  # strongest n-grams that mark characters
MIN_N = 2  # single characters carry weight in the model but mean nothing to a reader
MAX_PHRASES = 5
MAX_PHRASE_CHARS = 40
UNSPACED_LANGUAGES = frozenset({"zh"})  # Thai, Burmese, Lao, Khmer space between phrases


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
        if n >= MIN_N and scanned[start : start + n].strip() and weights[column] > 0
    ]
    grams.sort(key=lambda gram: (-gram[0], gram[1], gram[2]))
    marked = np.zeros(len(scanned), dtype=bool)
    for _, start, n in grams[:TOP_NGRAMS]:
        marked[start : start + n] = True
    found: list[Evidence] = []
    for start, end in _runs(marked):
        if language not in UNSPACED_LANGUAGES:
            wide_start, wide_end = _widen_to_words(text, start, end)
            if wide_end - wide_start <= MAX_PHRASE_CHARS:
                start, end = wide_start, wide_end
        start, end = _trim(text, start, min(end, start + MAX_PHRASE_CHARS))
        if end - start >= MIN_N and all(not e.start <= start < end <= e.end for e in found):
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
    """Drop spaces and punctuation at either end (combining marks stay: Thai needs them)."""
    while start < end and _is_edge(text[start]):
        start += 1
    while end > start and _is_edge(text[end - 1]):
        end -= 1
    return start, end


def _is_edge(char: str) -> bool:
    return unicodedata.category(char)[0] in "PZC" or char.isspace()
