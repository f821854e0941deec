"""Key figures: identifiers, persons and compounds ranked by centrality within a syndicate and
by how many syndicates they bridge (a shared money launderer, recruiter or guarantee-market
handle).

Centrality is PageRank on the syndicate's own subgraph (its reports, the non-hub identifiers
they cite, and the persons named in them or holding / using those identifiers), scaled so that
1.0 is the syndicate's average node. Bridges count the syndicates whose reports cite the
identifier, hubs included (flagged and ranked after the rest: a hub bridges everything and
means nothing). A person is tied to the syndicates of the reports naming it and of the
(non-hub) identifiers it holds or uses, money ties included, and to those of the persons
sharing a document number with it (one person recorded by two agencies). Pure: works on a
`LinkGraph` and its `Detection`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import numpy as np

from scamgrid.errors import NotFound
from scamgrid.graph.build import LinkGraph
from scamgrid.graph.engines import GraphEngine, IgraphEngine
from scamgrid.graph.syndicates import Detection, report_edges
from scamgrid.model.vocabulary import IndicatorLabelKind

MONEY_HOPS = 4  # transfers followed from a syndicate's cited accounts to tie others to it
STOP_LABELS = {
    IndicatorLabelKind.EXCHANGE.value,
    IndicatorLabelKind.OTC.value,
    IndicatorLabelKind.HUB.value,
}


@dataclass
class KeyFigure:
    node: str  # "type:value" of an identifier, "compound:key" or "person:ref"
    kind: str  # identifier type, "compound" or "person"
    syndicates: list[str]  # ids of the syndicates it appears in, main one first
    bridges: int
    centrality: float  # in its main syndicate, 1.0 = average node there
    reports: int
    hub: bool  # links no reports into a syndicate (detected, allow-listed or labelled)
    known_hub: bool  # allow-listed or labelled: listed last
    label: str = ""  # a person's name where the viewer may see it, else its role and ref
    role: str = ""  # a person's role (recruiter, launderer, money_mule...)


def _syndicates_of(graph: LinkGraph, detection: Detection) -> dict[int, dict[int, int]]:
    """identifier node -> {syndicate index: reports citing it}, money included: an account
    paid by a syndicate's accounts within MONEY_HOPS transfers downstream is tied to it,
    counting the reports behind those accounts (a shared OTC desk, a launderer). Ties do not
    flow on out of cash-out points and hubs, which serve everyone."""
    cited: dict[int, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for report, identifier in report_edges(graph).tolist():
        cited[identifier][detection.syndicate_of[report]] += 1
    paid = [
        (a, b)
        for (a, b), ev in zip(graph.edges, graph.evidence, strict=True)
        if ev.relation == "paid"
    ]
    stops = {
        graph.index[key]
        for key, node in graph.identifiers.items()
        if set(node.labels) & STOP_LABELS
    }
    reached = {node: dict(where) for node, where in cited.items()}
    for _ in range(MONEY_HOPS):
        spread: dict[int, dict[int, int]] = defaultdict(dict)
        for a, b in paid:  # downstream only, and never onward from a cash-out point
            if a in stops:
                continue
            for syndicate, count in reached.get(a, {}).items():
                spread[b][syndicate] = max(spread[b].get(syndicate, 0), count)
        changed = False
        for node, where in spread.items():
            mine = reached.setdefault(node, {})
            for syndicate, count in where.items():
                if syndicate not in mine:
                    mine[syndicate] = count
                    changed = True
        if not changed:
            break
    for node, where in reached.items():
        for syndicate, count in where.items():
            cited[node].setdefault(syndicate, count)
    return cited


def _person_edges(graph: LinkGraph) -> list[tuple[int, int, str]]:
    """(person node, target node, relation) of every person link and document match."""
    return [
        (a, b, ev.relation)
        for (a, b), ev in zip(graph.edges, graph.evidence, strict=True)
        if graph.nodes[a].startswith("person:")
    ]


def _centrality(
    graph: LinkGraph,
    detection: Detection,
    syndicate: int,
    engine: GraphEngine,
    person_edges: list[tuple[int, int, str]],
) -> dict[int, float]:
    members = {node for node, index in detection.syndicate_of.items() if index == syndicate}
    pairs = [
        (r, i) for r, i in report_edges(graph).tolist() if r in members and not detection.is_hub[i]
    ]
    inside = members | {i for _, i in pairs}
    pairs += [(p, t) for p, t, _ in person_edges if t in inside]
    pairs += [  # persons sharing a document, both tied to the syndicate
        (p, t)
        for p, t, relation in person_edges
        if relation == "same_document" and {p, t} <= {q for q, _ in pairs}
    ]
    nodes = sorted(inside | {p for p, _ in pairs})
    local = {node: k for k, node in enumerate(nodes)}
    edges = np.array([(local[r], local[i]) for r, i in pairs], dtype=np.int64).reshape(-1, 2)
    ranks = engine.pagerank(len(nodes), edges) * len(nodes)
    return {node: float(ranks[local[node]]) for node in nodes}


def key_figures(
    graph: LinkGraph,
    detection: Detection,
    syndicate_id: str | None = None,
    limit: int = 20,
    engine: GraphEngine | None = None,
) -> list[KeyFigure]:
    """Within one syndicate: its identifiers by centrality. Across all: by syndicates bridged."""
    engine = engine or IgraphEngine()
    cited = _syndicates_of(graph, detection)
    person_edges = _person_edges(graph)
    ids = [s.id for s in detection.syndicates]
    if syndicate_id is not None:
        if syndicate_id not in ids:
            raise NotFound(f"no syndicate {syndicate_id!r} among those visible")
        wanted = ids.index(syndicate_id)
        candidates = [node for node, where in cited.items() if wanted in where]
    else:
        candidates = [node for node, where in cited.items() if len(where) > 1]
    main = {
        node: (
            wanted if syndicate_id is not None else max(cited[node], key=cited[node].__getitem__)
        )
        for node in candidates
    }
    ranks: dict[int, dict[int, float]] = {}
    figures = []
    for node in candidates:
        syndicate = main[node]
        if syndicate not in ranks:
            ranks[syndicate] = _centrality(graph, detection, syndicate, engine, person_edges)
        where = cited[node]
        order = [syndicate, *sorted((s for s in where if s != syndicate), key=lambda s: -where[s])]
        name = graph.nodes[node]
        figures.append(
            KeyFigure(
                node=name,
                kind=graph.identifiers[name].type,
                syndicates=[ids[s] for s in order],
                bridges=len(where),
                centrality=round(ranks[syndicate].get(node, 0.0), 4),
                reports=sum(where.values()),
                hub=bool(detection.is_hub[node]),
                known_hub=bool(len(detection.known_hub) and detection.known_hub[node]),
            )
        )
    figures += _persons(graph, detection, cited, ids, syndicate_id, ranks, engine, person_edges)
    figures += _compounds(graph, detection, cited, ids, syndicate_id)
    if syndicate_id is not None:
        figures.sort(key=lambda f: (f.hub, -f.centrality, f.node))
    else:
        # Hubs bridge everything and mean nothing: detected ones after every real bridge,
        # allow-listed or labelled ones last.
        figures.sort(key=lambda f: (f.known_hub, f.hub, -f.bridges, -f.centrality, f.node))
    return figures[:limit]


def _persons_syndicates(
    graph: LinkGraph,
    detection: Detection,
    cited: dict[int, dict[int, int]],
    person_edges: list[tuple[int, int, str]],
) -> dict[int, dict[int, int]]:
    """person node -> {syndicate index: reports behind the tie}, document matches merged."""
    where: dict[int, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    same: dict[int, set[int]] = defaultdict(set)
    for person, target, relation in person_edges:
        where[person]  # every visible linked person gets an entry
        if relation == "same_document":
            same[person].add(target)
            same[target].add(person)
        elif target in detection.syndicate_of:  # a report naming the person
            where[person][detection.syndicate_of[target]] += 1
        elif not detection.is_hub[target]:  # an identifier it holds or uses
            for syndicate, count in cited.get(target, {}).items():
                where[person][syndicate] += count
    merged: dict[int, dict[int, int]] = {}
    for person in where:
        cluster, todo = {person}, [person]
        while todo:  # persons linked by document matches, transitively
            for other in same[todo.pop()] - cluster:
                cluster.add(other)
                todo.append(other)
        total: dict[int, int] = defaultdict(int)
        for member in cluster:
            for syndicate, count in where[member].items():
                total[syndicate] += count
        merged[person] = dict(total)
    return merged


def person_syndicates(graph: LinkGraph, detection: Detection) -> dict[str, list[str]]:
    """Each visible person ("person:<ref>") -> ids of the syndicates it is tied to."""
    ids = [s.id for s in detection.syndicates]
    cited = _syndicates_of(graph, detection)
    ties = _persons_syndicates(graph, detection, cited, _person_edges(graph))
    return {graph.nodes[node]: sorted(ids[s] for s in where) for node, where in ties.items()}


def _persons(
    graph: LinkGraph,
    detection: Detection,
    cited: dict[int, dict[int, int]],
    ids: list[str],
    syndicate_id: str | None,
    ranks: dict[int, dict[int, float]],
    engine: GraphEngine,
    person_edges: list[tuple[int, int, str]],
) -> list[KeyFigure]:
    """Persons by centrality in one syndicate, or by the syndicates they bridge."""
    result = []
    ties = _persons_syndicates(graph, detection, cited, person_edges)
    for node, where in sorted(ties.items()):
        if syndicate_id is not None:
            if ids.index(syndicate_id) not in where:
                continue
            main = ids.index(syndicate_id)
        elif len(where) > 1:
            main = max(sorted(where), key=where.__getitem__)
        else:
            continue
        if main not in ranks:
            ranks[main] = _centrality(graph, detection, main, engine, person_edges)
        order = [main, *sorted((s for s in where if s != main), key=lambda s: (-where[s], s))]
        person = graph.persons[graph.nodes[node]]
        result.append(
            KeyFigure(
                node=graph.nodes[node],
                kind="person",
                syndicates=[ids[s] for s in order],
                bridges=len(where),
                centrality=round(ranks[main].get(node, 0.0), 4),
                reports=sum(where.values()),
                hub=False,
                known_hub=False,
                label=person.label,
                role=person.role,
            )
        )
    return result


def _compounds(
    graph: LinkGraph,
    detection: Detection,
    cited: dict[int, dict[int, int]],
    ids: list[str],
    syndicate_id: str | None,
) -> list[KeyFigure]:
    """Compounds whose identifiers (from rescue requests) are cited by syndicates' reports."""
    tied: dict[str, set[int]] = defaultdict(set)
    for source, identifier in graph.edges:
        name = graph.nodes[source]
        if name.startswith("compound:") and not detection.is_hub[identifier]:
            tied[name].update(cited.get(identifier, {}))
    result = []
    for name, syndicates in sorted(tied.items()):
        names = [ids[s] for s in sorted(syndicates)]
        if not names or (syndicate_id is not None and syndicate_id not in names):
            continue
        result.append(KeyFigure(name, "compound", names, len(names), 0.0, 0, False, False))
    return result
