from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from sqlalchemy import select
from typer.testing import CliRunner

from scamgrid import settings
from scamgrid.cases import lures, reports
from scamgrid.cli import text
from scamgrid.sharing.audit import Actor
from scamgrid.store import database
from scamgrid.store.tables import Report
from scamgrid.store.visibility import viewer_for_agency
from tests.factories import agencies_and_groups, report

SCAM = "URGENT! You have WON a £1000 cash prize! To claim call 09061701461 now. T&C apply"


def cli() -> typer.Typer:
    app = typer.Typer()
    text.register(app)
    return app


@pytest.fixture(scope="module")
def model_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not (settings.data_dir() / "uci-sms-spam").is_dir():
        pytest.skip("public data sets not found")
    path = tmp_path_factory.mktemp("model") / "model.npz"
    result = CliRunner().invoke(
        cli(), ["text", "train", "--per-category", "60", "--out", str(path), "--json"]
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["trained_on"] > 500
    return path


def test_train_writes_under_scamgrid_home_by_default(scamgrid_home: Path) -> None:
    if not (settings.data_dir() / "uci-sms-spam").is_dir():
        pytest.skip("public data sets not found")
    result = CliRunner().invoke(cli(), ["text", "train", "--per-category", "20"])
    assert result.exit_code == 0, result.output
    assert (scamgrid_home / "models" / "text" / "model.npz").is_file()


def test_evaluate_reports_every_set_beside_its_published_figure(model_file: Path) -> None:
    result = CliRunner().invoke(cli(), ["text", "evaluate", "--model", str(model_file), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["trained_on_held_out"] == 0
    zh = next(s for s in report["sets"] if s["data_set"] == "zh-telecom-fraud-5")
    assert zh["published"]["value"] == 0.981


def test_check_text_prints_a_verdict(model_file: Path) -> None:
    result = CliRunner().invoke(
        cli(), ["check", "text", SCAM, "--model", str(model_file), "--json"]
    )
    assert result.exit_code == 0, result.output
    verdict = json.loads(result.stdout)
    assert verdict["label"] in ("spam", "scam") and verdict["language"] == "en"
    assert all(e["phrase"] in SCAM for e in verdict["evidence"])


def test_check_without_a_model_exits_2(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli(), ["check", "text", SCAM, "--model", str(tmp_path / "x")])
    assert result.exit_code == 2
    assert "scamgrid text train" in result.output


def test_check_messages_writes_one_json_line_per_message(model_file: Path, tmp_path: Path) -> None:
    source = tmp_path / "messages.csv"
    source.write_text('id,text\n1,"Dinner at 7, ok?"\n2,"' + SCAM + '"\n', encoding="utf-8")
    out = tmp_path / "verdicts.jsonl"
    args = ["check", "messages", str(source), "--model", str(model_file), "--out", str(out)]
    result = CliRunner().invoke(cli(), args)
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [line["id"] for line in lines] == ["1", "2"]
    assert lines[0]["label"] == "legitimate" and lines[1]["label"] != "legitimate"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("id,body\n1,hello\n", "missing column 'text'"),
        ("id,text\n1,hello\n2,\n", "row 3: column 'text' is empty"),
        ("id,text\n1,hello,extra\n", "row 2: expected 2 columns"),
    ],
)
def test_a_bad_csv_exits_2_naming_row_and_column(
    model_file: Path, tmp_path: Path, content: str, message: str
) -> None:
    source = tmp_path / "bad.csv"
    source.write_text(content, encoding="utf-8")
    args = ["check", "messages", str(source), "--model", str(model_file)]
    result = CliRunner().invoke(cli(), args)
    assert result.exit_code == 2
    assert message in result.output and str(source) in result.output


LURE = (
    "URGENT HIRING: customer service staff for our company in Cambodia. Salary 3000 USD/month, "
    "free flight ticket and accommodation. No experience needed. Contact Telegram "
    "@hr_global_jobs only."
)


def test_check_text_cites_what_the_store_holds_unless_offline(
    model_file: Path, db_url: str
) -> None:
    agencies_and_groups(db_url)
    with database.session(db_url) as session:
        reports.create_report(
            session,
            viewer_for_agency(session, "TH-CCIB"),
            Actor("test", "TH-CCIB"),
            report(indicators=[{"type": "phone", "value": "081 234 5678", "country": "TH"}]),
        )
    args = ["check", "text", "Call me back on 081 234 5678", "--country", "TH"]
    args += ["--model", str(model_file), "--json"]
    cited = json.loads(CliRunner().invoke(cli(), args).stdout)["indicators"]
    assert [(i["value"], i["citation"]["report_count"]) for i in cited] == [("+66812345678", 1)]
    offline = json.loads(CliRunner().invoke(cli(), [*args, "--offline"]).stdout)["indicators"]
    assert [i["citation"] for i in offline] == [None]


def test_check_messages_records_lures_as_the_agency(
    model_file: Path, db_url: str, tmp_path: Path
) -> None:
    agencies_and_groups(db_url)
    source = tmp_path / "ads.csv"
    source.write_text(f'id,text\n1,"Dinner at 7, ok?"\n2,"{LURE}"\n', encoding="utf-8")
    args = ["check", "messages", str(source), "--model", str(model_file), "--json"]
    refused = CliRunner().invoke(cli(), [*args, "--record-lures"])
    assert refused.exit_code == 2 and "--as-agency" in refused.output
    result = CliRunner().invoke(cli(), [*args, "--record-lures", "--as-agency", "TH-CCIB"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stderr)["lure_reports"] == 1
    with database.session(db_url) as session:
        stored = session.scalars(select(Report.report_id)).all()
    assert stored == [lures.lure_report_id("TH-CCIB", LURE)]
