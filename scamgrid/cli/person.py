"""`scamgrid person add|link|list|show`: persons of interest (suspects, recruiters, mules...).

Writes act for one agency (`--agency`), as the node's operator (`cli:<user>` in the audit
trail); reads see what `--as-agency` may see, or the whole node without it. Names are printed
only where the reader may see them (its own agency's persons, or names the owner released).
"""

from __future__ import annotations

import getpass
from collections.abc import Iterator
from contextlib import contextmanager

import typer
from sqlalchemy.orm import Session

from scamgrid.cases import persons
from scamgrid.cli.output import JSON_OPTION, print_json
from scamgrid.sharing.audit import Actor
from scamgrid.store import database
from scamgrid.store.visibility import SYSTEM, Viewer, viewer_for_agency

person_app = typer.Typer(
    help="Persons of interest: suspects, recruiters, launderers, money mules, account holders.",
    no_args_is_help=True,
)
AGENCY = typer.Option(..., "--agency", help="The agency this record belongs to / acts for.")
AS_AGENCY = typer.Option(
    None, "--as-agency", help="See only what this agency may see (default: the whole node)."
)
MARKING = typer.Option(None, "--marking", help="TLP marking (default TLP:AMBER).")
GROUP = typer.Option(None, "--sharing-group", help="Sharing group that sees AMBER records.")


@contextmanager
def _acting(agency: str | None) -> Iterator[tuple[Session, Viewer, Actor]]:
    with database.session() as session:
        viewer = viewer_for_agency(session, agency.upper()) if agency else SYSTEM
        yield session, viewer, Actor(f"cli:{getpass.getuser()}", viewer.agency_code)


def _line(view: persons.PersonView) -> str:
    names = ", ".join(view.names) if view.names_visible else "(names not shared)"
    return (
        f"{view.ref:24} {view.role:15} {view.agency:10} {view.marking:17} "
        f"{view.nationality or '--'}  {names}  ({len(view.links)} links)"
    )


@person_app.command("add")
def person_add(
    ref: str = typer.Argument(..., help="The person's reference, unique on the node."),
    role: str = typer.Option(..., "--role", help=f"One of: {', '.join(persons.ROLES)}."),
    names: list[str] = typer.Option(..., "--name", help="A name (repeat for aliases, scripts)."),
    documents: list[str] = typer.Option([], "--document", help="Passport / ID number (repeat)."),
    dob: str = typer.Option(None, "--dob", help="Date of birth: YYYY-MM-DD or a year."),
    nationality: str = typer.Option(None, "--nationality", help="ISO 3166 alpha-2 code."),
    share_names: bool = typer.Option(
        False, "--share-names", help="Let every agency that may see the person see its names."
    ),
    notes: str = typer.Option("", "--notes", help="Free text, sealed with the names."),
    agency: str = AGENCY,
    marking: str = MARKING,
    sharing_group: str = GROUP,
    as_json: bool = JSON_OPTION,
) -> None:
    """Record a person of interest (names and documents sealed at rest; audited)."""
    data = persons.PersonInput(
        ref=ref,
        role=role,
        names=names,
        dob=dob,
        documents=documents,
        nationality=nationality,
        notes=notes,
        share_names=share_names,
        marking=marking,
        sharing_group=sharing_group,
    )
    with _acting(agency) as (session, viewer, actor):
        body = persons.add_person(session, viewer, actor, data)
    if as_json:
        print_json(body)
    else:
        typer.echo(f"added person {body['ref']} ({body['role']}, {body['marking']})")


@person_app.command("link")
def person_link(
    ref: str = typer.Argument(..., help="The person's reference."),
    target: str = typer.Argument(
        ...,
        help="report:ID (named in that report), or an identifier in any form (TYPE:value to "
        "force a type): an account or wallet it holds, a phone, handle or site it uses.",
    ),
    relation: str = typer.Option(
        None, "--relation", help="holds or uses (default: holds accounts and wallets, uses others)."
    ),
    country: str = typer.Option(None, "--country", help="Country of a local phone number."),
    note: str = typer.Option("", "--note", help="Where this is known from."),
    agency: str = AGENCY,
    marking: str = typer.Option(None, "--marking", help="The link's marking (default: person's)."),
    sharing_group: str = GROUP,
    as_json: bool = JSON_OPTION,
) -> None:
    """Link a person to a report or an identifier; the link is your agency's (audited)."""
    with _acting(agency) as (session, viewer, actor):
        body = persons.link(
            session, viewer, actor, ref, target, relation, marking, sharing_group, country, note
        )
    if as_json:
        print_json(body)
    else:
        done = "linked" if body["added"] else "already linked:"
        typer.echo(f"{done} {body['person']} {body['relation']} {body['target']}")


@person_app.command("list")
def person_list(
    role: str = typer.Option(None, "--role", help="Only persons with this role."),
    as_agency: str = AS_AGENCY,
    as_json: bool = JSON_OPTION,
) -> None:
    """The persons you may see, with their visible links."""
    with _acting(as_agency) as (session, viewer, _):
        views = persons.visible_persons(session, viewer, role)
    if as_json:
        print_json([persons.person_dict(v) for v in views])
        return
    for view in views:
        typer.echo(_line(view))


@person_app.command("show")
def person_show(
    ref: str = typer.Argument(..., help="The person's reference."),
    as_agency: str = AS_AGENCY,
    as_json: bool = JSON_OPTION,
) -> None:
    """One person with its visible links (JSON)."""
    with _acting(as_agency) as (session, viewer, _):
        print_json(persons.as_dict(session, viewer, persons.get(session, viewer, ref)))
    del as_json


def register(app: typer.Typer) -> None:
    app.add_typer(person_app, name="person")
