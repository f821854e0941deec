"""The Spark path (DataFrame iterations) agrees with igraph on components and PageRank."""

from __future__ import annotations

import random

import numpy as np
import pytest

from scamgrid.graph.engines import IgraphEngine, SparkEngine, canonical_components

pytest.importorskip("pyspark")


def small_graph() -> tuple[int, np.ndarray]:
    """Three clusters of different shapes, a chain, and isolated nodes: 60 nodes."""
    rng = random.Random(3)
    edges: set[tuple[int, int]] = set()
    for start, size in ((0, 15), (15, 20), (35, 10)):
        for _ in range(size * 2):
            a, b = rng.sample(range(start, start + size), 2)
            edges.add((min(a, b), max(a, b)))
        edges.update((n, n + 1) for n in range(start, start + size - 1, 3))
    edges.update((n, n + 1) for n in range(45, 50))  # a chain 45..50; 51..59 isolated
    return 60, np.array(sorted(edges), dtype=np.int64)


@pytest.mark.slow  # Spark's start-up and a job per iteration: 30-70 s in local[1]
def test_spark_components_and_pagerank_equal_igraphs() -> None:
    n, edges = small_graph()
    embedded = IgraphEngine()
    spark = SparkEngine(master="local[1]", partitions=1)
    components = spark.components(n, edges)
    assert components.tolist() == embedded.components(n, edges).tolist()
    assert len(set(components.tolist())) == len(set(canonical_components(components).tolist()))
    ranks = spark.pagerank(n, edges, tolerance=1e-5)
    assert ranks == pytest.approx(embedded.pagerank(n, edges), abs=1e-5)
    assert ranks.sum() == pytest.approx(1.0)
