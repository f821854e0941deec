"""`scamgrid screen NAME`: one person against the watch lists, across scripts; and
`scamgrid names evaluate`: recall at 1 and 10 per script pair, beside a plain fuzzy baseline."""

from __future__ import annotations

import csv
import getpass
from pathlib import Path
from typing import Any

import typer

from scamgrid import settings
from scamgrid.cases import screen as screening
from scamgrid.cli.output import JSON_OPTION, fail, print_json
from scamgrid.demo.people import name_pairs
from scamgrid.screening import evaluation
from scamgrid.sharing.audit import Actor
from scamgrid.store import database
from scamgrid.store.visibility import SYSTEM, viewer_for_agency


def screen_command(
    name: str = typer.Argument(
        ..., help="Name in any script; several forms separated by ';' (张伟;ZHANG WEI)."
    ),
    dob: str = typer.Option(None, "--dob", help="Date of birth, YYYY-MM-DD or YYYY."),
    nationality: str = typer.Option(None, "--nationality", help="ISO 3166 alpha-2, e.g. CN."),
    document: list[str] = typer.Option(
        [], "--document", help="Passport or ID number (repeatable)."
    ),
    min_score: float = typer.Option(
        screening.MIN_SCORE, "--min-score", help="Show hits scoring at least this (0..1)."
    ),
    limit: int = typer.Option(screening.LIMIT, "--limit", help="Show at most this many hits."),
    as_agency: str = typer.Option(
        None, "--as-agency", help="Screen against what this agency may see (default: all)."
    ),
    as_json: bool = JSON_OPTION,
) -> None:
    """Screen a person against the loaded watch lists: verdict, hits and their evidence."""
    person = screening.query(name, dob, nationality, document)
    with database.session() as session:
        viewer = viewer_for_agency(session, as_agency.upper()) if as_agency else SYSTEM
        actor = Actor(f"cli:{getpass.getuser()}", viewer.agency_code)
        data = screening.screen_person(session, viewer, actor, person, min_score, limit)
    if as_json:
        print_json(data)
        return
    typer.echo(
        f"{data['classification']} (score {data['score']:.2f}; "
        f"{data['screened_against']} entries screened, {len(data['hits'])} hits shown)"
    )
    for hit in data["hits"]:
        listed = "; ".join(hit["listed_names"])
        typer.echo(
            f"  {hit['score']:.2f}  {hit['ref']}  [{hit['category']}]  {listed}  "
            f"{hit['listed_dob'] or '-'}  {hit['listed_nationality'] or '-'}"
        )
        typer.echo(f"        {'; '.join(hit['reasons'])}")


names_app = typer.Typer(help="Cross-script name matching.", no_args_is_help=True)
# A public multilingual name set, when one is laid in the data folder: CSV query,target,pair.
PUBLIC_SET = Path("multilingual-names") / "pairs.csv"


def _read_pairs(path: Path) -> list[evaluation.NamePair]:
    if not path.is_file():
        fail(f"{path}: no such file")
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        missing = set(evaluation.COLUMNS) - set(reader.fieldnames or [])
        if missing:
            fail(f"{path}: missing columns {', '.join(sorted(missing))} (query, target, pair)")
        return evaluation.parse_pairs(reader, str(path))


def _lines(title: str, report: dict[str, dict[str, Any]]) -> list[str]:
    lines = [title, f"  {'script pair':40} {'pairs':>5} {'gallery':>7}  library @1  @10"
             "   baseline @1  @10"]  # fmt: skip
    for label, row in report.items():
        ours, theirs = row["screening"], row["baseline"]
        lines.append(
            f"  {label:40} {row['pairs']:5} {row['gallery']:7}  "
            f"{ours['recall@1']:10.3f} {ours['recall@10']:.3f}  "
            f"{theirs['recall@1']:12.3f} {theirs['recall@10']:.3f}"
        )
    return lines


@names_app.command("evaluate")
def names_evaluate(
    pairs: Path = typer.Option(
        None, "--pairs", help="CSV query,target,pair to evaluate (default: the public set)."
    ),
    per_pair: int = typer.Option(
        200, "--per-pair", min=1, help="Synthetic pairs generated per script pair."
    ),
    seed: int = typer.Option(7, "--seed", help="Seed of the synthetic pairs."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Recall at 1 and 10 per script pair: a public name set if present, and the generator's
    synthetic pairs, each beside rapidfuzz's plain ratio on the raw strings, in the same run."""
    public_path = pairs or settings.data_dir() / PUBLIC_SET
    data: dict[str, Any] = {"public": None, "public_path": str(public_path)}
    lines: list[str] = []
    if pairs or public_path.is_file():
        data["public"] = evaluation.evaluate(_read_pairs(public_path))
        lines += _lines(f"public name set {public_path}:", data["public"])
    else:
        lines.append(f"no public multilingual name set: {public_path} is not there")
    synthetic = [evaluation.NamePair(*p) for p in name_pairs(seed, per_pair)]
    data["synthetic"] = evaluation.evaluate(synthetic)
    lines += _lines(
        f"SYNTHETIC pairs (demo generator, seed {seed}; its spellings, not the world's):",
        data["synthetic"],
    )
    if as_json:
        print_json(data)
        return
    for line in lines:
        typer.echo(line)


def register(app: typer.Typer) -> None:
    app.command("screen")(screen_command)
    app.add_typer(names_app, name="names")
