"""The done-means of syndicate detection: ARI >= 0.95 on a demo world with planted hubs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from scamgrid.cli import get_app
from scamgrid.demo.money import seed_money, write_money
from scamgrid.demo.persons import plant_persons, seed_persons, write_truth
from scamgrid.demo.seed import ensure_agencies, seed_store, write_world
from scamgrid.demo.world import build_world


def test_syndicates_of_a_demo_world_reach_ari_095_despite_hubs(db_url: str, tmp_path: Path) -> None:
    world = build_world(seed=11, reports=800, syndicates=14)
    files = write_world(world, tmp_path / "demo")
    seed_store(files, db_url)
    result = CliRunner().invoke(get_app(), ["graph", "evaluate", str(files.truth), "--json"])
    assert result.exit_code == 0, result.output
    score = json.loads(result.output)
    assert score["reports"] == 800
    assert score["adjusted_rand_index"] >= 0.95
    hubs = set(score["hubs"])
    assert {"domain:facebook.com", "phone:+6628888888"} <= hubs
    assert not any(h.startswith("bank_account:") for h in hubs)  # no syndicate asset is a hub


def test_evaluation_names_the_row_and_field_of_a_bad_truth_file(
    db_url: str, tmp_path: Path
) -> None:
    truth = tmp_path / "truth.csv"
    truth.write_text("report_id,syndicate_id\nR-1,S-1\nR-2,\n")
    result = CliRunner().invoke(get_app(), ["graph", "evaluate", str(truth)])
    assert result.exit_code == 2
    assert "row 3, field syndicate_id" in result.output


def test_planted_persons_are_tied_to_their_syndicates_and_the_world_stays_the_same(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A world this small has too few syndicates to tell its hubs by spread: name them.
    hubs = "phone:+6628888888,phone:+864008200588,domain:facebook.com,telegram:botfather"
    deposit = "url:https://www.binance.com/en/my/wallet/account/main/deposit/crypto"
    monkeypatch.setenv("SCAMGRID_GRAPH_HUB_ALLOWLIST", f"{hubs},domain:binance.com,{deposit}")
    world = build_world(seed=5, reports=300, syndicates=8)
    before = json.dumps(world.reports, sort_keys=True)
    planted = plant_persons(world)
    without = [{k: v for k, v in r.items() if k != "persons"} for r in world.reports]
    assert json.dumps(without, sort_keys=True) == before  # persons only add to the reports
    files = write_world(world, tmp_path / "demo")
    write_truth(planted, files.folder)
    ensure_agencies(db_url)
    assert seed_persons(planted, db_url) == len(planted)
    assert seed_persons(planted, db_url) == 0  # idempotent
    seed_store(files, db_url)
    seed_money(write_money(world, files.folder / "money"), db_url)
    result = CliRunner().invoke(get_app(), ["graph", "evaluate", str(files.truth), "--json"])
    assert result.exit_code == 0, result.output
    score = json.loads(result.output)
    assert score["adjusted_rand_index"] >= 0.95
    persons = score["persons"]
    assert persons["persons"] == len(planted)
    assert persons["recall"] >= 0.95 and persons["precision"] >= 0.95, persons
    roles = {p.role for p in planted}
    assert roles == {"recruiter", "launderer", "account_holder"}
    assert all(len(p.syndicates) >= 2 for p in planted if p.role == "recruiter")
    assert any(len(p.syndicates) >= 2 for p in planted if p.role == "launderer")
