"""One analyst login per demo agency, and an admin for the joint centre (demo only).

Passwords are derived from the agency code so the demo is reproducible; a real node creates
users with `scamgrid user add --prompt-password`.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from scamgrid.demo.places import AGENCIES
from scamgrid.sharing import accounts
from scamgrid.store import database
from scamgrid.store.tables import User


@dataclass(frozen=True)
class DemoLogin:
    agency: str
    email: str
    password: str
    role: str
    token: str


def demo_logins(url: str | None = None) -> list[DemoLogin]:
    """Create the demo users if missing, and a fresh API token for each (printed by `demo`)."""
    logins = []
    with database.session(url) as session:
        existing = set(session.scalars(select(User.email)))
        for agency in AGENCIES:
            role = "admin" if agency.code == "LM-LESC" else "analyst"
            email = f"{role}@{agency.code.lower()}.demo"
            password = f"demo-{agency.code.lower()}-2025"
            if email not in existing:
                accounts.add_user(session, email, agency.code, role, password)
            token, _ = accounts.create_token(session, email, expires_days=30)
            logins.append(DemoLogin(agency.code, email, password, role, token))
    return logins
