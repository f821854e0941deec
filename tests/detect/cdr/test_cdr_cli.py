"""The `scamgrid cdr` commands end to end: generate, score, evaluate; exit 2 on bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scamgrid.cli import main


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    try:
        main(argv)
        code = 0
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def test_generate_score_evaluate(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "g"
    code, out, _ = run(
        [
            "cdr",
            "generate",
            "--out",
            str(folder),
            "--subscribers",
            "1500",
            "--days",
            "6",
            "--seed",
            "9",
            "--fraud-scale",
            "3",
            "--json",
        ],
        capsys,
    )
    assert code == 0 and json.loads(out)["rows"] > 10_000
    scored = tmp_path / "scored.csv"
    code, out, _ = run(
        [
            "cdr",
            "score",
            str(folder / "cdr.parquet"),
            "--country",
            "TH",
            "--out",
            str(scored),
            "--json",
        ],
        capsys,
    )
    assert code == 0
    flagged = json.loads(out)["flagged"]
    assert flagged and {"number", "label", "score", "reasons"} <= set(flagged[0])
    code, out, _ = run(
        ["cdr", "evaluate", str(scored), str(folder / "truth.csv"), "--json"], capsys
    )
    report = json.loads(out)
    assert code == 0
    assert report["overall"]["f1"] >= 0.9
    assert report["call_centres_flagged"] == 0


def test_malformed_file_exits_2_naming_row_and_column(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(
        "caller,callee,start_time,duration_s\n"
        "+66812345678,+66891112222,2025-03-03T10:00:00Z,60\n"
        "+66812345678,+66891112222,yesterday,60\n"
    )
    code, _, err = run(["cdr", "score", str(path), "--rules-only"], capsys)
    assert code == 2
    assert "row 2 (line 3), column 'start_time': not an ISO 8601 time: 'yesterday'" in err


def test_unknown_engine_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "c.csv"
    path.write_text("caller,callee,start_time,duration_s\n")
    code, _, err = run(["cdr", "score", str(path), "--engine", "hadoop"], capsys)
    assert code == 2 and "unknown engine" in err
