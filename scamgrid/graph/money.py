"""Money trails: follow funds hop by hop, in time order, with amounts conserved.

Forward, from a victim's payment (a report id) or an account: funds that reach an account at
time t leave it by transfers from that account within `SCAMGRID_MONEY_WINDOW_HOURS` after t,
in the same currency. Which ones: the fewest transfers, earliest first, whose amounts add up to
what arrived, less at most `SCAMGRID_MONEY_TOLERANCE` (fees, a mule's commission): a split into
similar amounts, a peel (most onward, a slice to an exchange), or a plain forward. When no set
adds up, funds were pooled with other money: they follow the first later transfer at least as
large (a merge), carrying only the traced amount. A trail ends at a cash-out point (an identifier
labelled `exchange` or `otc`), where funds stop moving, or after `MAX_HOPS`.

Backward, from a mule account: each transfer into it is traced to the transfer into its sender
that funded it (the latest earlier one, within the window, large enough, or a set that adds up),
until a victim's payment (a transfer tied to a report) is reached.

Pure: takes `Transfer` values, returns `Trail` values.
"""

from __future__ import annotations

import heapq
from bisect import bisect_left, bisect_right
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from itertools import combinations

from scamgrid import settings
from scamgrid.errors import InvalidInput
from scamgrid.model.vocabulary import IndicatorLabelKind

CASH_OUT = frozenset({IndicatorLabelKind.EXCHANGE.value, IndicatorLabelKind.OTC.value})
MAX_HOPS = 12
MAX_CANDIDATES = 12  # onward transfers considered at each hop
MAX_SPLIT = 4  # most transfers one receipt is split into
SPLIT_COST = 0.005  # shortfall share one more transfer in a split must explain to be taken


@dataclass(frozen=True, slots=True)
class Transfer:
    txn_id: str
    at: datetime
    amount: float
    currency: str
    source: str  # "type:value"
    target: str
    rail: str
    reference: str = ""
    report_id: str | None = None  # the victim report this payment belongs to
    agency: str = ""


@dataclass(frozen=True, slots=True)
class Hop:
    transfer: Transfer
    traced: float  # how much of the victim's money this transfer carries


@dataclass
class Trail:
    hops: list[Hop]
    end: str  # where the funds are at the end
    cash_out: str | None  # "exchange" / "otc" when the end is a cash-out point
    amount: float  # traced amount arriving at the end

    @property
    def txn_ids(self) -> tuple[str, ...]:
        return tuple(h.transfer.txn_id for h in self.hops)


@dataclass
class Trace:
    start: str
    direction: str
    trails: list[Trail] = field(default_factory=list)
    victims: list[str] = field(default_factory=list)  # backward: reports reached
    cashed_out: dict[str, float] = field(default_factory=dict)  # forward: per currency


@dataclass(frozen=True)
class MoneyParams:
    tolerance: float = 0.1
    window: timedelta = timedelta(hours=72)

    @classmethod
    def from_settings(cls) -> MoneyParams:
        try:
            tolerance = float(settings.MONEY_TOLERANCE.get())
            hours = float(settings.MONEY_WINDOW_HOURS.get())
        except ValueError as error:
            raise InvalidInput(f"money settings: {error}") from None
        if not 0 <= tolerance < 1 or hours <= 0:
            raise InvalidInput("money settings: tolerance in [0, 1), window hours > 0")
        return cls(tolerance, timedelta(hours=hours))


class Ledger:
    """Transfers indexed by sender and by receiver, each in time order."""

    def __init__(self, transfers: list[Transfer], labels: dict[str, set[str]]) -> None:
        self.labels = labels
        self.out: dict[str, list[Transfer]] = defaultdict(list)
        self.into: dict[str, list[Transfer]] = defaultdict(list)
        for t in sorted(transfers, key=lambda t: (t.at, t.txn_id)):
            self.out[t.source].append(t)
            self.into[t.target].append(t)
        self.out_times = {k: [t.at for t in v] for k, v in self.out.items()}
        self.into_times = {k: [t.at for t in v] for k, v in self.into.items()}
        self.by_report: dict[str, list[Transfer]] = defaultdict(list)
        for t in transfers:
            if t.report_id:
                self.by_report[t.report_id].append(t)

    def cash_out(self, account: str) -> str | None:
        found = sorted(self.labels.get(account, set()) & CASH_OUT)
        return found[0] if found else None

    def onward(self, hop: Transfer, window: timedelta) -> list[Transfer]:
        times = self.out_times.get(hop.target, [])
        start = bisect_right(times, hop.at)
        end = bisect_right(times, hop.at + window)
        found = [t for t in self.out[hop.target][start:end] if t.currency == hop.currency]
        return found[:MAX_CANDIDATES]

    def earlier(self, hop: Transfer, window: timedelta) -> list[Transfer]:
        times = self.into_times.get(hop.source, [])
        start = bisect_left(times, hop.at - window)
        end = bisect_left(times, hop.at)
        found = [t for t in self.into[hop.source][start:end] if t.currency == hop.currency]
        return found[-MAX_CANDIDATES:]


