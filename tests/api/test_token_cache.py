"""The API trusts a token it has checked for SCAMGRID_TOKEN_CACHE_SECONDS, never past its expiry."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from sqlalchemy import select

from scamgrid.api.deps import TokenCache
from scamgrid.model.vocabulary import Role
from scamgrid.sharing import accounts
from scamgrid.sharing.accounts import Principal
from scamgrid.store import database
from scamgrid.store.tables import ApiToken, utcnow
from scamgrid.store.visibility import Viewer
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


@pytest.fixture
def early_refresh(monkeypatch: pytest.MonkeyPatch) -> None:
    # Trusted for 10 s and checked again from 1 s on: a refresh that drops a revoked token is
    # told apart from the entry's own expiry by 9 s, whatever the machine's load.
    monkeypatch.setenv("SCAMGRID_TOKEN_CACHE_SECONDS", "10")
    monkeypatch.setattr(TokenCache, "REFRESH_SHARE", 0.9)


def test_a_token_near_the_end_of_its_trust_is_checked_again_in_the_background(
    early_refresh: None, node: Node
) -> None:
    # The first request in the refresh window is answered from the cache and has the token
    # checked again behind it: the revocation is found before the entry would have expired.
    token = node.tokens["MM-MPF:operator"]
    assert _status(node, "MM-MPF:operator") == 200
    cached_at = time.monotonic()
    with database.session(node.db_url) as session:
        accounts.revoke_token(session, token[:10])
    time.sleep(1.2)
    assert _status(node, "MM-MPF:operator") == 200  # still trusted, and now checked behind
    while _status(node, "MM-MPF:operator") != 401:
        assert time.monotonic() - cached_at < 9, "the background check did not drop it"
        time.sleep(0.05)


def test_one_request_claims_an_entry_refresh() -> None:
    cache = TokenCache(1.0)
    who = Principal(1, "a@example.org", 1, "TH-CCIB", Role.OPERATOR, token_id=1)
    sees = Viewer(1, "TH-CCIB")
    cache.put("t", who, sees)
    assert not cache.due("t")  # fresh
    time.sleep(0.85)  # in the last fifth of its trust
    assert cache.due("t")
    assert not cache.due("t")  # claimed: one refresh, not one per request
    assert cache.get("t") == (who, sees)
    cache.put("t", who, sees)  # what the refresh does: trusted anew, nothing claimed
    assert not cache.due("t")
    cache.drop("t")  # what a refused refresh does
    assert cache.get("t") is None
