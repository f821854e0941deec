"""Graph engines: python-igraph in memory (default) and Spark DataFrame iterations.

Both answer the same questions on an undirected edge list over nodes 0..n-1: connected
components (each node's component is the smallest node id in it) and PageRank. The embedded
engine holds up to ~10 M edges comfortably; the Spark engine runs the same algorithms as plain
DataFrame iterations (GraphFrames cannot be installed offline), for graphs that outgrow one
machine. A test holds their answers equal on the same graph. Community detection (Leiden) is
embedded only: it is used on single components, which always fit in memory.
"""

from __future__ import annotations

import os
import random
from abc import ABC, abstractmethod
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import igraph as ig
import numpy as np
import numpy.typing as npt

from scamgrid import settings
from scamgrid.errors import InvalidInput

Edges = npt.NDArray[np.int64]  # shape (m, 2)
DAMPING = 0.85
LEIDEN_ITERATIONS = 4  # passes of Leiden's refinement; further passes change little
ITERATION_CONF = {  # Spark settings while iterating over small tables
    "spark.sql.adaptive.enabled": "false",
    "spark.sql.autoBroadcastJoinThreshold": "-1",
}
CHECK_EVERY = 10  # Spark PageRank: iterations between convergence checks


class GraphEngine(ABC):
    name: str

    @abstractmethod
    def components(self, n: int, edges: Edges) -> npt.NDArray[np.int64]:
        """For each node, the smallest node id of its connected component."""

    @abstractmethod
    def pagerank(self, n: int, edges: Edges, damping: float = DAMPING) -> npt.NDArray[np.float64]:
        """PageRank of each node on the undirected graph (sums to 1)."""


def canonical_components(membership: npt.ArrayLike) -> npt.NDArray[np.int64]:
    """Relabel any component membership so each component is named by its smallest node."""
    labels = np.asarray(membership, dtype=np.int64)
    smallest = np.full(labels.max() + 1 if labels.size else 0, np.iinfo(np.int64).max)
    np.minimum.at(smallest, labels, np.arange(labels.size, dtype=np.int64))
    result: npt.NDArray[np.int64] = smallest[labels]
    return result


class IgraphEngine(GraphEngine):
    name = "igraph"

    @staticmethod
    def graph(n: int, edges: Edges, weights: npt.ArrayLike | None = None) -> ig.Graph:
        graph = ig.Graph(n=n)
        graph.add_edges(np.asarray(edges, dtype=np.int64).reshape(-1, 2))  # fastest from numpy
        if weights is not None:
            graph.es["weight"] = np.asarray(weights, dtype=np.float64)
        return graph

    def components(self, n: int, edges: Edges) -> npt.NDArray[np.int64]:
        membership = self.graph(n, edges).connected_components().membership
        return canonical_components(membership)

    def pagerank(self, n: int, edges: Edges, damping: float = DAMPING) -> npt.NDArray[np.float64]:
        ranks = self.graph(n, edges).pagerank(directed=False, damping=damping)
        return np.asarray(ranks, dtype=np.float64)

    def communities(
        self, n: int, edges: Edges, weights: npt.ArrayLike | None = None, seed: int = 0
    ) -> npt.NDArray[np.int64]:
        """Leiden communities (modularity), deterministic for a seed."""
        graph = self.graph(n, edges, weights)
        ig.set_random_number_generator(random.Random(seed))
        try:
            partition = graph.community_leiden(
                objective_function="modularity",
                weights="weight" if weights is not None else None,
                n_iterations=LEIDEN_ITERATIONS,
            )
        finally:
            ig.set_random_number_generator(random)
        return np.asarray(partition.membership, dtype=np.int64)