def _adding_up(
    candidates: list[Transfer], amount: float, tolerance: float
) -> tuple[Transfer, ...] | None:
    """The transfers whose sum best matches `amount`, less at most `tolerance`.

    Best: the smallest shortfall, each transfer beyond the first counting as `SPLIT_COST` of
    shortfall (so a peel's slice is kept, a stray small payment is not), then the earliest.
    """
    low, high = amount * (1 - tolerance), amount * (1 + 1e-6)
    best: tuple[float, datetime, tuple[Transfer, ...]] | None = None
    for size in range(1, min(MAX_SPLIT, len(candidates)) + 1):
        for subset in combinations(candidates, size):
            total = sum(t.amount for t in subset)
            if low <= total <= high:
                cost = (amount - total) / amount + SPLIT_COST * (size - 1)
                if best is None or (cost, subset[-1].at) < best[:2]:
                    best = (cost, subset[-1].at, subset)
    return best[2] if best is not None else None


def trace_forward(ledger: Ledger, start: str, params: MoneyParams) -> Trace:
    """From a report id (its victim's payments) or an account (everything it sent).

    Branches advance in the order their funds arrive, and a transfer carries the funds of one
    branch only: two similar parts of a split passing through the same mule are told apart.
    """
    firsts = ledger.by_report.get(start) or ledger.out.get(start)
    if not firsts:
        raise InvalidInput(f"{start!r}: no visible payment of that report or from that account")
    trace = Trace(start, "forward")
    claimed = {t.txn_id for t in firsts}
    waiting: list[tuple[datetime, int, list[Hop]]] = []
    serial = 0
    for first in firsts:
        heapq.heappush(waiting, (first.at, serial, [Hop(first, first.amount)]))
        serial += 1
    while waiting:
        _, _, path = heapq.heappop(waiting)
        for onward in _step(ledger, path, params, trace, claimed):
            heapq.heappush(waiting, (onward[-1].transfer.at, serial, onward))
            serial += 1
    for trail in trace.trails:
        if trail.cash_out:
            currency = trail.hops[-1].transfer.currency
            trace.cashed_out[currency] = trace.cashed_out.get(currency, 0.0) + trail.amount
    return trace


def _step(
    ledger: Ledger, path: list[Hop], params: MoneyParams, trace: Trace, claimed: set[str]
) -> list[list[Hop]]:
    """The paths one hop longer than `path`, or none when its trail ends (recorded)."""
    last = path[-1]
    account = last.transfer.target
    label = ledger.cash_out(account)
    if label or len(path) >= MAX_HOPS:
        trace.trails.append(Trail(path, account, label, last.traced))
        return []
    onward = ledger.onward(last.transfer, params.window)
    candidates = [t for t in onward if t.txn_id not in claimed]
    chosen = _adding_up(candidates, last.traced, params.tolerance)
    if chosen is not None:
        claimed.update(t.txn_id for t in chosen)
        return [[*path, Hop(t, t.amount)] for t in chosen]
    used = {h.transfer.txn_id for h in path}
    merged = next(
        (
            t
            for t in onward
            if t.txn_id not in used and t.amount >= last.traced * (1 - params.tolerance)
        ),
        None,
    )
    if merged is not None:
        return [[*path, Hop(merged, last.traced)]]
    trace.trails.append(Trail(path, account, None, last.traced))  # funds still there
    return []


def trace_backward(ledger: Ledger, account: str, params: MoneyParams) -> Trace:
    """From an account: the victims' payments that funded the transfers into it."""
    arrivals = ledger.into.get(account)
    if not arrivals:
        raise InvalidInput(f"{account!r}: no visible transfer into that account")
    trace = Trace(account, "backward")
    for arrival in arrivals:
        _backward(ledger, [Hop(arrival, arrival.amount)], params, trace)
    trace.victims = sorted(
        {rid for t in trace.trails if (rid := t.hops[0].transfer.report_id) is not None}
    )
    return trace


def _backward(ledger: Ledger, path: list[Hop], params: MoneyParams, trace: Trace) -> None:
    first = path[0]
    if first.transfer.report_id or len(path) >= MAX_HOPS:
        trace.trails.append(Trail(path, path[-1].transfer.target, None, first.traced))
        return
    used = {h.transfer.txn_id for h in path}
    candidates = [t for t in ledger.earlier(first.transfer, params.window) if t.txn_id not in used]
    need = first.traced * (1 - params.tolerance)
    funding = [t for t in reversed(candidates) if t.amount >= need][:1]
    if not funding:
        subset = _adding_up(candidates, first.traced / (1 - params.tolerance), params.tolerance * 2)
        funding = list(subset or ())
    if not funding:
        trace.trails.append(Trail(path, path[-1].transfer.target, None, first.traced))
        return
    for t in funding:
        _backward(ledger, [Hop(t, min(t.amount, first.traced)), *path], params, trace)
