from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from scamgrid.errors import Forbidden
from scamgrid.sharing import accounts
from scamgrid.store import database
from scamgrid.store.tables import ApiToken, User, utcnow
from tests.factories import agencies_and_groups


def test_tokens_are_stored_only_as_hashes_and_authenticate(db_url: str) -> None:
    agencies_and_groups(db_url)
    with database.session(db_url) as s:
        accounts.add_user(s, "a@th.example.org", "TH-CCIB", "analyst")
        clear, _ = accounts.create_token(s, "a@th.example.org")
    with database.session(db_url) as s:
        stored = s.scalars(select(ApiToken)).one()
        assert clear not in (stored.token_hash, stored.prefix) and clear.startswith("sg_")
        who = accounts.authenticate(s, clear)
    assert (who.agency_code, who.role.value) == ("TH-CCIB", "analyst")


def test_expired_and_revoked_tokens_are_refused(db_url: str) -> None:
    agencies_and_groups(db_url)
    with database.session(db_url) as s:
        accounts.add_user(s, "a@th.example.org", "TH-CCIB", "analyst")
        old, token = accounts.create_token(s, "a@th.example.org", expires_days=1)
        token.expires_at = utcnow() - timedelta(seconds=1)
        revoked, second = accounts.create_token(s, "a@th.example.org")
        accounts.revoke_token(s, second.prefix)
    with database.session(db_url) as s:
        with pytest.raises(accounts.Unauthenticated, match="expired"):
            accounts.authenticate(s, old)
        with pytest.raises(accounts.Unauthenticated, match="revoked"):
            accounts.authenticate(s, revoked)


def test_a_token_cannot_carry_more_than_its_users_role(db_url: str) -> None:
    agencies_and_groups(db_url)
    with database.session(db_url) as s:
        accounts.add_user(s, "p@th.example.org", "TH-CCIB", "partner")
        with pytest.raises(Forbidden):
            accounts.create_token(s, "p@th.example.org", role="admin")
        _, token = accounts.create_token(s, "p@th.example.org", role="operator")
        assert token.role == "operator"


def test_passwords_are_argon2_hashes(db_url: str) -> None:
    agencies_and_groups(db_url)
    with database.session(db_url) as s:
        accounts.add_user(s, "a@th.example.org", "TH-CCIB", "admin", "a long passphrase")
    with database.session(db_url) as s:
        stored = s.scalars(select(User.password_hash)).one()
        assert stored is not None and stored.startswith("$argon2id$")
        assert (
            accounts.check_password(s, "a@th.example.org", "a long passphrase").role.value
            == "admin"
        )
        with pytest.raises(accounts.Unauthenticated):
            accounts.check_password(s, "a@th.example.org", "a wrong passphrase")
