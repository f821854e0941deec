"""Interpretable rules: per label, a declared list of weighted tests over the features.

Each rule returns, per number, whether it fired; a label's rule score is the weighted share of
its rules that fired, less the weight of the legitimate-traffic rules that fired (call centres,
hospitals and delivery firms call many people too, but in office hours, from long-lived lines,
and people call them back). Every threshold is a named field of `Thresholds`, documented in
docs/cdr.md; `explain` turns the fired rules into the human-readable reasons.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from scamgrid.model.vocabulary import CdrLabel

Features = dict[str, np.ndarray]


@dataclass(frozen=True)
class Thresholds:
    high_fan_out_per_day: float = 30.0  # distinct callees a day that no person reaches
    shared_imei_numbers: int = 5  # numbers on one IMEI: a SIM bank, not a dual-SIM phone
    static_cells: int = 2  # at most this many cells: the device never moves
    outgoing_only_in_share: float = 0.1  # incoming share at or below: nobody calls this number
    no_callbacks_share: float = 0.1  # callees calling back at or below this share
    some_callbacks_share: float = 0.01  # wangiri lures at least a few callbacks
    short_call_share: float = 0.3  # share of very short voice calls (rejected or hung up)
    one_ring_share: float = 0.8  # nearly every call is a one-ring call
    one_ring_mean_s: float = 5.0  # mean voice duration of a one-ring caller
    long_call_share: float = 0.03  # some victims stay on the line
    sequential_share: float = 0.2  # callees in ascending number runs
    night_share: float = 0.05  # share of calls at local night
    new_sim_days: float = 1.0  # first seen this many days after the window opened
    office_only_share: float = 0.9  # office hours on weekdays: an organisation's line
    long_lived_share: float = 0.8  # active over this share of the window
    callback_share: float = 0.15  # customers call back at least this share


DEFAULT = Thresholds()


@dataclass(frozen=True)
class Rule:
    name: str
    label: CdrLabel | None  # None: evidence of legitimate traffic (subtracted)
    weight: float
    test: Callable[[Features, Thresholds], np.ndarray]
    reason: Callable[[Features, int], str]


def _new_sim(f: Features, t: Thresholds) -> np.ndarray:
    return f["window_days"] - f["age_days"] >= t.new_sim_days


RULES: tuple[Rule, ...] = (
    # SIM boxes
    Rule(
        "shared_imei",
        CdrLabel.SIM_BOX,
        3.0,
        lambda f, t: f["numbers_per_imei"] >= t.shared_imei_numbers,
        lambda f, i: f"its IMEI carries {int(f['numbers_per_imei'][i])} numbers (SIM bank)",
    ),
    Rule(
        "static_device",
        CdrLabel.SIM_BOX,
        1.0,
        lambda f, t: (f["cells"] >= 1) & (f["cells"] <= t.static_cells),
        lambda f, i: f"never moves: {int(f['cells'][i])} cell(s)",
    ),
    Rule(
        "mass_fan_out",
        CdrLabel.SIM_BOX,
        1.5,
        lambda f, t: f["fan_out_per_day"] >= t.high_fan_out_per_day,
        lambda f, i: f"calls {f['fan_out_per_day'][i]:.0f} different numbers a day",
    ),
    Rule(
        "outgoing_only",
        CdrLabel.SIM_BOX,
        1.0,
        lambda f, t: f["in_share"] <= t.outgoing_only_in_share,
        lambda f, i: f"almost never called ({f['in_share'][i]:.0%} of traffic incoming)",
    ),
    Rule(
        "round_the_clock",
        CdrLabel.SIM_BOX,
        1.0,
        lambda f, t: (f["night_share"] >= t.night_share) & (f["sms_share"] == 0),
        lambda f, i: f"voice only, {f['night_share'][i]:.0%} of calls at night",
    ),
    Rule(
        "new_sim",
        CdrLabel.SIM_BOX,
        0.5,
        _new_sim,
        lambda f, i: f"new SIM: first seen {f['window_days'][i] - f['age_days'][i]:.0f} days in",
    ),
    # Scam diallers
    Rule(
        "mass_fan_out",
        CdrLabel.SCAM_DIALLER,
        1.5,
        lambda f, t: f["fan_out_per_day"] >= t.high_fan_out_per_day,
        lambda f, i: f"calls {f['fan_out_per_day'][i]:.0f} different numbers a day",
    ),
    Rule(
        "sequential_callees",
        CdrLabel.SCAM_DIALLER,
        2.0,
        lambda f, t: f["seq_share"] >= t.sequential_share,
        lambda f, i: f"{f['seq_share'][i]:.0%} of callees in ascending number runs",
    ),
    Rule(
        "short_calls",
        CdrLabel.SCAM_DIALLER,
        1.5,
        lambda f, t: (
            (f["short_share"] >= t.short_call_share) & (f["long_share"] >= t.long_call_share)
        ),
        lambda f, i: (
            f"{f['short_share'][i]:.0%} of calls under 10 s yet {f['long_share'][i]:.0%}"
            " over 5 min (victims kept on the line)"
        ),
    ),
    Rule(
        "no_callbacks",
        CdrLabel.SCAM_DIALLER,
        1.0,
        lambda f, t: (
            (f["callback_share"] <= t.no_callbacks_share)
            & (f["in_share"] <= t.outgoing_only_in_share)
        ),
        lambda f, i: f"only {f['callback_share'][i]:.0%} of callees call back",
    ),
    Rule(
        "new_sim",
        CdrLabel.SCAM_DIALLER,
        0.5,
        _new_sim,
        lambda f, i: f"new SIM: first seen {f['window_days'][i] - f['age_days'][i]:.0f} days in",
    ),
    Rule(
        "foreign_origin",
        CdrLabel.SCAM_DIALLER,
        0.5,
        lambda f, t: f["foreign"] == 1,
        lambda f, i: "foreign number calling into the country",
    ),
    # Wangiri
    Rule(
        "one_ring",
        CdrLabel.WANGIRI,
        3.0,
        lambda f, t: (
            (f["short_share"] >= t.one_ring_share) & (f["mean_duration"] <= t.one_ring_mean_s)
        ),
        lambda f, i: (
            f"{f['short_share'][i]:.0%} one-ring calls (mean {f['mean_duration'][i]:.1f} s)"
        ),
    ),
    Rule(
        "foreign_origin",
        CdrLabel.WANGIRI,
        1.5,
        lambda f, t: f["foreign"] == 1,
        lambda f, i: "foreign number calling into the country",
    ),
    Rule(
        "mass_fan_out",
        CdrLabel.WANGIRI,
        1.0,
        lambda f, t: f["fan_out_per_day"] >= t.high_fan_out_per_day,
        lambda f, i: f"rings {f['fan_out_per_day'][i]:.0f} different numbers a day",
    ),
    Rule(
        "lured_callbacks",
        CdrLabel.WANGIRI,
        1.0,
        lambda f, t: f["callback_share"] >= t.some_callbacks_share,
        lambda f, i: f"{f['callback_share'][i]:.0%} of those rung called back",
    ),
    # Legitimate high-volume traffic (subtracted from every label)
    Rule(
        "office_hours",
        None,
        2.0,
        lambda f, t: f["office_share"] >= t.office_only_share,
        lambda f, i: f"{f['office_share'][i]:.0%} of calls in weekday office hours",
    ),
    Rule(
        "long_lived",
        None,
        1.0,
        lambda f, t: (f["span_days"] >= t.long_lived_share * f["window_days"]) & ~_new_sim(f, t),
        lambda f, i: f"active across {f['span_days'][i]:.0f} of {f['window_days'][i]:.0f} days",
    ),
    Rule(
        "called_back",
        None,
        2.0,
        lambda f, t: f["callback_share"] >= t.callback_share,
        lambda f, i: f"{f['callback_share'][i]:.0%} of callees call back",
    ),
)

FRAUD_LABELS = (CdrLabel.SIM_BOX, CdrLabel.SCAM_DIALLER, CdrLabel.WANGIRI)


@dataclass
class RuleResult:
    fired: dict[int, np.ndarray]  # rule index -> bool per number
    scores: dict[CdrLabel, np.ndarray]  # label -> rule score in [0, 1]


def evaluate(f: Features, thresholds: Thresholds = DEFAULT) -> RuleResult:
    fired = {i: np.asarray(rule.test(f, thresholds), bool) for i, rule in enumerate(RULES)}
    legit = sum(
        (RULES[i].weight * fired[i] for i in fired if RULES[i].label is None),
        np.zeros(len(f["n_out"])),
    )
    legit_total = sum(r.weight for r in RULES if r.label is None)
    scores: dict[CdrLabel, np.ndarray] = {}
    for label in FRAUD_LABELS:
        mine = [i for i, r in enumerate(RULES) if r.label == label]
        total = sum(RULES[i].weight for i in mine)
        got = sum((RULES[i].weight * fired[i] for i in mine), np.zeros(len(f["n_out"])))
        scores[label] = np.clip(got / total - legit / legit_total, 0.0, 1.0)
    return RuleResult(fired, scores)


def explain(result: RuleResult, f: Features, index: int, label: CdrLabel) -> list[str]:
    """Reasons for one number: the fired rules of its label, then legitimate-traffic evidence."""
    reasons = [
        rule.reason(f, index)
        for i, rule in enumerate(RULES)
        if rule.label == label and result.fired[i][index]
    ]
    reasons += [
        "but " + rule.reason(f, index)
        for i, rule in enumerate(RULES)
        if rule.label is None and result.fired[i][index]
    ]
    return reasons
