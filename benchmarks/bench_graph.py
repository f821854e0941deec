"""Link analysis at scale: components and PageRank on 1 M nodes / 5 M edges, igraph against
networkx in the same run, and syndicate detection for 1,000,000 synthetic reports.

networkx runs on a 100,000-node / 500,000-edge graph of the same density (a full-size run
takes minutes and ~10 GB); its time is scaled by 10 (both algorithms are linear in edges here)
and the ratio is stated as such. Syndicate detection builds the link graph in memory as
`graph.build.load` would (reports, identifiers, one evidence record per edge) with planted
hubs, then times `syndicates.detect` and reports peak memory (max RSS growth over the
process before the graph was built, building included) and the ARI.

    .venv/bin/python -m benchmarks graph
    BENCH_GRAPH_REPORTS=200000 .venv/bin/python -m benchmarks graph   # smaller, quicker
"""

from __future__ import annotations

import os
import random
import resource
import time
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import networkx as nx
import numpy as np
from sklearn.metrics import adjusted_rand_score

from scamgrid.graph.build import Evidence, IdentifierNode, LinkGraph, ReportNode
from scamgrid.graph.engines import IgraphEngine
from scamgrid.graph.syndicates import Params, detect

NODES = int(os.environ.get("BENCH_GRAPH_NODES", "1000000"))
EDGES = int(os.environ.get("BENCH_GRAPH_EDGES", "5000000"))
SAMPLE = 10  # networkx runs on NODES / SAMPLE nodes and EDGES / SAMPLE edges
REPORTS = int(os.environ.get("BENCH_GRAPH_REPORTS", "1000000"))
HUBS = 20


def random_edges(nodes: int, edges: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return rng.integers(0, nodes, size=(edges, 2), dtype=np.int64)


def timed(work: object) -> float:
    started = time.perf_counter()
    work()  # type: ignore[operator]
    return time.perf_counter() - started


def components_and_pagerank() -> None:
    engine = IgraphEngine()
    edges = random_edges(NODES, EDGES, 1)
    graph = engine.graph(NODES, edges)
    cc = timed(graph.connected_components)
    pr = timed(lambda: graph.pagerank(directed=False))
    small = random_edges(NODES // SAMPLE, EDGES // SAMPLE, 2)
    g = nx.Graph()
    g.add_nodes_from(range(NODES // SAMPLE))
    g.add_edges_from(small.tolist())
    nx_cc = timed(lambda: sum(1 for _ in nx.connected_components(g))) * SAMPLE
    nx_pr = timed(lambda: nx.pagerank(g)) * SAMPLE
    print(f"igraph, {NODES:,} nodes / {EDGES:,} edges: components {cc:.2f} s, PageRank {pr:.2f} s")
    print(
        f"networkx on {NODES // SAMPLE:,} / {EDGES // SAMPLE:,}, x{SAMPLE} scaled: "
        f"components {nx_cc:.1f} s, PageRank {nx_pr:.1f} s"
    )
    print(f"ratio networkx / igraph: components {nx_cc / cc:.1f}x, PageRank {nx_pr / pr:.1f}x")


def synthetic_reports(reports: int, seed: int = 3) -> tuple[LinkGraph, dict[str, int]]:
    """Syndicates with heavy-tailed sizes, each with its own identifiers; 3 % of reports also
    cite one of HUBS public hubs (hotlines, platforms)."""
    rng = random.Random(seed)
    graph = LinkGraph()
    truth: dict[str, int] = {}
    start = datetime(2025, 1, 1, tzinfo=UTC)
    syndicate, left, assets = 0, 0, 0
    hubs = [graph.node(f"phone:+6620000{h:04d}") for h in range(HUBS)]
    for h in range(HUBS):
        graph.identifiers[f"phone:+6620000{h:04d}"] = IdentifierNode("phone", f"+6620000{h:04d}")
    own: list[int] = []
    for number in range(reports):
        if left == 0:
            syndicate += 1
            left = min(int(rng.paretovariate(1.2) * 5), 5000)
            assets = max(2, left // 10)
            own = []
            for a in range(assets):
                key = f"bank_account:TH:KBANK:{syndicate:07d}{a:03d}"
                graph.identifiers[key] = IdentifierNode("bank_account", key[13:])
                own.append(graph.node(key))
        left -= 1
        rid = f"R-{number:07d}"
        at = start + timedelta(minutes=number)
        graph.reports[rid] = ReportNode(
            rid, "TH-CCIB", "TH", at, "investment", Decimal(1000), "THB", "TLP:GREEN"
        )
        truth[rid] = syndicate
        position = graph.node(f"report:{rid}")
        cited = {own[0]} if len(own) == 1 else set(rng.sample(own, min(len(own), 2)))
        if rng.random() < 0.03:
            cited.add(rng.choice(hubs))
        for identifier in cited:
            graph.edges.append((position, identifier))
            graph.evidence.append(Evidence(rid, "TH-CCIB", at))
    return graph, truth


def syndicate_detection() -> None:
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    built = time.perf_counter()
    graph, truth = synthetic_reports(REPORTS)
    built = time.perf_counter() - built
    started = time.perf_counter()
    detection = detect(graph, Params(split_reports=20_000))
    took = time.perf_counter() - started
    peak = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    found = {r: s.id for s in detection.syndicates for r in s.reports}
    ids = sorted(truth)
    ari = adjusted_rand_score([truth[r] for r in ids], [found[r] for r in ids])
    print(
        f"syndicates of {REPORTS:,} reports ({len(graph.edges):,} sightings, "
        f"{len(graph.identifiers):,} identifiers, {HUBS} hubs): detect {took:.1f} s "
        f"(graph built in {built:.1f} s), peak memory +{peak:,.0f} MiB, "
        f"{len(detection.syndicates):,} syndicates, {len(detection.hubs)} hubs found, ARI {ari:.4f}"
    )


def main() -> None:
    syndicate_detection()  # first: its peak memory is the process's growth from here
    components_and_pagerank()


if __name__ == "__main__":
    main()
