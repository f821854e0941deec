"""The optional `persons` of a report: persons of interest created, linked, sealed, replaced."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from scamgrid.cases import persons
from scamgrid.ingest.load import ingest_reports
from scamgrid.sharing import audit
from scamgrid.store import database
from scamgrid.store.tables import AuditEvent, Report
from scamgrid.store.visibility import SYSTEM, viewer_for_agency
from tests.factories import agencies_and_groups, report, write_jsonl

RECRUITER = {
    "ref": "TH-P-1",
    "role": "recruiter",
    "names": ["Wang Wei"],
    "documents": ["E12345678"],
    "nationality": "CN",
    "identifiers": [{"type": "telegram", "value": "@hr_wang"}],
}
MULE = {
    "role": "account_holder",
    "names": ["Somsak Dee"],
    "identifiers": [{"type": "bank_account", "value": "987-6-54321-0", "bank": "SCB"}],
}


def links_of(db_url: str, agency: str | None = None) -> dict[str, set[tuple[str, str]]]:
    with database.session(db_url) as session:
        viewer = viewer_for_agency(session, agency) if agency else SYSTEM
        return {
            p.ref: {(x["relation"], x["target"]) for x in p.links}
            for p in persons.visible_persons(session, viewer)
        }


def ingest(db_url: str, path: Path) -> Any:
    return ingest_reports(path, url=db_url)


def test_a_report_names_persons_who_hold_and_use_identifiers(db_url: str, tmp_path: Path) -> None:
    agencies_and_groups(db_url)
    rows = [report("TH-1", persons=[RECRUITER, MULE]), report("TH-2", persons=[{**RECRUITER}])]
    summary = ingest(db_url, write_jsonl(tmp_path / "r.jsonl", rows))
    assert summary.rejected == 0, summary.errors
    assert (summary.persons, summary.person_links) == (2, 6)
    assert links_of(db_url) == {
        "TH-P-1": {
            ("named", "report:TH-1"),
            ("named", "report:TH-2"),
            ("uses", "telegram:hr_wang"),
        },
        "TH-1-P2": {("named", "report:TH-1"), ("holds", "bank_account:TH:SCB:9876543210")},
    }
    with database.session(db_url) as session:
        row = session.scalar(
            select(persons.PersonOfInterest).where(persons.PersonOfInterest.ref == "TH-P-1")
        )
        assert row is not None and row.role == "recruiter" and row.marking == "TLP:GREEN"
        assert b"Wang" not in row.person_sealed
        detail = json.loads(
            session.scalars(
                select(AuditEvent.detail).where(AuditEvent.action == "ingest.reports")
            ).one()
        )
        assert detail["persons"] == 2 and "Wang" not in json.dumps(detail)


def test_reingesting_changes_nothing_and_a_changed_report_replaces_its_links(
    db_url: str, tmp_path: Path
) -> None:
    agencies_and_groups(db_url)
    path = write_jsonl(tmp_path / "r.jsonl", [report("TH-1", persons=[RECRUITER, MULE])])
    ingest(db_url, path)
    again = ingest(db_url, path)
    assert (again.unchanged, again.person_links) == (1, 0)
    with database.session(db_url) as session:  # an analyst ties a boss to TH-1 by hand
        viewer = viewer_for_agency(session, "TH-CCIB")
        analyst = audit.Actor("amy@ccib.example.org", "TH-CCIB")
        boss = persons.PersonInput("TH-P-7", "boss", names=["Zhao Long"])
        persons.add_person(session, viewer, analyst, boss)
        persons.link(session, viewer, analyst, "TH-P-7", "report:TH-1", note="seen at the bank")
    ingest(db_url, write_jsonl(tmp_path / "r.jsonl", [report("TH-1", persons=[MULE])]))
    assert links_of(db_url)["TH-P-1"] == set()  # the person stays, its links from TH-1 went
    assert links_of(db_url)["TH-P-7"] == {("named", "report:TH-1")}  # the analyst's link stays
    assert ("named", "report:TH-1") in links_of(db_url)["TH-1-P1"]
    # A report that had no persons keeps the hash it always had (old files stay unchanged).
    plain = write_jsonl(tmp_path / "p.jsonl", [report("TH-9")])
    ingest(db_url, plain)
    with database.session(db_url) as session:
        first = session.scalar(select(Report.content_hash).where(Report.report_id == "TH-9"))
    ingest(db_url, write_jsonl(tmp_path / "p.jsonl", [report("TH-9", persons=[])]))
    with database.session(db_url) as session:
        assert session.scalar(select(Report.content_hash).where(Report.report_id == "TH-9")) == (
            first
        )


def test_links_follow_the_reports_marking_and_another_agencys_person_must_be_visible(
    db_url: str, tmp_path: Path
) -> None:
    agencies_and_groups(db_url)
    ingest(db_url, write_jsonl(tmp_path / "a.jsonl", [report("TH-1", persons=[RECRUITER])]))
    rows = [
        report(
            "MM-1",
            agency="MM-MPF",
            marking="TLP:RED",
            persons=[{"ref": "TH-P-1", "role": "recruiter"}],
        ),
        report(
            "MM-2",
            agency="MM-MPF",
            marking="TLP:RED",
            persons=[{"ref": "MM-P-9", "role": "launderer", "names": ["U Kyaw"]}],
        ),
    ]
    summary = ingest(db_url, write_jsonl(tmp_path / "b.jsonl", rows))
    # TH-P-1 is GREEN: MM-MPF may name it; its RED link is MM-MPF's alone.
    assert summary.rejected == 0, summary.errors
    assert ("named", "report:MM-1") in links_of(db_url, "MM-MPF")["TH-P-1"]
    assert ("named", "report:MM-1") not in links_of(db_url, "TH-CCIB")["TH-P-1"]
    assert "MM-P-9" not in links_of(db_url, "TH-CCIB")
    red = report("TH-2", marking="TLP:RED", persons=[{"ref": "TH-P-RED", "role": "boss"}])
    ingest(db_url, write_jsonl(tmp_path / "c.jsonl", [red]))
    late = report("CN-1", agency="CN-MPS", persons=[{"ref": "TH-P-RED", "role": "boss"}])
    refused = ingest(db_url, write_jsonl(tmp_path / "d.jsonl", [late]))
    assert [(e.row, e.field) for e in refused.errors] == [(1, "persons[0].ref")]
    with database.session(db_url) as session:
        assert session.scalar(select(func.count()).where(Report.report_id == "CN-1")) == 0
    # Within one file too: a person the first row creates RED is not the next agency's to name.
    fresh = report("TH-3", marking="TLP:RED", persons=[{"ref": "TH-P-NEW", "role": "boss"}])
    again = report("CN-2", agency="CN-MPS", persons=[{"ref": "TH-P-NEW", "role": "boss"}])
    both = ingest(db_url, write_jsonl(tmp_path / "e.jsonl", [fresh, again]))
    assert [(e.row, e.field) for e in both.errors] == [(2, "persons[0].ref")]
    assert both.inserted == 1


def test_bad_persons_are_row_errors_naming_the_field(db_url: str, tmp_path: Path) -> None:
    agencies_and_groups(db_url)
    rows = [
        report("TH-1", persons=[{"role": "kingpin"}]),
        report(
            "TH-2", persons=[{"role": "suspect", "identifiers": [{"type": "phone", "value": "12"}]}]
        ),
        report("TH-3", persons={"role": "suspect"}),
        report("TH-4", persons=[{"role": "suspect", "hair": "black"}]),
        report("TH-5", persons=[{"role": "suspect", "dob": "last year"}]),
    ]
    summary = ingest(db_url, write_jsonl(tmp_path / "r.jsonl", rows))
    assert [(e.row, e.field) for e in summary.errors] == [
        (1, "persons[0].role"),
        (2, "persons[0].identifiers[0].value"),
        (3, "persons"),
        (4, "persons[0].hair"),
        (5, "persons[0].dob"),
    ]


def test_csv_carries_persons_as_a_json_array(db_url: str, tmp_path: Path) -> None:
    agencies_and_groups(db_url)
    path = tmp_path / "r.csv"
    with path.open("w", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["id", "agency", "country", "reported_at", "marking", "phones", "persons"])
        writer.writerow(
            [
                "TH-1",
                "TH-CCIB",
                "TH",
                "2025-02-03T10:15:00+07:00",
                "TLP:GREEN",
                "0812345678",
                json.dumps([MULE]),
            ]
        )
        writer.writerow(
            ["TH-2", "TH-CCIB", "TH", "2025-02-03T10:15:00+07:00", "TLP:GREEN", "", "[{"]
        )
    summary = ingest(db_url, path)
    assert [(e.row, e.field) for e in summary.errors] == [(3, "persons")]
    assert ("holds", "bank_account:TH:SCB:9876543210") in links_of(db_url)["TH-1-P1"]
