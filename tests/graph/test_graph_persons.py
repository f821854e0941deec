"""Persons in the link graph: key figures rank them, explanations go through them, exports
carry them (names only where the asker may see them), and nothing hidden leaks.

Four syndicates of TH-CCIB reports. A recruiter (TH-CCIB's, GREEN, names not released) is
named in reports of syndicates 1-3; a mule holds syndicate 4's account. MM-MPF's RED report
names a secret launderer in syndicates 1 and 4 and adds a RED link from the recruiter to
syndicate 4's account: TH-CCIB and CN-MPS must see none of that, in any output or count.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from followthemoney import model
from typer.testing import CliRunner

from scamgrid.cli import get_app
from scamgrid.graph import explain, export, key_figures
from scamgrid.graph.build import LinkGraph, load
from scamgrid.graph.syndicates import Detection, Params, detect
from scamgrid.store import database
from scamgrid.store.visibility import SYSTEM, viewer_for_agency
from tests.factories import report
from tests.graph.conftest import gang_report, store_reports

RECRUITER = {"ref": "P-REC", "role": "recruiter", "names": ["Wang Wei"], "documents": ["E1234567"]}
ACCOUNT_4 = {"type": "bank_account", "value": "4434567894", "bank": "KBANK", "country": "TH"}
MULE = {"ref": "P-MULE", "role": "account_holder", "names": ["Somsak"], "identifiers": [ACCOUNT_4]}
SECRET = {"ref": "P-SECRET", "role": "launderer", "names": ["U Kyaw"]}


def rows() -> list[dict[str, Any]]:
    result = []
    for gang in range(1, 5):
        for serial in range(3):
            named: list[dict[str, Any]] = []
            if serial == 0 and gang <= 3:
                named.append(RECRUITER)
            if serial == 0 and gang == 4:
                named.append(MULE)
            result.append(gang_report(gang, serial, marking="TLP:GREEN", persons=named))
    secret = report(
        "MM-MPF-RED",
        agency="MM-MPF",
        marking="TLP:RED",
        indicators=[],
        persons=[
            {**SECRET, "identifiers": [ACCOUNT_4, {"type": "phone", "value": "0899999999"}]},
            {"ref": "P-REC", "role": "recruiter", "identifiers": [ACCOUNT_4]},
        ],
    )
    return [*result, secret]


def analysed(db_url: str, tmp_path: Path, agency: str | None) -> tuple[LinkGraph, Detection]:
    store_reports(db_url, tmp_path, rows())
    return seen_by(db_url, agency)


def test_a_recruiter_named_across_syndicates_tops_the_key_figures(
    db_url: str, tmp_path: Path
) -> None:
    graph, detection = analysed(db_url, tmp_path, "TH-CCIB")
    assert len(detection.syndicates) == 4  # persons tie syndicates, they do not merge them
    figures = key_figures.key_figures(graph, detection)
    top = figures[0]
    assert (top.node, top.kind, top.role, top.bridges) == ("person:P-REC", "person", "recruiter", 3)
    assert top.label == "Wang Wei"  # TH-CCIB's own person
    four = next(s.id for s in detection.syndicates if "TH-CCIB-2025-040000" in s.reports)
    within = key_figures.key_figures(graph, detection, four)
    mule = next(f for f in within if f.node == "person:P-MULE")
    assert mule.centrality > 0 and mule.syndicates == [four]


def test_an_explanation_goes_through_the_person_citing_each_report(
    db_url: str, tmp_path: Path
) -> None:
    graph, detection = analysed(db_url, tmp_path, "TH-CCIB")
    result = explain.explain(graph, "TH-CCIB-2025-010000", "TH-CCIB-2025-030000", detection.is_hub)
    assert result.linked and result.hops == 2
    hops = result.paths[0]
    assert [h.target for h in hops] == ["person:P-REC", "report:TH-CCIB-2025-030000"]
    assert [h.record for h in hops] == ["TH-CCIB-2025-010000", "TH-CCIB-2025-030000"]
    assert explain.resolve(graph, "P-REC") == "person:P-REC"


def test_others_see_no_secret_person_link_or_count_and_no_unreleased_name(
    db_url: str, tmp_path: Path
) -> None:
    store_reports(db_url, tmp_path, rows())
    for agency in ("TH-CCIB", "CN-MPS"):
        graph, detection = seen_by(db_url, agency)
        assert "person:P-SECRET" not in graph.index and "report:MM-MPF-RED" not in graph.index
        assert "phone:+66899999999" not in graph.index  # only the secret person uses it
        recruiter = graph.index["person:P-REC"]
        targets = {graph.nodes[b] for a, b in graph.edges if a == recruiter}
        assert not any(t.startswith("bank_account:") for t in targets)  # MM-MPF's RED link
        figures = {f.node: f for f in key_figures.key_figures(graph, detection, limit=100)}
        assert "person:P-SECRET" not in figures
        assert figures["person:P-REC"].bridges == 3 and figures["person:P-REC"].reports == 3
        text = "".join(export.render(graph, detection, fmt) for fmt in export.FORMATS)
        assert "P-SECRET" not in text and "U Kyaw" not in text and "MM-MPF" not in text
        assert ("Wang Wei" in text) == (agency == "TH-CCIB")  # names not released to CN-MPS
    graph, detection = seen_by(db_url, None)
    assert "person:P-SECRET" in graph.index  # the node itself sees everything
    figures = {f.node: f for f in key_figures.key_figures(graph, detection, limit=100)}
    # MM-MPF's RED report (a syndicate of its own) names it and ties it to syndicate 4's account.
    assert figures["person:P-REC"].bridges == 5


def seen_by(db_url: str, agency: str | None) -> tuple[LinkGraph, Detection]:
    with database.session(db_url) as session:
        graph = load(session, viewer_for_agency(session, agency) if agency else SYSTEM)
    return graph, detect(graph, Params())


def test_ftm_export_holds_valid_person_membership_and_ownership_entities(
    db_url: str, tmp_path: Path
) -> None:
    graph, detection = analysed(db_url, tmp_path, "TH-CCIB")
    entities = [json.loads(line) for line in export.render(graph, detection, "ftm").splitlines()]
    for data in entities:
        proxy = model.get_proxy(data, cleaned=False)
        for name, values in data["properties"].items():
            prop = proxy.schema.get(name)
            assert prop is not None and all(prop.type.validate(v) for v in values), (name, values)
        assert not set(proxy.schema.required) - set(data["properties"]), data
    by_schema: dict[str, list[dict[str, Any]]] = {}
    for data in entities:
        by_schema.setdefault(data["schema"], []).append(data)
    names = {p["properties"]["name"][0] for p in by_schema["Person"]}
    assert names == {"Wang Wei", "Somsak"}
    assert len(by_schema["Membership"]) == 2
    (owned,) = by_schema["Ownership"]
    assert owned["properties"]["owner"] == [export.entity_id("person:P-MULE")]
    cytoscape = json.loads(export.render(graph, detection, "cytoscape"))
    node = next(
        n["data"] for n in cytoscape["elements"]["nodes"] if n["data"]["id"] == "person:P-REC"
    )
    assert (
        node["kind"] == "person" and node["type"] == "recruiter" and node["names"] == ["Wang Wei"]
    )


def test_the_cli_adds_links_and_ranks_a_person(db_url: str, tmp_path: Path) -> None:
    store_reports(db_url, tmp_path, [gang_report(g, s) for g in (1, 2) for s in range(2)])
    runner, app = CliRunner(), get_app()
    add = [
        "person",
        "add",
        "P-LAUNDER",
        "--role",
        "launderer",
        "--name",
        "Chen",
        "--agency",
        "TH-CCIB",
    ]
    assert runner.invoke(app, add).exit_code == 0
    for account in ("TH:KBANK:1134567891", "TH:KBANK:2234567892"):
        done = runner.invoke(app, ["person", "link", "P-LAUNDER", account, "--agency", "TH-CCIB"])
        assert done.exit_code == 0, done.output
    result = runner.invoke(app, ["graph", "key-figures", "--json"])
    assert result.exit_code == 0, result.output
    top = json.loads(result.output)[0]
    assert (top["node"], top["bridges"], top["label"]) == ("person:P-LAUNDER", 2, "Chen")
    path = runner.invoke(app, ["graph", "explain", "TH-CCIB-2025-010000", "P-LAUNDER"])
    assert path.exit_code == 0 and "person:P-LAUNDER" in path.output
    listed = runner.invoke(app, ["person", "list", "--as-agency", "MM-MPF", "--json"])
    assert json.loads(listed.output) == []  # AMBER in TH-CCIB's group: not MM-MPF's to see


def test_a_document_match_joins_two_agencies_persons_only_where_names_may_be_seen(
    db_url: str, tmp_path: Path
) -> None:
    passport = ["E7654321"]
    th = {"ref": "TH-P", "role": "launderer", "names": ["Li Qiang"], "documents": passport}
    cn = {"ref": "CN-P", "role": "launderer", "names": ["李强"], "documents": passport}
    amber = {"marking": "TLP:AMBER", "sharing_group": "th-cn"}
    rows = [
        gang_report(1, 0, persons=[th], **amber),
        gang_report(1, 1, **amber),
        gang_report(2, 0, agency="CN-MPS", persons=[cn], **amber),
        gang_report(2, 1, agency="CN-MPS", **amber),
    ]
    store_reports(db_url, tmp_path, rows)
    graph, detection = seen_by(db_url, None)
    same = [
        (graph.nodes[a], graph.nodes[b])
        for (a, b), ev in zip(graph.edges, graph.evidence, strict=True)
        if ev.relation == "same_document"
    ]
    assert same == [("person:CN-P", "person:TH-P")]
    figures = {f.node: f for f in key_figures.key_figures(graph, detection)}
    assert figures["person:TH-P"].bridges == 2  # its own syndicate and CN-MPS's, via the match
    for agency in ("TH-CCIB", "CN-MPS"):  # each sees the other's person, not its names
        graph, detection = seen_by(db_url, agency)
        assert {"person:TH-P", "person:CN-P"} <= set(graph.index)
        assert not any(ev.relation == "same_document" for ev in graph.evidence)
        assert "person:TH-P" not in {f.node for f in key_figures.key_figures(graph, detection)}
