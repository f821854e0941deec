"""How well syndicate detection recovers a ground truth (the demo world's, or any CSV of
`report_id,syndicate_id`): the adjusted Rand index over the reports both sides know."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from sklearn.metrics import adjusted_rand_score

from scamgrid.errors import InvalidInput
from scamgrid.graph.syndicates import Detection


@dataclass
class SyndicateScore:
    adjusted_rand_index: float
    reports: int  # reports in both the truth and the viewer's graph
    missing: int  # reports of the truth the viewer does not see
    true_syndicates: int
    found_syndicates: int
    hubs: list[str]


def read_truth(path: Path) -> dict[str, str]:
    truth: dict[str, str] = {}
    with path.open(newline="") as handle:
        rows = csv.DictReader(handle)
        if not rows.fieldnames or not {"report_id", "syndicate_id"} <= set(rows.fieldnames):
            raise InvalidInput(f"{path}: needs the columns report_id and syndicate_id")
        for number, row in enumerate(rows, start=2):
            report, syndicate = (
                (row["report_id"] or "").strip(),
                (row["syndicate_id"] or "").strip(),
            )
            if not report or not syndicate:
                field = "report_id" if not report else "syndicate_id"
                raise InvalidInput(f"{path}, row {number}, field {field}: empty")
            truth[report] = syndicate
    return truth


def score(detection: Detection, truth: dict[str, str]) -> SyndicateScore:
    found = {r: s.id for s in detection.syndicates for r in s.reports}
    common = sorted(r for r in truth if r in found)
    ari = adjusted_rand_score([truth[r] for r in common], [found[r] for r in common])
    return SyndicateScore(
        adjusted_rand_index=round(float(ari), 4) if common else 0.0,
        reports=len(common),
        missing=len(truth) - len(common),
        true_syndicates=len({truth[r] for r in common}),
        found_syndicates=len({found[r] for r in common}),
        hubs=[f"{h.type}:{h.value}" for h in detection.hubs],
    )
