"""The API trusts a token it has checked for SCAMGRID_TOKEN_CACHE_SECONDS, never past its expiry."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from sqlalchemy import select

from scamgrid.sharing import accounts
from scamgrid.store import database
from scamgrid.store.tables import ApiToken, utcnow
from tests.api.conftest import Node

LOOKUP = ("/api/v1/lookup", {"value": "+66812345678"})


@pytest.fixture
def one_second_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SCAMGRID_TOKEN_CACHE_SECONDS", "1")


@pytest.fixture
def long_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SCAMGRID_TOKEN_CACHE_SECONDS", "600")


def _status(node: Node, who: str) -> int:
    path, params = LOOKUP
    with node.client(who) as client:
        return client.get(path, params=params).status_code


def test_a_revocation_elsewhere_takes_effect_within_the_cache_time(
    one_second_cache: None, node: Node
) -> None:
    assert _status(node, "TH-CCIB:operator") == 200  # checked, now cached
    with database.session(node.db_url) as session:  # as `scamgrid token revoke` does
        accounts.revoke_token(session, node.tokens["TH-CCIB:operator"][:10])
    time.sleep(1.2)
    assert _status(node, "TH-CCIB:operator") == 401


def test_a_cached_token_is_not_trusted_past_its_expiry(long_cache: None, node: Node) -> None:
    token = node.tokens["CN-MPS:operator"]
    with database.session(node.db_url) as session:
        stored = session.scalars(select(ApiToken).where(ApiToken.prefix == token[:10])).one()
        stored.expires_at = utcnow() + timedelta(seconds=2)
    assert _status(node, "CN-MPS:operator") == 200  # checked, cached for 2 s, not 600
    time.sleep(2.2)
    assert _status(node, "CN-MPS:operator") == 401
