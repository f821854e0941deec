"""`scamgrid demo cdr` writes planted CDRs and ground truth; bare `demo` still seeds."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from scamgrid.cli import main

SMALL = ["--subscribers", "300", "--days", "2"]


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    try:
        main(argv)
        code = 0
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def truth_rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="") as f:
        return list(csv.DictReader(f))


def test_demo_cdr_writes_calls_and_truth_under_the_demo_home(
    scamgrid_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(["demo", "cdr", *SMALL, "--json"], capsys)
    assert code == 0, err
    made = json.loads(out)
    folder = scamgrid_home / "demo" / "cdr"
    assert made["cdr"] == [str(folder / "cdr.parquet")]
    assert made["truth"] == str(folder / "truth.csv")
    assert pq.read_metadata(folder / "cdr.parquet").num_rows == made["rows"] > 1000
    truth = truth_rows(folder / "truth.csv")
    labels = Counter(row["label"] for row in truth)
    assert {"sim_box", "scam_dialler", "wangiri"} <= {k for k, n in labels.items() if n > 0}
    assert made["labels"] == dict(labels)
    assert made["numbers"] == len(truth)
    centres = [row for row in truth if row["role"].startswith("call_centre")]
    assert made["call_centres"] == len(centres) >= 4
    assert {row["label"] for row in centres} == {"normal"}
    assert not (scamgrid_home / "demo" / "reports.jsonl").exists()  # the world is not seeded


def test_demo_cdr_prints_the_planted_numbers_of_each_label(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(["demo", "cdr", *SMALL, "--out", str(tmp_path / "w")], capsys)
    assert code == 0
    assert f"-> {tmp_path / 'w' / 'cdr.parquet'}" in out
    assert f"truth -> {tmp_path / 'w' / 'truth.csv'}" in out
    planted = next(line for line in out.splitlines() if line.startswith("planted:"))
    assert "sim_box 8" in planted and "scam_dialler 3" in planted and "wangiri 2" in planted
    assert "4 legitimate call centres" in planted


def test_the_same_seed_writes_identical_files_and_another_seed_does_not(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for name, seed in (("a", "5"), ("b", "5"), ("c", "6")):
        code, _, err = run(
            ["demo", "cdr", *SMALL, "--seed", seed, "--out", str(tmp_path / name)], capsys
        )
        assert code == 0, err
    for name in ("cdr.parquet", "truth.csv"):
        a, b, c = ((tmp_path / d / name).read_bytes() for d in "abc")
        assert a == b
        assert a != c


def test_demo_cdr_writes_what_cdr_generate_writes_with_the_same_settings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = [*SMALL, "--seed", "7", "--out"]
    assert run(["demo", "cdr", *args, str(tmp_path / "demo")], capsys)[0] == 0
    assert run(["cdr", "generate", *args, str(tmp_path / "cdr")], capsys)[0] == 0
    for name in ("cdr.parquet", "truth.csv"):
        assert (tmp_path / "demo" / name).read_bytes() == (tmp_path / "cdr" / name).read_bytes()


@pytest.mark.parametrize(
    ("option", "value"),
    [("--subscribers", "-5"), ("--subscribers", "99"), ("--days", "0"), ("--days", "64")],
)
def test_a_bad_size_exits_2_naming_the_option(
    option: str, value: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["demo", "cdr", *SMALL, "--out", str(tmp_path / "w"), option, value]
    code, _, err = run(argv, capsys)
    assert code == 2
    assert option in err
    assert not (tmp_path / "w").exists()


def test_an_unwritable_folder_exits_2_naming_out_and_the_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder\n")
    code, _, err = run(["demo", "cdr", *SMALL, "--out", str(blocker / "cdr")], capsys)
    assert code == 2
    assert err.startswith("error: --out: cannot write into ")
    assert str(blocker / "cdr") in err


def test_demo_help_still_shows_the_world_options_and_the_cdr_subcommand() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "scamgrid", "demo", "--help"], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    for word in ("--seed", "--reports", "--serve", "--host", "--port", "cdr"):
        assert word in result.stdout


def test_demo_without_a_subcommand_still_seeds_the_world(
    db_url: str,
    scamgrid_home: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("SCAMGRID_DATA_DIR", str(tmp_path / "no-data"))  # no feeds, no text model
    code, out, err = run(["demo", "--seed", "3", "--reports", "200", "--json"], capsys)
    assert code == 0, err
    seeded = json.loads(out)
    assert seeded["folder"] == str(scamgrid_home / "demo")
    assert sum(s["inserted"] for s in seeded["ingest"]) == 200
    assert (scamgrid_home / "demo" / "reports.jsonl").is_file()
    assert not (scamgrid_home / "demo" / "cdr").exists()
