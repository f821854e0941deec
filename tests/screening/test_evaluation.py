"""Recall at 1 and 10 per script pair, beside the plain fuzzy baseline, in the same run."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest
from typer.testing import CliRunner

from scamgrid.cli import get_app
from scamgrid.errors import InvalidInput
from scamgrid.screening.evaluation import NamePair, evaluate, parse_pairs

PAIRS = [
    NamePair("张伟", "ZHANG WEI", "han -> latin"),
    NamePair("李娜", "LI NA", "han -> latin"),
    NamePair("王芳", "WANG FANG", "han -> latin"),
    NamePair("Zhang Wei", "ZHANG WEI", "latin -> latin"),
    NamePair("Li Na", "LI NA", "latin -> latin"),
]


def test_the_library_finds_characters_the_baseline_cannot() -> None:
    report = evaluate(PAIRS)
    han = report["han -> latin"]
    assert han["pairs"] == 3 and han["gallery"] == 3
    assert han["screening"] == {"recall@1": 1.0, "recall@10": 1.0}
    assert han["baseline"]["recall@1"] < 1.0  # characters share no letter with pinyin


def test_each_script_pair_is_ranked_in_its_own_gallery() -> None:
    assert evaluate(PAIRS)["latin -> latin"]["gallery"] == 2


def test_ties_count_against_the_query() -> None:
    always_equal = evaluate(PAIRS[:3], scorer=lambda query, gallery: [0.5] * len(gallery))
    assert always_equal["han -> latin"]["screening"]["recall@1"] == 0.0


def test_a_row_without_a_target_is_refused_naming_row_and_field() -> None:
    rows = [
        {"query": "张伟", "target": "ZHANG WEI", "pair": "han"},
        {"query": "李娜", "pair": "han"},
    ]
    with pytest.raises(InvalidInput) as error:
        parse_pairs(rows, "pairs.csv")
    assert error.value.message == "pairs.csv, row 3, field target: required"


def run(data_dir: Path, monkeypatch: pytest.MonkeyPatch, *args: str) -> tuple[int, str]:
    monkeypatch.setenv("SCAMGRID_DATA_DIR", str(data_dir))
    result = CliRunner().invoke(get_app(), ["names", "evaluate", "--per-pair", "5", *args])
    return result.exit_code, result.output


def test_without_a_public_set_the_command_says_so_and_reports_synthetic_pairs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out = run(tmp_path, monkeypatch)
    assert code == 0, out
    assert out.startswith("no public multilingual name set")
    assert "SYNTHETIC" in out
    data = orjson.loads(run(tmp_path, monkeypatch, "--json")[1])
    assert data["public"] is None
    assert {"han -> latin", "thai -> latin", "burmese -> latin", "lao -> latin"} <= set(
        data["synthetic"]
    )
    assert all(row["pairs"] > 0 for row in data["synthetic"].values())


def test_a_public_set_in_the_data_folder_is_reported_apart(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "multilingual-names"
    folder.mkdir()
    (folder / "pairs.csv").write_text(
        "query,target,pair\n张伟,ZHANG WEI,han -> latin\n李娜,LI NA,han -> latin\n",
        encoding="utf-8",
    )
    data = orjson.loads(run(tmp_path, monkeypatch, "--json")[1])
    assert data["public"]["han -> latin"]["screening"]["recall@1"] == 1.0
    assert data["public"]["han -> latin"]["pairs"] == 2


def test_a_bad_pairs_file_exits_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bad = tmp_path / "pairs.csv"
    bad.write_text("query,target\n张伟,ZHANG WEI\n", encoding="utf-8")
    code, out = run(tmp_path, monkeypatch, "--pairs", str(bad))
    assert code == 2 and "missing columns pair" in out
