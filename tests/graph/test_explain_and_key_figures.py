"""Explanations cite their evidence; key figures rank by centrality and syndicates bridged."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from scamgrid.cli import get_app
from scamgrid.errors import NotFound
from scamgrid.graph import explain, key_figures, transactions
from scamgrid.graph.build import LinkGraph, load
from scamgrid.graph.syndicates import Params, detect
from scamgrid.store import database
from scamgrid.store.visibility import SYSTEM
from tests.graph.conftest import gang_report, gangs, store_reports

LAUNDERER = {"type": "crypto_wallet", "value": "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t"}


def graph_of(db_url: str) -> LinkGraph:
    with database.session(db_url) as session:
        return load(session, SYSTEM)


def test_two_reports_sharing_a_phone_are_explained_by_one_cited_hop_each(
    db_url: str, tmp_path: Path
) -> None:
    store_reports(db_url, tmp_path, gangs(count=6, size=4))
    graph = graph_of(db_url)
    result = explain.explain(graph, "TH-CCIB-2025-010001", "TH-CCIB-2025-010003")
    assert result.linked and result.hops == 2
    first = result.paths[0]
    assert [h.target for h in first] == ["phone:+66811234567", "report:TH-CCIB-2025-010003"]
    assert [h.record for h in first] == ["TH-CCIB-2025-010001", "TH-CCIB-2025-010003"]
    assert first[0].agency == "TH-CCIB" and first[0].at.year == 2025
    assert first[0].raw == "0811234567"


def test_a_path_through_a_hub_is_offered_only_when_nothing_better_links(
    db_url: str, tmp_path: Path
) -> None:
    store_reports(db_url, tmp_path, gangs(count=6, size=4))
    graph = graph_of(db_url)
    detection = detect(graph, Params())
    result = explain.explain(graph, "TH-CCIB-2025-010000", "TH-CCIB-2025-020000", detection.is_hub)
    assert result.hops == 2
    assert result.paths[0][0].target == "phone:+6628888888" and result.paths[0][0].hub


def test_explaining_an_identifier_nobody_reported_is_not_found(db_url: str, tmp_path: Path) -> None:
    store_reports(db_url, tmp_path, gangs(count=2, size=2))
    with pytest.raises(NotFound, match="visible"):
        explain.explain(graph_of(db_url), "TH-CCIB-2025-010000", "0899999999")


def test_a_wallet_used_by_three_syndicates_is_the_top_bridge(db_url: str, tmp_path: Path) -> None:
    rows = gangs(count=6, size=4)
    rows += [gang_report(g, 9, LAUNDERER) for g in (1, 2, 3)]
    store_reports(db_url, tmp_path, rows)
    graph = graph_of(db_url)
    hotline = frozenset({"phone:+6628888888"})
    merged = detect(graph, Params(allowlist=hotline))  # 3 groups: below the hub threshold
    assert sorted(len(s.reports) for s in merged.syndicates) == [4, 4, 4, 15]
    detection = detect(graph, Params(hub_groups=2.5, allowlist=hotline))
    figures = key_figures.key_figures(graph, detection)
    assert figures[0].node == "crypto_wallet:tron:TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t"
    assert figures[0].bridges == 3 and len(set(figures[0].syndicates)) == 3
    assert figures[-1].node == "phone:+6628888888" and figures[-1].known_hub
    assert [f.hub for f in figures] == sorted(f.hub for f in figures)  # real bridges first


def test_within_a_syndicate_its_most_cited_identifier_is_most_central(
    db_url: str, tmp_path: Path
) -> None:
    store_reports(db_url, tmp_path, gangs(count=6, size=4))
    result = CliRunner().invoke(get_app(), ["graph", "syndicates", "--json"])
    first = json.loads(result.output)["syndicates"][0]["id"]
    result = CliRunner().invoke(get_app(), ["graph", "key-figures", "--syndicate", first, "--json"])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.output)
    assert figures[0]["kind"] == "phone"  # cited by all four reports
    assert figures[0]["centrality"] > figures[1]["centrality"]
    assert figures[-1]["hub"]  # the hotline is listed last


def test_cli_explain_prints_every_hop_with_its_source(db_url: str, tmp_path: Path) -> None:
    store_reports(db_url, tmp_path, gangs(count=2, size=2))
    args = ["graph", "explain", "TH-CCIB-2025-010000", "TH-CCIB-2025-010001"]
    result = CliRunner().invoke(get_app(), args)
    assert result.exit_code == 0, result.output
    assert "per TH-CCIB-2025-010001 (TH-CCIB, 2025-02-03)" in result.output


def test_an_otc_desk_paid_by_two_syndicates_bridges_them_and_explains_their_link(
    db_url: str, tmp_path: Path
) -> None:
    store_reports(db_url, tmp_path, gangs(count=6, size=2))
    desk, mule = "KH:ABA:5555555555", "TH:SCB:7777777777"
    payments = tmp_path / "paid.csv"
    payments.write_text(
        "txn_id,occurred_at,amount,currency,rail,from_type,from,to_type,to\n"
        f"P1,2025-03-01T10:00:00Z,900,THB,bank,bank_account,TH:KBANK:1134567891,bank_account,{mule}\n"
        f"P2,2025-03-01T12:00:00Z,890,THB,bank,bank_account,{mule},bank_account,{desk}\n"
        f"P3,2025-03-02T10:00:00Z,500,THB,bank,bank_account,TH:KBANK:2234567892,bank_account,{desk}\n"
    )
    labels = tmp_path / "labels.csv"
    labels.write_text(f"type,value,label\nbank_account,{desk},otc\n")
    with database.session(db_url) as session:
        transactions.ingest(session, payments, "TH-CCIB", "TLP:GREEN")
        transactions.ingest_labels(session, labels)
    graph = graph_of(db_url)
    detection = detect(graph, Params())
    assert len(detection.syndicates) == 6  # money ties syndicates in key figures, not merges
    figures = {f.node: f for f in key_figures.key_figures(graph, detection, limit=50)}
    assert figures[f"bank_account:{desk}"].bridges == 2
    assert f"bank_account:{mule}" not in figures  # one syndicate's second-layer mule
    result = explain.explain(graph, "TH-CCIB-2025-010000", "TH-CCIB-2025-020000", detection.is_hub)
    assert [h.record for h in result.paths[0]][1:4] == ["P1", "P2", "P3"]  # not the hotline
    assert result.paths[0][1].raw.endswith(" THB")
