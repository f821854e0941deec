"""Exports parse in the tools' own readers and carry every node's syndicate and every edge's
evidence; FtM entities are valid against the FollowTheMoney schema."""

from __future__ import annotations

import io
import json
from pathlib import Path

import networkx as nx
import pytest
from followthemoney import model
from typer.testing import CliRunner

from scamgrid.cli import get_app
from scamgrid.errors import InvalidInput, NotFound
from scamgrid.graph import export
from scamgrid.graph.build import LinkGraph, load
from scamgrid.graph.syndicates import Detection, Params, detect
from scamgrid.store import database
from scamgrid.store.visibility import SYSTEM
from tests.factories import report
from tests.graph.conftest import gangs, store_reports


def stored(db_url: str, tmp_path: Path) -> tuple[LinkGraph, Detection]:
    rows = gangs(count=6, size=3)
    rows.append(report("TH-CCIB-2025-999999"))  # every identifier type of the factory
    store_reports(db_url, tmp_path, rows)
    with database.session(db_url) as session:
        graph = load(session, SYSTEM)
    return graph, detect(graph, Params())


def test_graphml_and_gexf_read_back_with_nodes_edges_and_attributes(
    db_url: str, tmp_path: Path
) -> None:
    graph, detection = stored(db_url, tmp_path)
    for fmt, read in (("graphml", nx.read_graphml), ("gexf", nx.read_gexf)):
        text = export.render(graph, detection, fmt)
        g = read(io.BytesIO(text.encode()))
        assert g.number_of_nodes() == len(graph.nodes), fmt
        assert g.number_of_edges() == len(graph.edges), fmt
    g = nx.read_graphml(io.BytesIO(export.render(graph, detection, "graphml").encode()))
    node = next(d for _, d in g.nodes(data=True) if d["name"] == "report:TH-CCIB-2025-010001")
    assert node["kind"] == "report" and node["syndicate"].startswith("S-")
    edge = next(d for _, _, d in g.edges(data=True) if d["record"] == "TH-CCIB-2025-010001")
    assert edge["agency"] == "TH-CCIB" and edge["date"].startswith("2025-02-03")


def test_cytoscape_json_of_one_syndicate_holds_only_its_nodes(db_url: str, tmp_path: Path) -> None:
    graph, detection = stored(db_url, tmp_path)
    first = detection.syndicates[0]
    data = json.loads(export.render(graph, detection, "cytoscape", first.id))
    nodes = {n["data"]["id"] for n in data["elements"]["nodes"]}
    reports = {n.removeprefix("report:") for n in nodes if n.startswith("report:")}
    assert reports == set(first.reports)
    assert all(
        e["data"]["source"] in nodes and e["data"]["target"] in nodes
        for e in data["elements"]["edges"]
    )
    with pytest.raises(NotFound):
        export.render(graph, detection, "cytoscape", "S-nothere")


def test_ftm_entities_are_valid_followthemoney(db_url: str, tmp_path: Path) -> None:
    graph, detection = stored(db_url, tmp_path)
    lines = export.render(graph, detection, "ftm").splitlines()
    schemata = set()
    ids = set()
    for line in lines:
        data = json.loads(line)
        proxy = model.get_proxy(data, cleaned=False)  # raises on unknown schema or property
        for name, values in data["properties"].items():
            prop = proxy.schema.get(name)
            assert prop is not None, (data["schema"], name)
            assert all(prop.type.validate(v) for v in values), (data["schema"], name, values)
        schemata.add(proxy.schema.name)
        ids.add(proxy.id)
    assert {"Event", "Organization", "BankAccount", "CryptoWallet", "UserAccount"} <= schemata
    assert "UnknownLink" in schemata
    links = [json.loads(line) for line in lines if '"UnknownLink"' in line]
    assert all(set(link["properties"]["subject"]) <= ids for link in links)
    assert all(set(link["properties"]["object"]) <= ids for link in links)


def test_an_unknown_format_is_refused_by_name(db_url: str, tmp_path: Path) -> None:
    graph, detection = stored(db_url, tmp_path)
    with pytest.raises(InvalidInput, match="dot"):
        export.render(graph, detection, "dot")
    result = CliRunner().invoke(get_app(), ["graph", "export", "--format", "dot"])
    assert result.exit_code == 2


def test_cli_writes_the_export_to_a_file(db_url: str, tmp_path: Path) -> None:
    stored(db_url, tmp_path)
    out = tmp_path / "graph.gexf"
    result = CliRunner().invoke(
        get_app(), ["graph", "export", "--format", "gexf", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert out.read_text().startswith('<?xml version="1.0" encoding="UTF-8"?>\n<gexf')
