"""`scamgrid user add`, `scamgrid token create|revoke`."""

from __future__ import annotations

import typer

from scamgrid.cli.output import JSON_OPTION, print_json
from scamgrid.sharing import accounts, audit
from scamgrid.sharing.audit import Actor
from scamgrid.store import database

user_app = typer.Typer(help="People who log in, each in one agency and role.", no_args_is_help=True)
token_app = typer.Typer(help="API bearer tokens (shown once, stored hashed).", no_args_is_help=True)


def cli_actor() -> Actor:
    import getpass

    return Actor(f"cli:{getpass.getuser()}")


@user_app.command("add")
def user_add(
    email: str = typer.Argument(..., help="The user's email, used to log in."),
    agency: str = typer.Option(..., "--agency", help="Agency code the user works for."),
    role: str = typer.Option(..., "--role", help="admin, analyst, partner or operator."),
    password: str = typer.Option(
        None, "--password", help="Password for the pages (prompted when --prompt-password)."
    ),
    prompt_password: bool = typer.Option(
        False, "--prompt-password", help="Ask for the password without echo."
    ),
    as_json: bool = JSON_OPTION,
) -> None:
    """Add a user to an agency with a role."""
    if prompt_password:
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    with database.session() as session:
        user = accounts.add_user(session, email, agency, role, password)
        audit.record(session, cli_actor(), "user.create", "user", user.email, role=user.role)
        info = {"email": user.email, "agency": agency.upper(), "role": user.role}
    print_json(info) if as_json else typer.echo(f"added {info['email']} ({info['role']})")


@token_app.command("create")
def token_create(
    user: str = typer.Option(..., "--user", help="Email of the token's user."),
    role: str = typer.Option(None, "--role", help="Role of the token (default: the user's)."),
    expires: int = typer.Option(None, "--expires", help="Days until the token expires."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Create an API token. It is printed once and stored only as a hash."""
    with database.session() as session:
        clear, token = accounts.create_token(session, user, role, expires)
        audit.record(session, cli_actor(), "token.create", "token", token.prefix, user=user)
        info = {
            "token": clear,
            "prefix": token.prefix,
            "role": token.role,
            "expires_at": token.expires_at,
        }
    print_json(info) if as_json else typer.echo(clear)


@token_app.command("revoke")
def token_revoke(
    prefix: str = typer.Argument(..., help="The first 10 characters of the token."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Revoke a token at once."""
    with database.session() as session:
        token = accounts.revoke_token(session, prefix)
        audit.record(session, cli_actor(), "token.revoke", "token", token.prefix)
    print_json({"revoked": prefix}) if as_json else typer.echo(f"revoked {prefix}")


def register(app: typer.Typer) -> None:
    app.add_typer(user_app, name="user")
    app.add_typer(token_app, name="token")
