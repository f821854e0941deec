"""The done-means of syndicate detection: ARI >= 0.95 on a demo world with planted hubs."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from scamgrid.cli import get_app
from scamgrid.demo.seed import seed_store, write_world
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
