from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from scamgrid import settings
from scamgrid.cli import text

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
