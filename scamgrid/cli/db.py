"""`scamgrid db upgrade`, and agency / sharing-group administration."""

from __future__ import annotations

import typer

from scamgrid import settings
from scamgrid.cli.output import JSON_OPTION, print_json
from scamgrid.sharing import agencies
from scamgrid.store import database

db_app = typer.Typer(help="Create or migrate the database.", no_args_is_help=True)
agency_app = typer.Typer(help="Agencies that own and share records.", no_args_is_help=True)
group_app = typer.Typer(help="Sharing groups: who sees AMBER records.", no_args_is_help=True)


@db_app.command("upgrade")
def upgrade(as_json: bool = JSON_OPTION) -> None:
    """Create the database or migrate it to the latest schema."""
    url = settings.database_url()
    database.upgrade(url)
    with database.engine(url).connect() as conn:
        revisions = ", ".join(database.current_revisions(conn))
    shown = database.engine(url).url.render_as_string(hide_password=True)
    if as_json:
        print_json({"database": shown, "revisions": revisions})
    else:
        typer.echo(f"database {shown} at revision {revisions}")


@agency_app.command("add")
def agency_add(
    code: str = typer.Argument(..., help="Agency code, e.g. TH-CCIB, CN-MPS, MM-MPF."),
    name: str = typer.Option(..., "--name", help="Full name of the agency."),
    country: str = typer.Option(..., "--country", help="ISO 3166 alpha-2 country code."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Register an agency on this node."""
    with database.session() as session:
        agency = agencies.add_agency(session, code, name, country)
        info = {"code": agency.code, "name": agency.name, "country": agency.country}
    print_json(info) if as_json else typer.echo(f"added agency {info['code']}")


@agency_app.command("list")
def agency_list(as_json: bool = JSON_OPTION) -> None:
    """List the agencies on this node."""
    with database.session() as session:
        rows = [
            {"code": a.code, "name": a.name, "country": a.country}
            for a in agencies.list_agencies(session)
        ]
    if as_json:
        print_json(rows)
    else:
        for row in rows:
            typer.echo(f"{row['code']}\t{row['country']}\t{row['name']}")


@group_app.command("add")
def group_add(
    name: str = typer.Argument(..., help="Name of the sharing group."),
    members: list[str] = typer.Option(..., "--member", help="Agency code; repeat for each."),
    description: str = typer.Option("", "--description", help="What the group is for."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Create a sharing group whose agencies see each other's AMBER records."""
    with database.session() as session:
        agencies.add_sharing_group(session, name, members, description)
        listed = agencies.group_members(session, name)
    if as_json:
        print_json({"name": name, "members": listed})
    else:
        typer.echo(f"added sharing group {name}: {', '.join(listed)}")


def register(app: typer.Typer) -> None:
    app.add_typer(db_app, name="db")
    app.add_typer(agency_app, name="agency")
    app.add_typer(group_app, name="group")
