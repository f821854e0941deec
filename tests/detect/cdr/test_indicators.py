"""Flagged numbers become indicators of the operator's agency, under its marking, with evidence."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from scamgrid.cli import main
from scamgrid.ingest.load import ingest_reports
from scamgrid.store import database
from scamgrid.store.tables import Agency, AuditEvent, Indicator, Report, Sighting
from tests.factories import agencies_and_groups, report, write_jsonl

WANGIRI = "+23276123456"  # a premium-rate foreign number ringing once


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    try:
        main(argv)
        code = 0
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def cdr_file(tmp_path: Path) -> Path:
    """One-ring calls from WANGIRI to 300 subscribers over 3 days, and people calling people."""
    rows = ["caller,callee,start_time,duration_s,call_type"]
    for k in range(300):
        rows.append(
            f"{WANGIRI},08{10_000_000 + k * 7919},2025-03-0{3 + k % 3}T1{k % 10}:00:00Z,2,voice"
        )
    for k in range(40):
        a, b = f"+6689{1_000_000 + k:07d}", f"+6689{1_000_000 + (k + 1) % 40:07d}"
        for day in (3, 4, 5):
            rows.append(f"{a},{b},2025-03-0{day}T1{k % 10}:30:00Z,{60 + k * 9},voice")
            rows.append(f"{b},{a},2025-03-0{day}T2{k % 4}:10:00Z,{45 + k},voice")
    path = tmp_path / "operator-cdr.csv"
    path.write_text("\n".join(rows) + "\n")
    return path


def score(path: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, dict, str]:
    argv = ["cdr", "score", str(path), "--country", "TH", "--rules-only", "--json", *extra]
    code, out, err = run(argv, capsys)
    return code, (json.loads(out) if out else {}), err


def test_flagged_numbers_become_sightings_of_the_operators_agency(
    db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    agencies_and_groups(db_url)
    code, result, _ = score(cdr_file(tmp_path), capsys, "--agency", "th-ccib", "--marking", "red")
    assert code == 0
    assert [f["number"] for f in result["flagged"]] == [WANGIRI]
    assert result["stored"]["inserted"] == 1
    with database.session(db_url) as session:
        rows = session.execute(
            select(Indicator.value, Indicator.type, Agency.code, Sighting.marking, Report.narrative)
            .join(Sighting, Sighting.indicator_id == Indicator.id)
            .join(Report, Report.id == Sighting.report_id)
            .join(Agency, Agency.id == Sighting.agency_id)
        ).all()
    assert len(rows) == 1
    value, kind, agency, stored_marking, narrative = rows[0]
    assert (value, kind, agency, stored_marking) == (WANGIRI, "phone", "TH-CCIB", "TLP:RED")
    assert "as wangiri" in narrative and "one-ring" in narrative


def test_lookup_shows_the_flagged_number_to_its_agency_only_under_red(
    db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    agencies_and_groups(db_url)
    score(cdr_file(tmp_path), capsys, "--agency", "TH-CCIB", "--marking", "TLP:RED")
    code, out, _ = run(["lookup", WANGIRI, "--as-agency", "TH-CCIB", "--json"], capsys)
    seen = json.loads(out)
    assert code == 0 and seen["found"] and seen["agencies"] == ["TH-CCIB"]
    assert seen["reports"][0]["report_id"].startswith("CDR-TH-CCIB-")
    _, out, _ = run(["lookup", WANGIRI, "--as-agency", "CN-MPS", "--json"], capsys)
    assert json.loads(out)["found"] is False


def test_green_flags_are_seen_by_other_agencies(
    db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    agencies_and_groups(db_url)
    score(cdr_file(tmp_path), capsys, "--agency", "TH-CCIB", "--marking", "TLP:GREEN")
    _, out, _ = run(["lookup", WANGIRI, "--as-agency", "MM-MPF", "--json"], capsys)
    assert json.loads(out)["report_count"] == 1


def test_scoring_the_same_file_again_stores_nothing_new_and_audits_once(
    db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    agencies_and_groups(db_url)
    path = cdr_file(tmp_path)
    score(path, capsys, "--agency", "TH-CCIB")
    code, result, _ = score(path, capsys, "--agency", "TH-CCIB")
    assert code == 0 and result["stored"]["unchanged"] == 1 and result["stored"]["inserted"] == 0
    with database.session(db_url) as session:
        assert len(session.scalars(select(Sighting.id)).all()) == 1
        events = session.execute(
            select(
                AuditEvent.action, AuditEvent.agency, AuditEvent.target_id, AuditEvent.detail
            ).order_by(AuditEvent.id)
        ).all()
    # The batch's own event (in its transaction), then the run's summary; none on the rerun.
    assert [(a, g, t) for a, g, t, _ in events] == [
        ("ingest.reports", "TH-CCIB", f"cdr:{path.name}"),
        ("cdr.flag", "TH-CCIB", path.name),
    ]
    assert [json.loads(e[3])["inserted"] for e in events] == [1, 1]
    assert all(WANGIRI not in e[3] for e in events)  # counts, never the numbers


def test_unknown_operator_agency_exits_2_naming_it(
    db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    agencies_and_groups(db_url)
    code, _, err = score(cdr_file(tmp_path), capsys, "--agency", "XX-NOPE")
    assert code == 2
    assert (
        err.strip()
        == "error: --agency: unknown agency 'XX-NOPE' (add it with `scamgrid agency add`)"
    )
    code, _, err = score(cdr_file(tmp_path), capsys, "--agency", "TH-CCIB", "--sharing-group", "x")
    assert code == 2 and "unknown sharing group 'x'" in err
    with database.session(db_url) as session:
        assert session.scalars(select(Report.id)).all() == []


def test_bad_marking_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = score(cdr_file(tmp_path), capsys, "--agency", "TH-CCIB", "--marking", "pink")
    assert code == 2 and "--marking" in err


def test_the_link_graph_joins_a_victims_report_to_the_cdr_flag(
    db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from scamgrid.graph.build import load, report_node
    from scamgrid.store.visibility import viewer_for_agency

    agencies_and_groups(db_url)
    victim = report("CN-MPS-2025-000009", agency="CN-MPS", marking="TLP:AMBER", indicators=[])
    victim["indicators"] = [{"type": "phone", "value": WANGIRI}]
    ingest_reports(write_jsonl(tmp_path / "victims.jsonl", [victim]), url=db_url)
    score(cdr_file(tmp_path), capsys, "--agency", "TH-CCIB", "--sharing-group", "th-cn")
    with database.session(db_url) as session:
        graph = load(session, viewer_for_agency(session, "CN-MPS"))
        cdr_report = next(r for r in graph.reports if r.startswith("CDR-TH-CCIB-"))
    number = graph.index[f"phone:{WANGIRI}"]
    linked = {graph.nodes[a] for a, b in graph.edges if b == number}
    assert linked == {report_node("CN-MPS-2025-000009"), report_node(cdr_report)}
