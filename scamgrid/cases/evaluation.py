"""How well batch screening finds planted wanted persons: recall and precision, by subset.

The truth file (written by the demo) names, per batch row, the watch-list entry the person is
(`wanted_entry`, empty for everyone else) and whether that entry names them only in another
script (`other_script`). A row counts as found when screening classified it `wanted`; as
correct when the best wanted evidence is that very entry.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson
from sqlalchemy import select
from sqlalchemy.orm import Session

from scamgrid.cases import repatriation
from scamgrid.cases.tables import Returnee
from scamgrid.errors import InvalidInput
from scamgrid.store.visibility import Viewer


@dataclass
class Figures:
    planted: int
    flagged: int
    found: int
    correct_flags: int

    @property
    def recall(self) -> float:
        return self.found / self.planted if self.planted else 1.0

    @property
    def precision(self) -> float:
        return self.correct_flags / self.flagged if self.flagged else 1.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "planted": self.planted,
            "flagged": self.flagged,
            "found": self.found,
            "recall": round(self.recall, 4),
            "precision": round(self.precision, 4),
        }


def _truth(path: Path) -> dict[int, dict[str, str]]:
    if not path.is_file():
        raise InvalidInput(f"{path}: no such file")
    with path.open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    if not rows or not {"row", "wanted_entry"} <= set(rows[0]):
        raise InvalidInput(f"{path}: a truth file needs columns row and wanted_entry")
    return {int(r["row"]): r for r in rows}


def evaluate(session: Session, viewer: Viewer, reference: str, truth_path: Path) -> dict[str, Any]:
    batch = repatriation.get(session, viewer, reference)
    truth = _truth(truth_path)
    verdicts = {
        row: (cls, orjson.loads(evidence))
        for row, cls, evidence in session.execute(
            select(Returnee.row, Returnee.classification, Returnee.evidence).where(
                Returnee.batch_id == batch.id
            )
        )
    }
    subsets: dict[str, Figures] = {k: Figures(0, 0, 0, 0) for k in ("all", "other_script")}
    for row, (verdict, evidence) in verdicts.items():
        expected = truth.get(row, {}).get("wanted_entry", "")
        flagged = verdict == "wanted"
        best = next((e["ref"] for e in evidence if e["kind"] == "watchlist"), "")
        right = bool(expected) and best.endswith(f"/{expected}")
        keys = ["all"]
        if truth.get(row, {}).get("other_script") == "1":
            keys.append("other_script")
        for key in keys:
            figures = subsets[key]
            figures.planted += bool(expected)
            figures.flagged += flagged
            figures.found += flagged and bool(expected)
            figures.correct_flags += flagged and right
    return {
        "batch": reference,
        "people": len(verdicts),
        **{k: v.as_dict() for k, v in subsets.items()},
    }
