"""Explanations: the shortest evidence paths between two reports, identifiers or persons.

Each hop of a path is one edge of the viewer's link graph, so it cites the report (rescue
request, transaction or person link), agency and date that support it, and the raw form the
identifier was written in. A path may go through a person: a recruiter named in reports of two
syndicates, the holder of accounts of both.
Hubs can be crossed but cost `HUB_COST` hops, so a path through a bank's hotline is offered
only when nothing better links the two. Pure: works on a `LinkGraph`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import igraph as ig
import numpy as np
import numpy.typing as npt

from scamgrid.errors import InvalidIdentifier, NotFound
from scamgrid.graph.build import LinkGraph, person_node, report_node
from scamgrid.store.lookup import identify

HUB_COST = 50.0
MAX_PATHS = 5


@dataclass
class Hop:
    source: str  # node names as in LinkGraph.nodes
    target: str
    record: str
    agency: str
    at: datetime
    raw: str
    hub: bool


@dataclass
class Explanation:
    source: str
    target: str
    linked: bool
    hops: int
    paths: list[list[Hop]]


def resolve(graph: LinkGraph, text: str) -> str:
    """The node for a report id, a person's ref or any surface form of an identifier, if the
    viewer sees it."""
    if report_node(text) in graph.index:
        return report_node(text)
    if text in graph.index:
        return text  # already a node name (type:value, compound:key, person:ref)
    if person_node(text) in graph.index:
        return person_node(text)
    try:
        identifier = identify(text)
    except InvalidIdentifier:
        raise NotFound(f"{text!r} is no visible report and no identifier") from None
    name = f"{identifier.type.value}:{identifier.value}"
    if name not in graph.index:
        raise NotFound(f"{text!r} ({name}) is in no report visible to you")
    return name


def explain(
    graph: LinkGraph,
    a: str,
    b: str,
    is_hub: npt.NDArray[np.bool_] | None = None,
    max_paths: int = MAX_PATHS,
) -> Explanation:
    source, target = resolve(graph, a), resolve(graph, b)
    hubs = is_hub if is_hub is not None else np.zeros(len(graph.nodes), dtype=bool)
    edges = np.asarray(graph.edges, dtype=np.int64).reshape(-1, 2)
    weights = np.where(hubs[edges[:, 1]], HUB_COST, 1.0) if len(edges) else np.zeros(0)
    g = ig.Graph(n=len(graph.nodes), edges=edges)
    g.es["weight"] = weights
    s, t = graph.index[source], graph.index[target]
    if s == t:
        return Explanation(source, target, True, 0, [])
    if t not in set(g.subcomponent(s)):
        return Explanation(source, target, False, 0, [])
    found = g.get_k_shortest_paths(s, to=t, k=max_paths, weights="weight", output="epath")
    paths: list[list[Hop]] = []
    for epath in found:
        if not epath:
            continue
        hops, at = [], s
        for edge in epath:
            u, v = g.es[edge].tuple
            nxt = v if u == at else u
            ev = graph.evidence[edge]
            hops.append(
                Hop(
                    graph.nodes[at],
                    graph.nodes[nxt],
                    ev.record,
                    ev.agency,
                    ev.at,
                    ev.raw,
                    bool(hubs[edges[edge, 1]]),
                )
            )
            at = nxt
        paths.append(hops)
    shortest = min((len(p) for p in paths), default=0)
    return Explanation(source, target, bool(paths), shortest, paths)
