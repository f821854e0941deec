"""Migration 0015 gives held compounds and their links a version, losing none of them."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from scamgrid.store import database

ROWS = [
    "INSERT INTO agencies (code, name, country, created_at) "
    "VALUES ('TH-CCIB', 'CCIB', 'TH', '2026-01-01 00:00:00')",
    "INSERT INTO compounds (key, name, aliases, country, area, controlling_group, nationalities, "
    "status, agency_id, marking, created_at) VALUES ('kk-park', 'KK', '[]', 'MM', '', '', '{}', "
    "'raided', 1, 'TLP:GREEN', '2026-01-01 00:00:00')",
    "INSERT INTO compound_events (compound_id, status, at, note) "
    "VALUES (1, 'raided', '2026-02-01 00:00:00', '')",
    "INSERT INTO compound_links (compound_id, kind, ref) VALUES (1, 'person', 'TH-P-1')",
]


def test_compounds_get_their_latest_event_as_version_and_keep_their_links(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    database.upgrade(url, "0006")  # a node from before compounds carried versions
    with database.engine_for(url).begin() as connection:
        for row in ROWS:
            connection.execute(text(row))
    database.upgrade(url)
    with database.engine_for(url).begin() as connection:
        compound = connection.execute(text("SELECT updated_at, origin_node FROM compounds")).one()
        links = connection.execute(text("SELECT ref, updated_at FROM compound_links")).all()
        events = connection.execute(text("SELECT count(*) FROM compound_events")).scalar()
    assert compound[0].startswith("2026-02-01") and compound[1] is None  # recorded here
    assert [(ref, at[:10]) for ref, at in links] == [("TH-P-1", "2026-01-01")]
    assert events == 1
