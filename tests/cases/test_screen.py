"""`scamgrid screen NAME`: one person against the watch lists, across scripts."""

from __future__ import annotations

from pathlib import Path

import orjson
from sqlalchemy import select
from typer.testing import CliRunner

from scamgrid.cases import watchlists
from scamgrid.cli import get_app
from scamgrid.store import database
from scamgrid.store.tables import AuditEvent
from tests.cases.conftest import acting

WANTED = (
    "id,name,aliases,dob,nationality,passport,category,reason\n"
    "W1,张伟,,1990-05-01,CN,,wanted,fraud\n"
    "W2,ဦးအောင်ကျော်,,1984-08-10,MM,,wanted,trafficking\n"
    "W3,Zhang Wei,,1961-01-01,CN,,wanted,look-alike born 1961\n"
)


def loaded(store: str, tmp_path: Path, marking: str = "TLP:AMBER") -> None:
    path = tmp_path / "wanted.csv"
    path.write_text(WANTED, encoding="utf-8")
    with acting(store, "TH-CCIB") as (session, viewer, actor):
        watchlists.load(session, viewer, actor, path, "wanted", marking, "th-cn")


def screen(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(get_app(), ["screen", *args])
    return result.exit_code, result.output


def test_pinyin_finds_the_entry_listed_in_characters(store: str, tmp_path: Path) -> None:
    loaded(store, tmp_path)
    code, out = screen("ZHANG WEI", "--dob", "1990-05-01", "--nationality", "cn", "--json")
    assert code == 0, out
    data = orjson.loads(out)
    assert data["classification"] == "wanted"
    assert data["hits"][0]["ref"] == "wanted/W1"
    assert "same date of birth" in data["hits"][0]["reasons"]
    assert "pinyin" in data["hits"][0]["reasons"][0]
    assert [h["ref"] for h in data["hits"]] == ["wanted/W1"]  # W3 was born in 1961


def test_burmese_honorifics_do_not_hide_a_wanted_person(store: str, tmp_path: Path) -> None:
    loaded(store, tmp_path)
    code, out = screen("Mg Aung Kyaw", "--dob", "1984-08-10")
    assert code == 0, out
    assert out.startswith("wanted")
    assert "wanted/W2" in out


def test_a_name_without_birth_date_is_a_suspect_at_most(store: str, tmp_path: Path) -> None:
    loaded(store, tmp_path)
    data = orjson.loads(screen("Zhang Wei", "--json")[1])
    assert data["classification"] == "suspect"
    assert {h["ref"] for h in data["hits"]} == {"wanted/W1", "wanted/W3"}


def test_only_lists_the_agency_may_see_are_screened(store: str, tmp_path: Path) -> None:
    loaded(store, tmp_path)
    data = orjson.loads(screen("张伟", "--dob", "1990-05-01", "--as-agency", "MM-MPF", "--json")[1])
    assert data == {"classification": "victim", "score": 0.0, "screened_against": 0, "hits": []}


def test_the_search_is_audited_without_the_name(store: str, tmp_path: Path) -> None:
    loaded(store, tmp_path)
    screen("ZHANG WEI", "--dob", "1990-05-01", "--as-agency", "CN-MPS")
    with database.session(store) as session:
        event = session.scalars(
            select(AuditEvent).where(AuditEvent.action == "watchlist.screen")
        ).one()
    assert "ZHANG" not in event.detail and event.agency == "CN-MPS"


def test_bad_input_exits_2_naming_the_field(store: str) -> None:
    assert screen("Zhang Wei", "--dob", "31/12/1990")[0] == 2
    code, out = screen("Zhang Wei", "--nationality", "China")
    assert code == 2 and "nationality" in out
    code, out = screen(" ; ")
    assert code == 2 and "name" in out
