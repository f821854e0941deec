"""The seam to the cross-script name-screening library: name scores and blocking keys.

Casework never matches names itself; it asks the screening library (`scamgrid.screening`) for
a similarity of two lists of names and for the keys under which a name is indexed. Until that
library is importable, only names that are identical once case, accents and spacing are folded
match (score 1.0, else 0.0): a conservative stand-in that finds nothing across scripts.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from importlib import import_module
from types import ModuleType


def _library() -> ModuleType | None:
    try:
        return import_module("scamgrid.screening")
    except ImportError:
        return None


LIBRARY = _library()


def _fold(name: str) -> str:
    text = unicodedata.normalize("NFKD", name).casefold()
    return "".join(ch for ch in text if ch.isalnum())


def name_score(a: Sequence[str], b: Sequence[str]) -> tuple[float, str]:
    """Best similarity (0..1) of any name of `a` with any name of `b`, and why."""
    if LIBRARY is not None:
        score, why = LIBRARY.compare_names(list(a), list(b))
        return float(score), str(why)
    same = {_fold(n) for n in a} & {_fold(n) for n in b}
    return (1.0, "identical folded name") if same else (0.0, "no identical name")


def blocking_keys(names: Sequence[str]) -> set[str]:
    """Keys under which names are indexed: two names that may match share at least one."""
    if LIBRARY is not None:
        return set(LIBRARY.blocking_keys(list(names)))
    return {_fold(n) for n in names}
