"""How well syndicate detection recovers a ground truth (the demo world's, or any CSV of
`report_id,syndicate_id`): the adjusted Rand index over the reports both sides know; and how
well key figures tie planted persons to their syndicates (`ref,role,syndicates`)."""

from __future__ import annotations

import csv
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from sklearn.metrics import adjusted_rand_score

from scamgrid.errors import InvalidInput
from scamgrid.graph import money
from scamgrid.graph.syndicates import Detection


@dataclass
class PersonScore:
    recall: float  # planted (person, syndicate) ties found
    precision: float  # ties found that are planted
    planted: int
    found: int
    correct: int
    persons: int  # planted persons the viewer sees


@dataclass
class SyndicateScore:
    adjusted_rand_index: float
    reports: int  # reports in both the truth and the viewer's graph
    missing: int  # reports of the truth the viewer does not see
    true_syndicates: int
    found_syndicates: int
    hubs: list[str]
    persons: PersonScore | None = None


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


@dataclass
class MoneyScore:
    recall: float
    precision: float
    planted: int  # planted paths from a victim's payment to a cash-out point
    recovered: int  # paths to a cash-out point the traces found
    correct: int
    reports: int  # victims traced


def read_money_truth(path: Path) -> dict[str, set[tuple[str, ...]]]:
    planted: dict[str, set[tuple[str, ...]]] = {}
    with path.open(newline="") as handle:
        rows = csv.DictReader(handle)
        if not rows.fieldnames or not {"report_id", "txn_ids"} <= set(rows.fieldnames):
            raise InvalidInput(f"{path}: needs the columns report_id and txn_ids")
        for number, row in enumerate(rows, start=2):
            report, txns = (row["report_id"] or "").strip(), (row["txn_ids"] or "").split()
            if not report or not txns:
                raise InvalidInput(
                    f"{path}, row {number}, field {'report_id' if not report else 'txn_ids'}: empty"
                )
            planted.setdefault(report, set()).add(tuple(txns))
    return planted


def score_money(
    ledger: money.Ledger, planted: dict[str, set[tuple[str, ...]]], params: money.MoneyParams
) -> MoneyScore:
    """Trace every victim of the truth forward; compare the cash-out paths found with it."""
    recovered: set[tuple[str, tuple[str, ...]]] = set()
    for report in sorted(planted):
        if report not in ledger.by_report:
            continue
        trace = money.trace_forward(ledger, report, params)
        recovered |= {(report, t.txn_ids) for t in trace.trails if t.cash_out}
    truth = {(r, path) for r, paths in planted.items() for path in paths}
    correct = len(truth & recovered)
    return MoneyScore(
        recall=round(correct / len(truth), 4) if truth else 0.0,
        precision=round(correct / len(recovered), 4) if recovered else 0.0,
        planted=len(truth),
        recovered=len(recovered),
        correct=correct,
        reports=len(planted),
    )


def read_person_truth(path: Path) -> dict[str, set[str]]:
    """`ref,role,syndicates` (space-separated true syndicate ids) -> {ref: syndicates}."""
    planted: dict[str, set[str]] = {}
    with path.open(newline="") as handle:
        rows = csv.DictReader(handle)
        if not rows.fieldnames or not {"ref", "syndicates"} <= set(rows.fieldnames):
            raise InvalidInput(f"{path}: needs the columns ref and syndicates")
        for number, row in enumerate(rows, start=2):
            ref = (row["ref"] or "").strip()
            if not ref:
                raise InvalidInput(f"{path}, row {number}, field ref: empty")
            planted[ref] = set((row["syndicates"] or "").split())
    return planted


def score_persons(
    ties: dict[str, list[str]],
    detection: Detection,
    truth: dict[str, str],
    planted: dict[str, set[str]],
) -> PersonScore:
    """Each found syndicate stands for the true syndicate most of its reports belong to; a
    person's found ties are then compared with its planted ones."""
    meaning: dict[str, str] = {}
    for syndicate in detection.syndicates:
        votes = Counter(truth[r] for r in syndicate.reports if r in truth)
        if votes:
            meaning[syndicate.id] = votes.most_common(1)[0][0]
    seen = {ref: ties[f"person:{ref}"] for ref in planted if f"person:{ref}" in ties}
    expected = {(ref, s) for ref in seen for s in planted[ref]}
    found = {(ref, meaning[s]) for ref, found in seen.items() for s in found if s in meaning}
    correct = len(expected & found)
    return PersonScore(
        recall=round(correct / len(expected), 4) if expected else 0.0,
        precision=round(correct / len(found), 4) if found else 0.0,
        planted=len(expected),
        found=len(found),
        correct=correct,
        persons=len(seen),
    )
