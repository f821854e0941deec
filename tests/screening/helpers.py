"""One-line helpers: the name score of two names."""

from __future__ import annotations

from scamgrid.screening import compare_names

SAME = 0.9  # two forms of one name score at least this
DIFFERENT = 0.75  # two different names score below this


def score(a: str, b: str) -> float:
    return compare_names([a], [b])[0]


def why(a: str, b: str) -> str:
    return compare_names([a], [b])[1]
