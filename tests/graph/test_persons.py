"""Persons of interest: owned, marked, sealed at rest, linked to identifiers and reports."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from scamgrid.cases import persons
from scamgrid.errors import Conflict, InvalidInput, NotFound
from scamgrid.sharing.audit import Actor
from scamgrid.store import database
from scamgrid.store.tables import AuditEvent
from scamgrid.store.visibility import SYSTEM, viewer_for_agency
from tests.factories import report
from tests.graph.conftest import store_reports


def add(db_url: str, ref: str, agency: str = "TH-CCIB", **fields: object) -> None:
    data = {"ref": ref, "role": "recruiter", "names": ["Wang Wei"], **fields}
    with database.session(db_url) as session:
        viewer = viewer_for_agency(session, agency)
        persons.add_person(
            session, viewer, Actor("analyst", agency), persons.PersonInput.from_dict(data)
        )


def link(db_url: str, ref: str, target: str, agency: str = "TH-CCIB", **options: str) -> None:
    with database.session(db_url) as session:
        viewer = viewer_for_agency(session, agency)
        persons.link(session, viewer, Actor("analyst", agency), ref, target, **options)


def seen_by(db_url: str, agency: str) -> dict[str, persons.PersonView]:
    with database.session(db_url) as session:
        viewer = viewer_for_agency(session, agency) if agency else SYSTEM
        return {p.ref: p for p in persons.visible_persons(session, viewer)}


def test_names_and_documents_are_sealed_at_rest_and_absent_from_the_audit_trail(
    db_url: str, tmp_path: Path
) -> None:
    store_reports(db_url, tmp_path, [report("TH-1")])
    add(db_url, "P-1", documents=["E 1234 5678"], nationality="cn", marking="TLP:GREEN")
    with database.session(db_url) as session:
        row = session.scalar(select(persons.PersonOfInterest))
        assert row is not None and row.nationality == "CN"
        assert b"Wang" not in row.person_sealed and b"E1234" not in row.person_sealed
        assert "12345678" not in row.documents and len(row.documents) > 10
        trail = " ".join(e.detail for e in session.scalars(select(AuditEvent)))
        assert "Wang" not in trail and "person.create" in {
            e.action for e in session.scalars(select(AuditEvent))
        }
    assert seen_by(db_url, "TH-CCIB")["P-1"].names == ["Wang Wei"]


def test_others_see_a_person_by_its_marking_and_its_names_only_once_released(
    db_url: str, tmp_path: Path
) -> None:
    store_reports(db_url, tmp_path, [report("TH-1")])
    add(db_url, "P-AMBER", marking="TLP:AMBER", sharing_group="th-cn")
    add(db_url, "P-RED", marking="TLP:RED")
    add(db_url, "P-OPEN", marking="TLP:GREEN", share_names=True)
    cn, mm = seen_by(db_url, "CN-MPS"), seen_by(db_url, "MM-MPF")
    assert sorted(cn) == ["P-AMBER", "P-OPEN"] and sorted(mm) == ["P-OPEN"]
    assert cn["P-AMBER"].names == [] and not cn["P-AMBER"].names_visible
    assert cn["P-OPEN"].names == ["Wang Wei"]
    assert sorted(seen_by(db_url, "")) == ["P-AMBER", "P-OPEN", "P-RED"]


def test_links_carry_their_own_marking_and_need_a_visible_report(
    db_url: str, tmp_path: Path
) -> None:
    store_reports(
        db_url,
        tmp_path,
        [report("TH-1"), report("MM-RED", agency="MM-MPF", marking="TLP:RED")],
    )
    add(db_url, "P-1", marking="TLP:GREEN")
    link(db_url, "P-1", "TH:KBANK:1234567890")
    link(db_url, "P-1", "0891234567", country="TH", marking="TLP:RED")
    link(db_url, "P-1", "report:TH-1")
    link(db_url, "P-1", "telegram:@wang_hr", agency="MM-MPF", marking="TLP:RED")
    with pytest.raises(NotFound):
        link(db_url, "P-1", "report:MM-RED")  # TH-CCIB cannot see MM-MPF's RED report
    mine = {(x["relation"], x["target"]) for x in seen_by(db_url, "TH-CCIB")["P-1"].links}
    assert mine == {
        ("holds", "bank_account:TH:KBANK:1234567890"),
        ("uses", "phone:+66891234567"),
        ("named", "report:TH-1"),
    }
    theirs = {x["target"] for x in seen_by(db_url, "CN-MPS")["P-1"].links}
    assert theirs == {"bank_account:TH:KBANK:1234567890", "report:TH-1"}
    assert "telegram:wang_hr" in {x["target"] for x in seen_by(db_url, "MM-MPF")["P-1"].links}


def test_bad_person_input_is_refused_naming_the_field(db_url: str, tmp_path: Path) -> None:
    store_reports(db_url, tmp_path, [report("TH-1")])
    with pytest.raises(InvalidInput, match="role"):
        add(db_url, "P-1", role="kingpin")
    with pytest.raises(InvalidInput, match="names"):
        add(db_url, "P-1", names=[" "])
    with pytest.raises(InvalidInput, match="ref"):
        add(db_url, "P 1")
    add(db_url, "P-1")
    with pytest.raises(Conflict):
        add(db_url, "P-1", agency="CN-MPS")
    with pytest.raises(InvalidInput, match="target"):
        link(db_url, "P-1", "not an identifier at all")
    with pytest.raises(InvalidInput, match="relation"):
        link(db_url, "P-1", "0891234567", relation="owns", country="TH")
