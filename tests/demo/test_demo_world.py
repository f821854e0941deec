from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from scamgrid.demo.seed import build_and_seed, write_world
from scamgrid.demo.world import build_world
from scamgrid.store import database


def test_the_same_seed_writes_the_same_files(tmp_path: Path) -> None:
    a = write_world(build_world(seed=11, reports=400), tmp_path / "a")
    b = write_world(build_world(seed=11, reports=400), tmp_path / "b")
    for name in ["reports.jsonl", "reports.csv", "ground_truth.csv"]:
        assert (a.folder / name).read_bytes() == (b.folder / name).read_bytes()


def test_demo_world_ingests_cleanly_and_twice_gives_the_same_database(
    db_url: str, tmp_path: Path
) -> None:
    world, first = build_and_seed(tmp_path / "demo", seed=5, reports=1500, url=db_url)
    assert [s.rejected for s in first] == [0, 0], [s.errors[:3] for s in first]
    assert sum(s.inserted for s in first) == 1500
    assert len(world.syndicates) >= 40
    with database.engine(db_url).connect() as conn:
        counts = [
            conn.execute(text(f"SELECT count(*) FROM {t}")).scalar_one()
            for t in ("agencies", "reports", "indicators", "sightings")
        ]
    _, second = build_and_seed(tmp_path / "demo", seed=5, reports=1500, url=db_url)
    assert sum(s.unchanged for s in second) == 1500
    with database.engine(db_url).connect() as conn:
        again = [
            conn.execute(text(f"SELECT count(*) FROM {t}")).scalar_one()
            for t in ("agencies", "reports", "indicators", "sightings")
        ]
    assert again == counts
    assert counts[0] == 7


def test_reports_carry_identifiers_in_many_surface_forms() -> None:
    world = build_world(seed=2, reports=600)
    phones = [i["value"] for r in world.reports for i in r["indicators"] if i["type"] == "phone"]
    assert any(v.startswith("+") for v in phones)
    assert any(v.startswith("0") and not v.startswith("00") for v in phones)
    assert any(any("๐" <= c <= "๙" for c in v) for v in phones)
    urls = [i["value"] for r in world.reports for i in r["indicators"] if i["type"] == "url"]
    assert any("[.]" in v for v in urls)
