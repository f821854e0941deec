"""The polkadot-js phishing list as a feed: loaded by `scamgrid ingest blocklist`, then cited."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from scamgrid import settings
from scamgrid.cases import checks
from scamgrid.cli import get_app
from scamgrid.store import database
from scamgrid.store.tables import Indicator, Report
from scamgrid.store.visibility import PUBLIC
from tests.factories import agencies_and_groups

FEED = "polkadot-phishing"
SITE = "airdropcampaign-polkadot.network"
WALLET = "14FscqFT8S8W8emC5294cEpDctgAucJW7C99mpxS4cucpHoA"  # listed for SITE


@pytest.fixture
def polkadot() -> Path:
    folder = settings.data_dir() / FEED
    if not (folder / "address.json").is_file():
        pytest.skip(f"{FEED} not found at {folder}")
    return folder


def ingest(path: Path, exit_code: int = 0) -> dict[str, Any]:
    result = CliRunner().invoke(
        get_app(),
        ["ingest", "blocklist", str(path), "--feed", FEED, "--agency", "TH-CCIB", "--json"],
    )
    assert result.exit_code == exit_code, result.output
    summary: dict[str, Any] = json.loads(result.stdout)
    return summary


def test_every_site_and_wallet_of_the_address_list_loads_as_clear_feed_records(
    db_url: str, polkadot: Path
) -> None:
    agencies_and_groups(db_url)
    listed = json.loads((polkadot / "address.json").read_text(encoding="utf-8"))
    summary = ingest(polkadot / "address.json")
    assert (summary["accepted"], summary["rejected"]) == (len(listed), 0)
    with database.session(db_url) as session:
        wallets = session.scalars(
            select(Indicator.value).where(Indicator.type == "crypto_wallet")
        ).all()
        markings = set(session.scalars(select(Report.marking)).all())
    assert set(wallets) == {f"dot:{w}" for ws in listed.values() for w in ws}
    assert markings == {"TLP:CLEAR"}
    assert ingest(polkadot / "address.json")["unchanged"] == len(listed)  # idempotent


def test_denied_domains_load_and_a_message_citing_them_is_flagged_publicly(
    db_url: str, polkadot: Path, text_model: Path, tmp_path: Path
) -> None:
    agencies_and_groups(db_url)
    deny = json.loads((polkadot / "all.json").read_text(encoding="utf-8"))["deny"]
    part = tmp_path / "all.json"  # the same format, a slice: the whole list takes ~30 s here
    part.write_text(json.dumps({"allow": [], "deny": deny[:300]}), encoding="utf-8")
    summary = ingest(part, exit_code=2)  # some rows are refused, each named; the rest load
    refused = {deny[e["row"] - 1] for e in summary["errors"]}
    assert refused and all("no registrable domain" in e["reason"] for e in summary["errors"])
    assert summary["accepted"] == 300 - len(refused)
    with database.session(db_url) as session:
        kinds = dict(
            session.execute(select(Indicator.type, func.count()).group_by(Indicator.type)).all()
        )
    addresses = [d for d in deny[:300] if d.replace(".", "").isdigit()]  # a few IPs are listed
    assert kinds["ip"] == len(addresses) >= 1
    assert kinds["domain"] <= summary["accepted"] - len(addresses)  # subdomains fold into one
    ingest(polkadot / "address.json")
    with database.session(db_url) as session:
        text = (
            f"Here is the page I told you about, https://{deny[0]}/home, my address "
            f"{WALLET} and the other one, {SITE}. See you tomorrow"
        )
        (verdict,) = checks.check_messages(session, PUBLIC, [text])
    cited = {(i.type, i.citation.type, i.citation.value) for i in verdict.indicators if i.citation}
    assert cited == {
        ("url", "domain", deny[0]),
        ("crypto_wallet", "crypto_wallet", f"dot:{WALLET}"),
        ("domain", "domain", SITE),
    }
    assert verdict.label.value == "scam" and verdict.score > verdict.model_score  # cited
    assert all("reported" in (i.explanation or "") for i in verdict.indicators if i.citation)
    assert "TH-CCIB" not in json.dumps(verdict.to_dict(), default=str)