class SparkEngine(GraphEngine):
    """Connected components by min-label propagation and PageRank by power iteration, both as
    joins and aggregations of Spark DataFrames."""

    name = "spark"
    _session: Any = None

    def __init__(self, master: str | None = None, partitions: int = 8) -> None:
        self.master = master or settings.SPARK_MASTER.get()
        self.partitions = partitions

    def session(self) -> Any:
        if SparkEngine._session is None:
            os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
            try:
                from pyspark.sql import SparkSession
            except ImportError as error:  # pragma: no cover - pyspark is a dev dependency
                raise InvalidInput("--engine spark needs pyspark (pip install pyspark)") from error
            SparkEngine._session = (
                SparkSession.builder.master(self.master)
                .appName("scamgrid-graph")
                .config("spark.ui.enabled", "false")
                .config("spark.ui.showConsoleProgress", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.sql.shuffle.partitions", str(self.partitions))
                .config("spark.local.dir", str(settings.home() / "tmp" / "spark"))
                .getOrCreate()
            )
            SparkEngine._session.sparkContext.setLogLevel("ERROR")
        return SparkEngine._session

    @contextmanager
    def _iterating(self) -> Iterator[Any]:
        """The session, tuned for many small jobs: adaptive planning and broadcast joins cost a
        job each per iteration and help nothing here (restored afterwards: the session may be
        shared with the CDR engine)."""
        spark = self.session()
        saved = {key: spark.conf.get(key) for key in ITERATION_CONF}
        for key, value in ITERATION_CONF.items():
            spark.conf.set(key, value)
        try:
            yield spark
        finally:
            for key, value in saved.items():
                spark.conf.set(key, value)

    def _arcs(self, edges: Edges) -> Any:
        """Both directions of every edge, without self-loops duplicated, as (src, dst)."""
        spark = self.session()
        pairs = [(int(a), int(b)) for a, b in np.asarray(edges).reshape(-1, 2)]
        frame = spark.createDataFrame(pairs, "src long, dst long")
        flipped = frame.selectExpr("dst as src", "src as dst")
        return frame.unionByName(flipped)

    def components(self, n: int, edges: Edges) -> npt.NDArray[np.int64]:
        """Min-label propagation: every node takes the smallest label among itself and its
        neighbours until no label changes (the sum of labels, which only falls, stays put).
        Two small Spark jobs per iteration; each iteration's labels are checkpointed."""

        with self._iterating() as spark:
            return self._components(spark, n, edges)

    def _components(self, spark: Any, n: int, edges: Edges) -> npt.NDArray[np.int64]:
        from pyspark.sql import functions as F

        arcs = self._arcs(edges).where("src != dst").distinct().cache()
        labels = spark.range(n).selectExpr("id as node", "id as label").localCheckpoint()
        total = n * (n - 1) // 2
        while True:
            offered = (
                arcs.join(labels, arcs.src == labels.node)
                .select(arcs.dst.alias("node"), F.col("label"))
                .unionByName(labels)
                .groupBy("node")
                .agg(F.min("label").alias("label"))
            )
            offered = offered.localCheckpoint()  # labels feed two branches: cut the plan
            now = offered.agg(F.sum("label")).first()[0] or 0
            labels = offered
            if now == total:
                break
            total = now
        result = np.arange(n, dtype=np.int64)
        for row in labels.collect():
            result[row["node"]] = row["label"]
        arcs.unpersist()
        return result

    def pagerank(
        self,
        n: int,
        edges: Edges,
        damping: float = DAMPING,
        iterations: int = 200,
        tolerance: float = 1e-9,
    ) -> npt.NDArray[np.float64]:
        """Power iteration with igraph's conventions: each undirected edge spreads rank both
        ways, and dangling (isolated) nodes spread theirs evenly over all nodes. One Spark job
        per iteration (the dangling mass is joined in lazily); convergence (L1 change below
        `tolerance`) is checked every CHECK_EVERY iterations."""
        with self._iterating() as spark:
            return self._pagerank(spark, n, edges, damping, iterations, tolerance)

    def _pagerank(
        self, spark: Any, n: int, edges: Edges, damping: float, iterations: int, tolerance: float
    ) -> npt.NDArray[np.float64]:
        from pyspark.sql import functions as F

        arcs = self._arcs(edges)
        degrees = arcs.groupBy("src").agg(F.count("*").alias("degree"))
        out = (
            arcs.join(degrees, "src")
            .select("src", "dst", (F.lit(1.0) / F.col("degree")).alias("share"))
            .cache()
        )
        nodes = spark.range(n).withColumnRenamed("id", "node")
        dangling = nodes.join(degrees, nodes.node == degrees.src, "left_anti").cache()
        ranks = nodes.select("node", F.lit(1.0 / n).cast("double").alias("rank")).localCheckpoint()
        for iteration in range(1, iterations + 1):
            lost = dangling.join(ranks, "node").agg(
                F.coalesce(F.sum("rank"), F.lit(0.0)).alias("lost")
            )
            received = (
                out.join(ranks, out.src == ranks.node)
                .groupBy(out.dst.alias("node"))
                .agg(F.sum(F.col("rank") * F.col("share")).alias("received"))
            )
            base = F.lit((1 - damping) / n) + F.lit(damping / n) * F.col("lost")
            updated = (
                nodes.join(received, "node", "left")
                .crossJoin(lost)
                .select(
                    "node",
                    (base + F.lit(damping) * F.coalesce(F.col("received"), F.lit(0.0))).alias(
                        "rank"
                    ),
                )
                .localCheckpoint()
            )
            if iteration % CHECK_EVERY == 0:
                delta = (
                    updated.join(ranks.withColumnRenamed("rank", "old"), "node")
                    .agg(F.sum(F.abs(F.col("rank") - F.col("old"))))
                    .first()[0]
                )
                if delta < tolerance:
                    ranks = updated
                    break
            ranks = updated
        result = np.zeros(n, dtype=np.float64)
        for row in ranks.collect():
            result[row["node"]] = row["rank"]
        out.unpersist()
        dangling.unpersist()
        return result / result.sum()


def engine(name: str = "igraph") -> GraphEngine:
    if name == "igraph":
        return IgraphEngine()
    if name == "spark":
        return SparkEngine()
    raise InvalidInput(f"--engine: unknown graph engine {name!r} (igraph or spark)")
