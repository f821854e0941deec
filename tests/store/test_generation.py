"""The store generation (migration 0014): triggers bump it on every write a look-up reads."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from sqlalchemy import delete, inspect, text, update

from scamgrid.ingest.load import ingest_reports
from scamgrid.sharing import agencies
from scamgrid.store import database, generation
from scamgrid.store.tables import Agency, Indicator, Report, Sighting
from tests.factories import agencies_and_groups, report, write_jsonl

PHONE = {"type": "phone", "value": "+66812345678"}


def _generation(url: str) -> int:
    with database.engine(url).connect() as conn:
        return generation.current(conn)


def _triggers(url: str) -> set[str]:
    with database.engine(url).connect() as conn:
        if conn.dialect.name == "postgresql":
            query = "SELECT tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            query += "WHERE c.relnamespace = current_schema()::regnamespace AND NOT tgisinternal"
        else:
            query = "SELECT name FROM sqlite_master WHERE type = 'trigger'"
        return {name for (name,) in conn.execute(text(query))}


def _expected(url: str) -> set[str]:
    events = {
        "reports": ("update", "delete"),
        "sightings": ("insert", "update", "delete"),
        "indicators": ("update", "delete"),
        "agencies": ("update", "delete"),
    }
    if url.startswith("postgresql"):
        return {f"{table}_generation" for table in events}
    return {f"{table}_generation_{event}" for table, kinds in events.items() for event in kinds}


def test_triggers_exist_on_a_fresh_and_on_an_upgraded_store(db_url: str, tmp_path: Path) -> None:
    assert _expected(db_url) <= _triggers(db_url)
    agencies_and_groups(db_url)
    ingest_reports(
        write_jsonl(tmp_path / "r.jsonl", [report("TH-1", indicators=[PHONE])]), url=db_url
    )
    # An existing store from before 0014, with data, upgraded.
    config = database.alembic_config(db_url)
    with database.engine_for(db_url).begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0014-1")
    assert not _triggers(db_url) & _expected(db_url)
    with database.engine(db_url).connect() as conn:
        assert "store_generation" not in inspect(conn).get_table_names()
    database.upgrade(db_url)
    assert _expected(db_url) <= _triggers(db_url)
    with database.engine(db_url).connect() as conn:
        assert "0014" in database.current_revisions(conn)
    before = _generation(db_url)
    ingest_reports(
        write_jsonl(tmp_path / "s.jsonl", [report("TH-2", indicators=[PHONE])]), url=db_url
    )
    assert _generation(db_url) > before


def test_every_write_to_what_a_lookup_reads_moves_the_generation(
    db_url: str, tmp_path: Path
) -> None:
    agencies_and_groups(db_url)
    seen = [_generation(db_url)]

    def moved() -> bool:
        seen.append(_generation(db_url))
        return seen[-1] > seen[-2]

    ingest_reports(
        write_jsonl(tmp_path / "r.jsonl", [report("TH-1", indicators=[PHONE])]), url=db_url
    )
    assert moved()
    writes = [
        update(Report).values(fraud_type="loan"),
        update(Sighting).values(raw="+66 81 234 5678"),
        update(Indicator).values(country="TH"),
        update(Agency).where(Agency.code == "MM-MPF").values(name="Myanmar Police Force"),
        delete(Sighting),
        delete(Indicator),
        delete(Report),
    ]
    for write in writes:
        with database.session(db_url) as session:
            session.execute(write)
        assert moved(), write
    # A read, a rolled-back write, a new agency (in no answer yet) and a write elsewhere (the
    # audit trail) leave it alone.
    with database.session(db_url) as session:
        agencies.add_agency(session, "LA-MPS", "Ministry of Public Security", "LA")
    with database.engine(db_url).connect() as conn:
        conn.execute(update(Agency).values(name="x"))
        conn.rollback()
    with database.session(db_url) as session:
        session.execute(text("DELETE FROM audit_events"))
    assert not moved()
