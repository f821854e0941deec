"""Statistics and the situation report: numbers checked against the store, markings respected."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy import select

from scamgrid.cases import operations, rescues, situation, stats
from scamgrid.ingest.load import ingest_reports
from scamgrid.store import database
from scamgrid.store.tables import Report
from scamgrid.store.visibility import may_see, viewer_for_agency
from tests.cases.conftest import acting
from tests.factories import report, write_jsonl

MARKS = ["TLP:GREEN", "TLP:AMBER", "TLP:RED", "TLP:CLEAR"]


def seed(url: str, tmp_path: Path) -> None:
    rows = []
    for n in range(24):
        owner = ("TH-CCIB", "CN-MPS", "MM-MPF")[n % 3]
        month = "01" if n % 4 == 0 else "02"
        body = report(
            f"{owner}-2025-{n:06d}",
            agency=owner,
            country=owner[:2],
            reported_at=f"2025-{month}-{10 + n % 15:02d}T10:00:00+07:00",
            marking=MARKS[n % 4],
            loss={"amount": 1000 * (n + 1), "currency": "THB"},
            indicators=[{"type": "phone", "value": f"+6681234{n % 5:04d}"}],
        )
        if body["marking"] == "TLP:AMBER" and owner != "MM-MPF":
            body["sharing_group"] = "th-cn"
        rows.append(body)
    summary = ingest_reports(write_jsonl(tmp_path / "r.jsonl", rows), url=url)
    assert summary.rejected == 0
    with acting(url, "MM-MPF") as (session, viewer, actor):
        operations.record_operation(
            session,
            viewer,
            actor,
            operations.OperationInput(
                reference="OP-1",
                name="Dawn",
                started_on=date(2025, 2, 5),
                detained={"CN": 7, "MM": 2},
                released={"CN": 40},
                targets=[{"kind": "compound", "ref": "kk-park"}],
                marking="TLP:GREEN",
            ),
        )
        operations.record_operation(
            session,
            viewer,
            actor,
            operations.OperationInput(
                reference="OP-SECRET",
                name="Quiet",
                started_on=date(2025, 2, 9),
                detained={"CN": 100},
                marking="TLP:RED",
            ),
        )
    with acting(url, "TH-CCIB") as (session, viewer, actor):
        body = {
            "person": {"names": ["Li Na"], "nationality": "CN"},
            "reported_at": "2025-01-20T00:00:00+00:00",
            "marking": "TLP:AMBER",
        }
        ref = rescues.create(session, viewer, actor, rescues.RescueInput.from_dict(body))[
            "reference"
        ]
        for status in ("verified", "located", "rescue_planned", "rescued"):
            moment = stats.parse_period("2025-02")[0].replace(day=14)
            rescues.transition(session, viewer, actor, ref, status, at=moment)


def test_situation_report_counts_what_the_agency_may_see(db_url: str, tmp_path: Path) -> None:
    from tests.factories import agencies_and_groups

    agencies_and_groups(db_url)
    with acting(db_url, "TH-CCIB") as (session, viewer, actor):
        from scamgrid.cases import compounds

        compounds.add_compound(
            session,
            viewer,
            actor,
            compounds.CompoundInput(key="kk-park", name="KK Park", country="MM"),
        )
    seed(db_url, tmp_path)
    start, end = stats.parse_period("2025-02")
    with database.session(db_url) as session:
        th = viewer_for_agency(session, "TH-CCIB")
        # Expected figures, straight from the rows and the marking rule in Python.
        expected_reports = 0
        expected_thb = 0.0
        for r in session.scalars(select(Report)):
            if start <= r.reported_at < end and may_see(
                th, r.marking, r.agency_id, r.sharing_group_id
            ):
                expected_reports += 1
                expected_thb += float(r.loss_amount or 0)
        built = situation.build(session, th, "2025-02")
        mm = situation.build(session, viewer_for_agency(session, "MM-MPF"), "2025-02")
    assert 0 < expected_reports < 18
    assert built.figures["reports"] == expected_reports
    assert built.figures["losses_usd"] == round(expected_thb * stats.USD_PER_UNIT["THB"], 2)
    assert built.figures["arrests"] == 9  # the RED operation is MM-MPF's alone
    assert mm.figures["arrests"] == 109
    assert built.figures["released"] == 40
    assert built.figures["rescues"] == 1 and mm.figures["rescues"] == 0
    assert built.trend.compounds == {"active": 1}  # MM-MPF cannot re-mark a TH-CCIB entry
    document = situation.pdf(built)
    assert document.startswith(b"%PDF")
    assert document.count(b"/Subtype /Image") >= len(built.charts) == 6
    page = situation.html(built)
    assert f"<th>Victim reports</th><td>{expected_reports}</td>" in page
    assert page.count("data:image/png;base64,") == 6
