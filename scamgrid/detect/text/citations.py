"""What the agencies' reports say about the identifiers in a message, and how that moves the score.

The store offers a look-up `cite(identifier) -> Citation | None`; the detector takes it as a
parameter, so it runs without a store (no citations) and tests pass their own. A cited value is
independent evidence of fraud: each raises the score as score' = 1 - (1 - score)(1 - w), where
w grows with the number of reports.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Protocol

CITATION_BASE = 0.5  # weight of a value reported once
CITATION_STEP = 0.1  # added per doubling of the reports
CITATION_CAP = 0.95  # no single value makes a message certain


class IdentifierLike(Protocol):
    """What the detector needs of `scamgrid.identifiers.Identifier`."""

    @property
    def type(self) -> str: ...
    @property
    def value(self) -> str: ...
    @property
    def raw(self) -> str: ...


@dataclass(frozen=True)
class Citation:
    """How often, and as what, agencies reported one canonical value (never who reported it)."""

    value: str
    type: str
    report_count: int
    fraud_types: tuple[str, ...] = ()  # most reported first
    first_seen: date | None = None
    last_seen: date | None = None

    @property
    def weight(self) -> float:
        if self.report_count < 1:
            return 0.0
        raised = CITATION_BASE + CITATION_STEP * math.log2(self.report_count)
        return min(CITATION_CAP, raised)

    def explain(self) -> str:
        kind = str(self.type).replace("_", " ")
        times = "once" if self.report_count == 1 else f"{self.report_count} times"
        text = f"this {kind} was reported {times}"
        if self.fraud_types:
            text += " as " + " or ".join(self.fraud_types[:2])
        if self.first_seen:
            text += f" since {self.first_seen:%Y-%m}"
        return text


Cite = Callable[[IdentifierLike], "Citation | None"]
Extract = Callable[[str, "str | None"], Sequence[IdentifierLike]]


def raised_score(score: float, citations: Sequence[Citation]) -> float:
    remaining = 1.0 - score
    for citation in citations:
        remaining *= 1.0 - citation.weight
    return 1.0 - remaining


def default_extract() -> Extract | None:
    """`scamgrid.identifiers.extract` where that module is installed, else None."""
    try:
        from scamgrid.identifiers import extract  # type: ignore[attr-defined,unused-ignore]
    except ImportError:
        return None
    found: Extract = extract
    return found
