"""Syndicate detection on real stores: shared identifiers link reports, hubs link nothing."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from scamgrid.cli import get_app
from scamgrid.graph import syndicates
from scamgrid.graph.build import LinkGraph, load
from scamgrid.graph.syndicates import Params, detect, effective_groups
from scamgrid.store import database
from scamgrid.store.visibility import SYSTEM
from tests.graph.conftest import gangs, store_reports


def graph_of(db_url: str) -> LinkGraph:
    with database.session(db_url) as session:
        return load(session, SYSTEM)


def test_reports_sharing_identifiers_form_one_syndicate_each(db_url: str, tmp_path: Path) -> None:
    store_reports(db_url, tmp_path, gangs(count=6, size=4))
    detection = detect(graph_of(db_url), Params())
    assert sorted(len(s.reports) for s in detection.syndicates) == [4] * 6
    for s in detection.syndicates:
        assert len({r[:-4] for r in s.reports}) == 1  # all of one gang
        assert s.identifiers[0].type in ("phone", "bank_account")
        assert s.fraud_types == {"impersonation": 4}
        assert s.losses == {"THB": 500000}


def test_a_hotline_cited_by_unrelated_syndicates_is_a_hub(db_url: str, tmp_path: Path) -> None:
    store_reports(db_url, tmp_path, gangs(count=6, size=4))
    detection = detect(graph_of(db_url), Params())
    assert [(h.type, h.value, h.reports) for h in detection.hubs] == [("phone", "+6628888888", 6)]
    assert detection.hubs[0].groups >= 4


def test_without_hub_handling_the_hotline_merges_everything(db_url: str, tmp_path: Path) -> None:
    store_reports(db_url, tmp_path, gangs(count=6, size=4))
    detection = detect(graph_of(db_url), Params(hub_groups=float("inf")))
    assert [len(s.reports) for s in detection.syndicates] == [24]


def test_an_allow_listed_identifier_is_a_hub_whatever_its_spread(
    db_url: str, tmp_path: Path
) -> None:
    store_reports(db_url, tmp_path, gangs(count=2, size=4))
    merged = detect(graph_of(db_url), Params())
    assert [len(s.reports) for s in merged.syndicates] == [8]  # two groups are not "many"
    split = detect(graph_of(db_url), Params(allowlist=frozenset({"phone:+6628888888"})))
    assert [len(s.reports) for s in split.syndicates] == [4, 4]


def test_large_components_are_split_into_communities(db_url: str, tmp_path: Path) -> None:
    store_reports(db_url, tmp_path, gangs(count=6, size=4))
    detection = detect(graph_of(db_url), Params(hub_groups=float("inf"), split_reports=10))
    assert sorted(len(s.reports) for s in detection.syndicates) == [4] * 6


def test_effective_groups_is_one_for_one_group_and_n_for_n_equal_groups() -> None:
    # nodes 0-3 reports, 4 and 5 identifiers; groups of the reports: 0, 0, 1, 2
    edges = np.array([[0, 4], [1, 4], [0, 5], [1, 5], [2, 5], [3, 5]])
    groups = np.array([0, 0, 1, 2, 9, 9])
    result = effective_groups(6, edges, groups)
    assert result[4] == pytest.approx(1.0)
    assert result[5] == pytest.approx(16 / 6)  # shares 1/2, 1/4, 1/4


def test_allow_list_setting_must_name_type_and_value(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SCAMGRID_GRAPH_HUB_ALLOWLIST", "facebook.com")
    with pytest.raises(syndicates.InvalidInput, match="TYPE:VALUE"):
        Params.from_settings()


def test_cli_lists_each_syndicates_report_ids_as_json(db_url: str, tmp_path: Path) -> None:
    store_reports(db_url, tmp_path, gangs(count=6, size=4))
    result = CliRunner().invoke(get_app(), ["graph", "syndicates", "--json", "--min-reports", "2"])
    assert result.exit_code == 0, result.output
    listed = json.loads(result.output)
    assert len(listed["syndicates"]) == 6
    assert all(len(s["reports"]) == 4 for s in listed["syndicates"])
    assert listed["hubs"][0]["value"] == "+6628888888"
