"""Syndicates: reports linked through shared identifiers, with hubs taken out.

Real reports are full of identifiers that are evidence of nothing: a bank's public hotline,
`facebook.com`, an exchange's deposit page. They link reports of unrelated syndicates, so plain
connected components would merge everything into one. Detection runs in three declared steps:

1. **Groups of related reports**: Leiden communities (modularity) on the report-identifier
   graph, deterministic for a seed. They only serve to tell related reports from unrelated ones.
2. **Specificity of each identifier**: the effective number of groups among the reports citing
   it (inverse Simpson index, 1 / sum of squared shares). A syndicate's phone is cited by
   reports of one group (1.0, or 2-3 if step 1 split a large syndicate); a bank hotline by
   reports of dozens. An identifier's weight is 1 / that number; it is a *hub* (links nothing)
   when the number reaches `SCAMGRID_GRAPH_HUB_GROUPS`, when it is on
   `SCAMGRID_GRAPH_HUB_ALLOWLIST`, or when it carries the `hub` label.
3. **Syndicates**: connected components of reports through non-hub identifiers: exact and
   explainable (every member is reachable from every other by cited evidence). Components with
   more than `SCAMGRID_GRAPH_SPLIT_REPORTS` reports are split into their Leiden communities.

Pure: works on a `LinkGraph` and returns values.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

import numpy as np
import numpy.typing as npt

from scamgrid import settings
from scamgrid.errors import InvalidInput
from scamgrid.graph.build import LinkGraph
from scamgrid.graph.engines import GraphEngine, IgraphEngine
from scamgrid.model.vocabulary import IndicatorLabelKind

TOP_IDENTIFIERS = 50  # identifiers listed per syndicate (all are in exports)


@dataclass(frozen=True)
class Params:
    hub_groups: float = 4.0
    allowlist: frozenset[str] = frozenset()
    split_reports: int = 2000
    seed: int = 0

    @classmethod
    def from_settings(cls) -> Params:
        raw = settings.GRAPH_HUB_ALLOWLIST.get()
        allowlist = frozenset(v.strip() for v in raw.split(",") if v.strip())
        for value in allowlist:
            if ":" not in value:
                raise InvalidInput(
                    f"SCAMGRID_GRAPH_HUB_ALLOWLIST: {value!r} is not TYPE:VALUE (e.g. domain:x.com)"
                )
        try:
            return cls(
                hub_groups=float(settings.GRAPH_HUB_GROUPS.get()),
                allowlist=allowlist,
                split_reports=int(settings.GRAPH_SPLIT_REPORTS.get()),
            )
        except ValueError as error:
            raise InvalidInput(f"graph settings: {error}") from None


@dataclass
class RankedIdentifier:
    type: str
    value: str
    reports: int  # reports of this syndicate citing it
    groups: float  # effective number of unrelated report groups citing it (1 = specific)
    weight: float  # reports x specificity (1 / groups): how strongly it ties the syndicate


@dataclass
class Syndicate:
    id: str
    reports: list[str]
    identifiers: list[RankedIdentifier]
    fraud_types: dict[str, int]
    losses: dict[str, Decimal]
    countries: list[str]
    agencies: list[str]
    first_activity: datetime | None
    last_activity: datetime | None


@dataclass
class Detection:
    """The outcome for one graph: syndicates (largest first), hubs, and per-node membership."""

    syndicates: list[Syndicate]
    hubs: list[RankedIdentifier]
    groups: npt.NDArray[np.float64]  # per node: effective groups (identifiers), 0 otherwise
    is_hub: npt.NDArray[np.bool_]
    known_hub: npt.NDArray[np.bool_] = field(default_factory=lambda: np.zeros(0, dtype=bool))
    syndicate_of: dict[int, int] = field(default_factory=dict)  # report node -> syndicate index


def report_edges(graph: LinkGraph) -> npt.NDArray[np.int64]:
    """(report node, identifier node) pairs: the edges syndicate detection works on."""
    if not graph.edges:
        return np.zeros((0, 2), dtype=np.int64)
    edges = np.asarray(graph.edges, dtype=np.int64)
    is_report = np.array([name.startswith("report:") for name in graph.nodes], dtype=bool)
    result: npt.NDArray[np.int64] = edges[is_report[edges[:, 0]]]
    return result


def effective_groups(
    n: int, edges: npt.NDArray[np.int64], groups: npt.NDArray[np.int64]
) -> npt.NDArray[np.float64]:
    """Per identifier node: 1 / sum of squared shares of the groups of the reports citing it."""
    result = np.zeros(n, dtype=np.float64)
    if not len(edges):
        return result
    identifiers = edges[:, 1]
    pairs = identifiers * (int(groups.max()) + 1) + groups[edges[:, 0]]
    unique, counts = np.unique(pairs, return_counts=True)
    owner = unique // (int(groups.max()) + 1)
    cited = np.bincount(owner, weights=counts, minlength=n)
    squares = np.bincount(owner, weights=counts.astype(np.float64) ** 2, minlength=n)
    mask = cited > 0
    result[mask] = cited[mask] ** 2 / squares[mask]
    return result


def detect(
    graph: LinkGraph, params: Params | None = None, engine: GraphEngine | None = None
) -> Detection:
    params = params or Params.from_settings()
    embedded = IgraphEngine()
    engine = engine or embedded
    n = len(graph.nodes)
    edges = report_edges(graph)
    communities = embedded.communities(n, edges, seed=params.seed)
    groups = effective_groups(n, edges, communities)
    known = np.zeros(n, dtype=bool)
    for key, node in graph.identifiers.items():
        if key in params.allowlist or IndicatorLabelKind.HUB.value in node.labels:
            known[graph.index[key]] = True
    is_hub = (groups >= params.hub_groups) | known
    kept = edges[~is_hub[edges[:, 1]]] if len(edges) else edges
    labels = engine.components(n, kept)
    labels = _split_large(graph, kept, labels, params, embedded)
    detection = _describe(graph, edges, kept, labels, groups, is_hub)
    detection.known_hub = known
    return detection


def _split_large(
    graph: LinkGraph,
    kept: npt.NDArray[np.int64],
    labels: npt.NDArray[np.int64],
    params: Params,
    embedded: IgraphEngine,
) -> npt.NDArray[np.int64]:
    reports = np.array([graph.index[f"report:{r}"] for r in graph.reports], dtype=np.int64)
    if not len(reports):
        return labels
    sizes = Counter(labels[reports].tolist())
    large = [label for label, size in sizes.items() if size > params.split_reports]
    if not large:
        return labels
    labels = labels.copy()
    offset = len(graph.nodes)
    for label in large:
        members = np.flatnonzero(labels == label)
        local = np.full(len(graph.nodes), -1, dtype=np.int64)
        local[members] = np.arange(len(members))
        inside = kept[(local[kept[:, 0]] >= 0) & (local[kept[:, 1]] >= 0)]
        split = embedded.communities(len(members), local[inside], seed=params.seed)
        labels[members] = offset + split
        offset += int(split.max()) + 1
    return labels


def syndicate_id(report_ids: list[str]) -> str:
    """Stable while the syndicate keeps its earliest-named report: S- and 10 hex digits."""
    return "S-" + hashlib.sha256(min(report_ids).encode()).hexdigest()[:10]


def _describe(
    graph: LinkGraph,
    edges: npt.NDArray[np.int64],
    kept: npt.NDArray[np.int64],
    labels: npt.NDArray[np.int64],
    groups: npt.NDArray[np.float64],
    is_hub: npt.NDArray[np.bool_],
) -> Detection:
    """Syndicates from component labels, grouped with numpy (a million reports in seconds)."""
    reports = np.array([graph.index[f"report:{r}"] for r in graph.reports], dtype=np.int64)
    detection = Detection([], [], groups, is_hub)
    if not len(reports):
        return detection
    # Reports by syndicate label: largest first, ties by their first report's position.
    owner = labels[reports]
    order = np.lexsort((reports, owner))
    owner_sorted, reports_sorted = owner[order], reports[order]
    starts = np.flatnonzero(np.r_[True, owner_sorted[1:] != owner_sorted[:-1]])
    ends = np.r_[starts[1:], len(order)]
    # Identifiers cited by each syndicate, with how many of its reports cite them.
    width = len(graph.nodes) + 1
    pairs, counts = np.unique(labels[kept[:, 0]] * width + kept[:, 1], return_counts=True)
    pair_label, pair_node = pairs // width, pairs % width
    ranked = sorted(
        range(len(starts)),
        key=lambda k: (-(ends[k] - starts[k]), int(reports_sorted[starts[k]])),
    )
    for k in ranked:
        members = reports_sorted[starts[k] : ends[k]]
        label = owner_sorted[starts[k]]
        low, high = np.searchsorted(pair_label, [label, label + 1])
        cited = zip(pair_node[low:high].tolist(), counts[low:high].tolist(), strict=True)
        index = len(detection.syndicates)
        detection.syndicate_of.update((int(p), index) for p in members)
        detection.syndicates.append(_syndicate(graph, members.tolist(), cited, groups))
    hub_counts = Counter(edges[is_hub[edges[:, 1]], 1].tolist()) if len(edges) else Counter()
    detection.hubs = sorted(
        (_ranked(graph, node, count, groups) for node, count in hub_counts.items()),
        key=lambda r: (-r.groups, r.type, r.value),
    )
    return detection


def _ranked(
    graph: LinkGraph, node: int, count: int, groups: npt.NDArray[np.float64]
) -> RankedIdentifier:
    identifier = graph.identifiers[graph.nodes[node]]
    spread = max(float(groups[node]), 1.0)
    return RankedIdentifier(
        identifier.type, identifier.value, count, round(spread, 3), round(count / spread, 3)
    )


def _syndicate(
    graph: LinkGraph,
    positions: list[int],
    cited: Iterable[tuple[int, int]],
    groups: npt.NDArray[np.float64],
) -> Syndicate:
    reports = [graph.reports[graph.nodes[p].removeprefix("report:")] for p in positions]
    ids = sorted(r.report_id for r in reports)
    ranked = sorted(
        (_ranked(graph, node, count, groups) for node, count in cited),
        key=lambda r: (-r.weight, r.type, r.value),
    )
    losses: dict[str, Decimal] = {}
    for r in reports:
        if r.loss_amount is not None and r.loss_currency:
            losses[r.loss_currency] = losses.get(r.loss_currency, Decimal(0)) + r.loss_amount
    times = [r.reported_at for r in reports]
    return Syndicate(
        id=syndicate_id(ids),
        reports=ids,
        identifiers=ranked[:TOP_IDENTIFIERS],
        fraud_types=dict(Counter(r.fraud_type for r in reports).most_common()),
        losses=dict(sorted(losses.items())),
        countries=sorted({r.country for r in reports if r.country}),
        agencies=sorted({r.agency for r in reports}),
        first_activity=min(times) if times else None,
        last_activity=max(times) if times else None,
    )
