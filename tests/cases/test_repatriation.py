"""Watch lists, batch import, screening, classification and hand-over."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import orjson
import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from scamgrid.cases import repatriation, rescues, watchlists
from scamgrid.cases.tables import Returnee, WatchlistEntry
from scamgrid.cli import get_app
from scamgrid.errors import InvalidInput
from scamgrid.store import database
from tests.cases.conftest import acting

BATCH = """name,names,dob,nationality,passport,compound
ZHANG WEI,,1990-05-01,CN,E11112222,KK园区
SOMCHAI JAIDEE,,1985-02-02,TH,AA1234567,KK Park
LI NA,,1999-09-09,CN,E99990000,kk-park
TRAN VAN AN,,1992-03-03,VN,C7654321,Shwe Kokko
"""


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def lists(tmp_path: Path) -> tuple[Path, Path]:
    wanted_csv = write(
        tmp_path / "wanted.csv",
        "id,name,aliases,dob,nationality,passport,category,reason\n"
        "W1,Zhang Wei,,1990-05-01,CN,E1111 2222,wanted,fraud\n"
        "W2,Somchai Jaidee,,1961-01-01,TH,,wanted,look-alike born 1961\n"
        "S1,Tran Van An,,1992-03-03,VN,,suspect,recruiter\n",
    )
    entity = {
        "id": "ftm-1",
        "schema": "Person",
        "properties": {"name": ["Somchai Jaidee"], "birthDate": ["1985-02-02"],
                       "nationality": ["th"], "topics": ["wanted"]},
    }  # fmt: skip
    ftm = tmp_path / "wanted.ftm.jsonl"
    ftm.write_bytes(orjson.dumps(entity) + b"\n" + orjson.dumps({"schema": "Company"}) + b"\n")
    return wanted_csv, ftm


def test_batch_screening_classifies_with_evidence(store: str, tmp_path: Path) -> None:
    wanted_csv, ftm = lists(tmp_path)
    with acting(store, "CN-MPS") as (session, viewer, actor):
        loaded = watchlists.load(session, viewer, actor, wanted_csv, "mekong", "TLP:AMBER", "th-cn")
        assert loaded.loaded == 3
        watchlists.load(session, viewer, actor, ftm, "mekong", "TLP:AMBER", "th-cn")
        # Reloading replaces entries by id instead of duplicating them.
        assert watchlists.load(session, viewer, actor, wanted_csv, "mekong").replaced == 3
        body = {"person": {"names": ["Li Na"], "dob": "1999-09-09", "nationality": "CN"}}
        trapped = rescues.create(session, viewer, actor, rescues.RescueInput.from_dict(body))
    with acting(store, "TH-CCIB") as (session, viewer, actor):
        batch = tmp_path / "batch.csv"
        write(batch, BATCH)
        repatriation.import_batch(session, viewer, actor, batch, "B1", date(2025, 2, 20))
        result = repatriation.screen(session, viewer, actor, "B1")
        people = {p["row"]: p for p in repatriation.people(session, viewer, "B1")}
    assert result["by_classification"] == {"suspect": 1, "victim": 1, "wanted": 2}
    assert people[2]["classification"] == "wanted"
    assert people[2]["evidence"][0]["ref"] == "mekong/W1"
    assert "same document number" in people[2]["evidence"][0]["reasons"]
    assert people[2]["receiving_agency"] == "CN-MPS"  # the agency whose list wants him
    # Somchai: the 1961 look-alike is not him, the FtM entry with his birth date is.
    assert people[3]["classification"] == "wanted"
    assert people[3]["evidence"][0]["ref"] == "mekong/ftm-1"
    assert people[4]["classification"] == "victim"
    assert people[4]["evidence"][0]["ref"] == trapped["reference"]
    assert people[5]["classification"] == "suspect"
    with database.session(store) as session:
        assert session.scalar(select(Returnee.compound_id).where(Returnee.row == 2)) is not None
        sealed = session.scalars(select(WatchlistEntry.person_sealed)).all()
        assert sealed and not any(b"Zhang" in blob for blob in sealed)


def test_an_agency_outside_the_group_screens_against_nothing_it_cannot_see(
    store: str, tmp_path: Path
) -> None:
    wanted_csv, _ = lists(tmp_path)
    with acting(store, "CN-MPS") as (session, viewer, actor):
        watchlists.load(session, viewer, actor, wanted_csv, "mekong", "TLP:AMBER", "th-cn")
    with acting(store, "MM-MPF") as (session, viewer, actor):
        repatriation.import_batch(
            session, viewer, actor, write(tmp_path / "b.csv", BATCH), "B2", date(2025, 2, 1)
        )
        assert repatriation.screen(session, viewer, actor, "B2")["by_classification"] == {
            "victim": 4
        }


def test_handover_lists_only_the_receiving_agencys_people(store: str, tmp_path: Path) -> None:
    with acting(store, "TH-CCIB") as (session, viewer, actor):
        repatriation.import_batch(
            session, viewer, actor, write(tmp_path / "b.csv", BATCH), "B3", date(2025, 2, 1)
        )
        repatriation.screen(session, viewer, actor, "B3")
        rows = repatriation.handover_rows(session, viewer, actor, "B3", "CN-MPS")
    table = list(csv.DictReader(io.StringIO(repatriation.handover_csv(rows))))
    assert [r["names"] for r in table] == ["ZHANG WEI", "LI NA"]
    assert table[0]["documents"] == "E11112222"


def test_a_bad_row_names_file_row_and_field(store: str, tmp_path: Path) -> None:
    bad = write(tmp_path / "bad.csv", BATCH + "NOBODY,,31/12/1990,CN,E1,\n")
    with acting(store, "TH-CCIB") as (session, viewer, actor), pytest.raises(InvalidInput) as err:
        repatriation.import_batch(session, viewer, actor, bad, "B4", date(2025, 2, 1))
    assert "bad.csv, row 6, field dob" in err.value.message
    result = CliRunner().invoke(
        get_app(),
        ["repatriation", "import", str(bad), "--reference", "B5", "--arrived", "2025-02-01",
         "--agency", "TH-CCIB"],
    )  # fmt: skip
    assert result.exit_code == 2
    assert "row 6, field dob" in result.output
