"""TAXII status resources live in the store: any process of a node answers for them.

Two app instances on one database stand for two workers of `scamgrid serve --workers 2`: they
share nothing but the store (each has its own `app.state`, where statuses used to be kept).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import requests
from sqlalchemy import select, update

from scamgrid.sharing.federation.tables import TaxiiStatus
from scamgrid.sharing.taxii.collections import collection_id
from scamgrid.store import database
from tests.sharing.federation.nodes import prepare, serve
from tests.sharing.taxii.test_taxii_client import _cn_bundle

TAXII = "application/taxii+json;version=2.1"


def _headers(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}", "Accept": TAXII, "Content-Type": TAXII}


def test_a_status_made_by_one_app_is_read_by_another_until_it_expires(db_url: str) -> None:
    tokens = prepare(db_url)
    cn = _headers(tokens["CN-MPS:analyst"])
    with serve("th", db_url, tokens) as one, serve("th", db_url, tokens) as two:
        feed = f"{one.taxii}api/collections/{collection_id('agency', 'CN-MPS')}/objects/"
        added = requests.post(feed, json=_cn_bundle(), headers=cn, timeout=30)
        assert added.status_code == 202
        status = added.json()
        assert status["status"] == "complete" and status["success_count"] == 3

        path = f"/taxii2/api/status/{status['id']}/"
        elsewhere = requests.get(two.url + path, headers=cn, timeout=30)
        assert elsewhere.status_code == 200
        assert elsewhere.json() == status
        # Only the agency that added the objects learns how it went.
        th = requests.get(two.url + path, headers=_headers(tokens["TH-CCIB:analyst"]), timeout=30)
        assert th.status_code == 404

        with database.session(db_url) as session:
            row = session.scalar(select(TaxiiStatus).where(TaxiiStatus.id == status["id"]))
            assert row is not None and row.expires_at > datetime.now(UTC) + timedelta(days=6)
            session.execute(
                update(TaxiiStatus)
                .where(TaxiiStatus.id == status["id"])
                .values(expires_at=datetime.now(UTC) - timedelta(seconds=1))
            )
        assert requests.get(two.url + path, headers=cn, timeout=30).status_code == 404
        assert requests.get(one.url + path, headers=cn, timeout=30).status_code == 404

        # The next status written clears the expired one out of the store.
        again = requests.post(feed, json=_cn_bundle(), headers=cn, timeout=30)
        assert again.status_code == 202
        with database.session(db_url) as session:
            kept = set(session.scalars(select(TaxiiStatus.id)))
        assert kept == {again.json()["id"]}
