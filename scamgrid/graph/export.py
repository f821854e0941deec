"""Exports of the viewer's link graph for the tools analysts already use.

- `graphml`: GraphML written by igraph (yEd, Gephi, networkx, Neo4j's APOC).
- `gexf`: GEXF 1.3 (Gephi), with node and edge attributes declared.
- `cytoscape`: Cytoscape.js JSON (`{"elements": {"nodes": [...], "edges": [...]}}`), also what
  the API serves for one syndicate.
- `ftm`: FollowTheMoney entities, one JSON object a line (Aleph, OpenSanctions tooling), built
  with `followthemoney.model.make_entity`; the mapping is documented in docs/graph.md.

Every node carries its kind, label and syndicate; every edge its evidence (record, agency,
date). Only the viewer's graph is exported, so nothing the viewer may not see can leave; a
person's names only where the viewer may see them (else its role and reference label it).
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from xml.etree import ElementTree as ET

import igraph as ig
import orjson

from scamgrid.errors import InvalidInput, NotFound
from scamgrid.graph.build import LinkGraph
from scamgrid.graph.syndicates import Detection

if TYPE_CHECKING:
    from followthemoney.proxy import EntityProxy

FORMATS = ("graphml", "gexf", "cytoscape", "ftm")
EDGE_FIELDS = ("record", "agency", "date", "raw", "relation")
NODE_FIELDS = ("kind", "label", "type", "syndicate", "hub", "agency", "date", "fraud_type")


@dataclass
class View:
    """The part of the graph to export: node positions and edge positions, with attributes."""

    nodes: list[dict[str, Any]]
    edges: list[dict[str, Any]]


def _main_syndicate(graph: LinkGraph, detection: Detection) -> dict[int, str]:
    ids = [s.id for s in detection.syndicates]
    main = {node: ids[index] for node, index in detection.syndicate_of.items()}
    votes: dict[int, dict[str, int]] = {}
    for source, target in graph.edges:
        if source in main and not detection.is_hub[target]:
            tally = votes.setdefault(target, {})
            tally[main[source]] = tally.get(main[source], 0) + 1
    for node, tally in votes.items():
        main[node] = max(sorted(tally), key=tally.__getitem__)
    persons: dict[int, dict[str, int]] = {}  # a person goes with its reports and identifiers
    for source, target in graph.edges:
        if graph.nodes[source].startswith("person:") and target in main:
            tally = persons.setdefault(source, {})
            tally[main[target]] = tally.get(main[target], 0) + 1
    for node, tally in persons.items():
        main[node] = max(sorted(tally), key=tally.__getitem__)
    return main


def view(graph: LinkGraph, detection: Detection, syndicate_id: str | None = None) -> View:
    main = _main_syndicate(graph, detection)
    if syndicate_id is not None and syndicate_id not in {s.id for s in detection.syndicates}:
        raise NotFound(f"no syndicate {syndicate_id!r} among those visible")
    keep = (
        set(range(len(graph.nodes)))
        if syndicate_id is None
        else {n for n, s in main.items() if s == syndicate_id}
    )
    nodes = []
    for position in sorted(keep):
        name = graph.nodes[position]
        node: dict[str, Any] = {"id": name, "kind": graph.kind(position), "label": name}
        node["syndicate"] = main.get(position, "")
        node["hub"] = bool(detection.is_hub[position])
        if node["kind"] == "report":
            report = graph.reports[name.removeprefix("report:")]
            node.update(
                label=report.report_id,
                type="report",
                agency=report.agency,
                date=report.reported_at.isoformat(),
                fraud_type=report.fraud_type,
            )
        elif node["kind"] == "identifier":
            identifier = graph.identifiers[name]
            node.update(label=identifier.value, type=identifier.type)
        elif node["kind"] == "person":
            person = graph.persons[name]
            node.update(label=person.label, type=person.role, agency=person.agency)
            node["names"] = list(person.names)  # empty unless the viewer may see them
            node["nationality"] = person.nationality or ""
        else:
            key = name.removeprefix("compound:")
            node.update(label=graph.compounds.get(key, key), type="compound")
        nodes.append(node)
    edges = []
    for number, (source, target) in enumerate(graph.edges):
        if source in keep and target in keep:
            ev = graph.evidence[number]
            edges.append(
                {
                    "id": f"e{number}",
                    "source": graph.nodes[source],
                    "target": graph.nodes[target],
                    "record": ev.record,
                    "agency": ev.agency,
                    "date": ev.at.isoformat(),
                    "raw": ev.raw,
                    "relation": ev.relation,
                }
            )
    return View(nodes, edges)


def cytoscape(v: View) -> dict[str, Any]:
    return {
        "elements": {
            "nodes": [{"data": node} for node in v.nodes],
            "edges": [{"data": edge} for edge in v.edges],
        }
    }


def graphml(v: View) -> str:
    index = {node["id"]: k for k, node in enumerate(v.nodes)}
    g = ig.Graph(n=len(v.nodes), edges=[(index[e["source"]], index[e["target"]]) for e in v.edges])
    g.vs["name"] = [node["id"] for node in v.nodes]
    for attribute in NODE_FIELDS:
        g.vs[attribute] = [str(node.get(attribute, "")) for node in v.nodes]
    for attribute in EDGE_FIELDS:
        g.es[attribute] = [e[attribute] for e in v.edges]
    handle, path = tempfile.mkstemp(suffix=".graphml")
    os.close(handle)
    try:
        g.write_graphml(path)
        with open(path, encoding="utf-8") as written:
            return written.read()
    finally:
        os.unlink(path)


def gexf(v: View) -> str:
    root = ET.Element("gexf", {"xmlns": "http://gexf.net/1.3", "version": "1.3"})
    ET.SubElement(ET.SubElement(root, "meta"), "creator").text = "scamgrid"
    graph = ET.SubElement(root, "graph", {"defaultedgetype": "undirected", "mode": "static"})
    for cls, fields in (("node", NODE_FIELDS[2:]), ("edge", EDGE_FIELDS)):
        declared = ET.SubElement(graph, "attributes", {"class": cls})
        for k, name in enumerate(fields):
            ET.SubElement(declared, "attribute", {"id": str(k), "title": name, "type": "string"})
    nodes = ET.SubElement(graph, "nodes")
    for node in v.nodes:
        element = ET.SubElement(nodes, "node", {"id": node["id"], "label": str(node["label"])})
        values = ET.SubElement(element, "attvalues")
        for k, name in enumerate(NODE_FIELDS[2:]):
            ET.SubElement(values, "attvalue", {"for": str(k), "value": str(node.get(name, ""))})
    edges = ET.SubElement(graph, "edges")
    for edge in v.edges:
        element = ET.SubElement(
            edges, "edge", {"id": edge["id"], "source": edge["source"], "target": edge["target"]}
        )
        values = ET.SubElement(element, "attvalues")
        for k, name in enumerate(EDGE_FIELDS):
            ET.SubElement(values, "attvalue", {"for": str(k), "value": str(edge[name])})
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def entity_id(name: str) -> str:
    return "scamgrid-" + hashlib.sha256(name.encode()).hexdigest()[:20]


HANDLE_TYPES = {"telegram", "wechat", "line", "whatsapp", "facebook"}
# FtM topics of a person by role: all are fraud; launderers also financial crime, recruiters
# (who lure workers into compounds) also trafficking.
ROLE_TOPICS = {"launderer": "crime.fin", "money_mule": "crime.fin", "recruiter": "crime.traffick"}


def _entity(schema: str, node_id: str, props: dict[str, list[str]]) -> EntityProxy:
    from followthemoney import model  # its schema loads in seconds: only for this format

    entity = model.make_entity(schema)
    entity.id = entity_id(node_id)
    for name, values in props.items():
        entity.add(name, [v for v in values if v])
    return entity


def _identifier_entity(node: dict[str, Any]) -> EntityProxy:
    kind, value = node["type"], node["label"]
    props: dict[str, list[str]]
    if kind == "bank_account":
        country, bank, digits = ([*value.split(":"), "", ""])[:3]
        schema = "BankAccount"
        props = {"accountNumber": [digits or value], "bankName": [bank], "country": [country]}
    elif kind == "iban":
        schema, props = "BankAccount", {"iban": [value]}
    elif kind == "crypto_wallet":
        chain, _, address = value.partition(":")
        schema, props = "CryptoWallet", {"publicKey": [address or value], "blockchain": [chain]}
    elif kind == "email":
        schema, props = "UserAccount", {"email": [value], "username": [value], "name": [value]}
    elif kind == "phone":
        schema = "UserAccount"
        props = {"phone": [value], "username": [value], "service": ["phone"], "name": [value]}
    elif kind in HANDLE_TYPES:
        schema, props = "UserAccount", {"username": [value], "service": [kind], "name": [value]}
    else:  # url, domain, ip, app, imei, imsi: an account-like identifier of its type
        schema, props = "UserAccount", {"username": [value], "name": [value], "service": [kind]}
    return _entity(schema, node["id"], props)


def _person_entity(node: dict[str, Any]) -> EntityProxy:
    """A person: its names where the viewer may see them, else its role and reference."""
    names = node["names"] or [node["label"]]
    role = node["type"]
    return _entity(
        "Person",
        node["id"],
        {
            "name": names[:1],
            "alias": names[1:],
            "nationality": [node["nationality"]],
            "topics": ["crime.fraud", ROLE_TOPICS.get(role, "")],
            "description": [f"{role.replace('_', ' ')} (scamgrid person of interest)"],
            "publisher": [node["agency"]],
        },
    )


def ftm_entities(v: View) -> Iterator[EntityProxy]:
    syndicates = sorted(
        {n["syndicate"] for n in v.nodes if n["kind"] == "report" and n["syndicate"]}
    )
    for syndicate in syndicates:
        yield _entity(
            "Organization",
            f"syndicate:{syndicate}",
            {"name": [f"Syndicate {syndicate}"], "topics": ["crime.fraud"]},
        )
    schema_of: dict[str, str] = {}
    for node in v.nodes:
        if node["kind"] == "report":
            entity = _entity(
                "Event",
                node["id"],
                {
                    "name": [node["label"]],
                    "date": [node["date"][:10]],
                    "summary": [f"scam report ({node['fraud_type']})"],
                    "recordId": [node["label"]],
                    "publisher": [node["agency"]],
                },
            )
            if node["syndicate"]:
                yield _link(f"syndicate:{node['syndicate']}", node["id"], "reported victim of", "")
        elif node["kind"] == "compound":
            entity = _entity(
                "Organization",
                node["id"],
                {"name": [node["label"]], "description": ["scam compound"]},
            )
        elif node["kind"] == "person":
            entity = _person_entity(node)
            if node["syndicate"]:
                yield _entity(
                    "Membership",
                    f"member:{node['id']}:{node['syndicate']}",
                    {
                        "member": [entity_id(node["id"])],
                        "organization": [entity_id(f"syndicate:{node['syndicate']}")],
                        "role": [node["type"]],
                    },
                )
        else:
            entity = _identifier_entity(node)
        schema_of[node["id"]] = entity.schema.name
        yield entity
    for edge in v.edges:
        person = edge["source"].startswith("person:")
        if person and edge["relation"] == "holds" and schema_of[edge["target"]] == "BankAccount":
            yield _ownership(edge)
        else:
            yield _link(edge["source"], edge["target"], edge["relation"], edge["date"][:10], edge)


def _link(
    subject: str, obj: str, role: str, date: str, edge: dict[str, Any] | None = None
) -> EntityProxy:
    props: dict[str, list[str]] = {
        "subject": [entity_id(subject)],
        "object": [entity_id(obj)],
        "role": [role],
        "date": [date],
    }
    if edge is not None:
        props["recordId"] = [edge["record"]]
        props["publisher"] = [edge["agency"]]
    return _entity("UnknownLink", f"link:{subject}:{obj}", props)


def _ownership(edge: dict[str, Any]) -> EntityProxy:
    """A person holds a bank account: FtM's Ownership."""
    return _entity(
        "Ownership",
        f"owns:{edge['source']}:{edge['target']}",
        {
            "owner": [entity_id(edge["source"])],
            "asset": [entity_id(edge["target"])],
            "role": ["account holder"],
            "date": [edge["date"][:10]],
            "recordId": [edge["record"]],
            "publisher": [edge["agency"]],
        },
    )


def render(
    graph: LinkGraph, detection: Detection, fmt: str, syndicate_id: str | None = None
) -> str:
    if fmt not in FORMATS:
        raise InvalidInput(f"--format: {fmt!r} is not one of {', '.join(FORMATS)}")
    v = view(graph, detection, syndicate_id)
    if fmt == "graphml":
        return graphml(v)
    if fmt == "gexf":
        return gexf(v)
    if fmt == "cytoscape":
        return orjson.dumps(cytoscape(v), option=orjson.OPT_INDENT_2).decode() + "\n"
    return "".join(orjson.dumps(e.to_dict()).decode() + "\n" for e in ftm_entities(v))
