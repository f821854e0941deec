"""`scamgrid screen NAME`: one person against the watch lists, across scripts."""

from __future__ import annotations

import getpass

import typer

from scamgrid.cases import screen as screening
from scamgrid.cli.output import JSON_OPTION, print_json
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


def register(app: typer.Typer) -> None:
    app.command("screen")(screen_command)
