from __future__ import annotations

from sqlalchemy import text
from typer.testing import CliRunner

from scamgrid.cli import get_app
from scamgrid.sharing import audit
from scamgrid.store import database

ACTOR = audit.Actor("analyst@th-ccib.example.org", "TH-CCIB")


def write_events(url: str, n: int) -> None:
    for i in range(n):
        with database.session(url) as session:
            audit.record(session, ACTOR, "report.read", "report", f"R-{i}", owner="CN-MPS")


def test_an_untouched_chain_verifies(db_url: str) -> None:
    write_events(db_url, 5)
    with database.engine(db_url).connect() as conn:
        verdict = audit.verify(conn)
    assert (verdict.ok, verdict.events) == (True, 5)


def test_editing_an_event_is_detected_and_named(db_url: str) -> None:
    write_events(db_url, 5)
    with database.engine(db_url).begin() as conn:
        conn.execute(text("UPDATE audit_events SET target_id = 'R-x' WHERE id = 3"))
    with database.engine(db_url).connect() as conn:
        verdict = audit.verify(conn)
    assert (verdict.ok, verdict.first_broken) == (False, 3)
    assert "edited" in verdict.reason


def test_deleting_an_event_is_detected_and_named(db_url: str) -> None:
    write_events(db_url, 5)
    with database.engine(db_url).begin() as conn:
        conn.execute(text("DELETE FROM audit_events WHERE id = 2"))
    with database.engine(db_url).connect() as conn:
        verdict = audit.verify(conn)
    assert (verdict.ok, verdict.first_broken) == (False, 3)


def test_cutting_off_the_tail_is_detected(db_url: str) -> None:
    write_events(db_url, 5)
    with database.engine(db_url).begin() as conn:
        conn.execute(text("DELETE FROM audit_events WHERE id >= 4"))
    with database.engine(db_url).connect() as conn:
        verdict = audit.verify(conn)
    assert verdict.ok is False and verdict.first_broken == 5


def test_audit_verify_command_fails_and_names_the_event(db_url: str) -> None:
    write_events(db_url, 3)
    runner = CliRunner()
    ok = runner.invoke(get_app(), ["audit", "verify"])
    assert ok.exit_code == 0 and "3 events" in ok.output
    with database.engine(db_url).begin() as conn:
        conn.execute(text("UPDATE audit_events SET detail = '{}' WHERE id = 2"))
    broken = runner.invoke(get_app(), ["audit", "verify"])
    assert broken.exit_code == 1
    assert "event 2" in broken.output
