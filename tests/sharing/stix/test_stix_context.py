"""`share import` of compounds and syndicate links from other nodes' bundles, bad ones named."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select
from typer.testing import CliRunner

from scamgrid.cases.tables import Compound, CompoundLink
from scamgrid.cli import get_app
from scamgrid.sharing.stix import entities as e
from scamgrid.store import database
from tests.factories import agencies_and_groups

MOMENT = datetime(2026, 1, 5, tzinfo=UTC)


def place(key: str, **changes: object) -> dict[str, object]:
    view = e.CompoundView(
        key, f"{key} compound", ["园区"], "MM", "Myawaddy", 16.6, 98.5, None, "", 3000, {},
        "active", "TH-CCIB", "TLP:AMBER", "th-cn", ["CN-MPS", "TH-CCIB"], MOMENT, MOMENT,
    )  # fmt: skip
    return {**e.location(view), **changes}


def test_compounds_and_syndicate_links_come_in_and_a_bad_one_is_named(
    db_url: str, tmp_path: Path
) -> None:
    agencies_and_groups(db_url)
    good = place("kk-park")
    nowhere = place("nowhere")
    del nowhere["country"]  # still a STIX location (it has coordinates), but no compound
    city = {**place("city"), "extensions": {}}  # another platform's location: not a compound
    stamp = "2026-01-05T00:00:00.000000Z"
    syndicate = e.SyndicateView(
        "S-0123456789", ["TH-1", "TH-2"], {"investment": 2}, {}, ["TH"], ["TH-CCIB"],
        MOMENT, MOMENT, stamp, stamp, "TLP:GREEN", None, [], "th",
    )  # fmt: skip
    intrusion_set = e.syndicate_objects(syndicate)[0]
    ties = [
        e.relationship(intrusion_set["id"], "originates-from", target["id"], "TLP:AMBER", stamp)
        for target in (good, nowhere)
    ]
    bundle = tmp_path / "peer.json"
    objects = [good, nowhere, city, intrusion_set, *ties]
    bundle.write_text(
        json.dumps(
            {
                "type": "bundle",
                "id": f"bundle--{'0' * 8}-0000-4000-8000-{'0' * 12}",
                "objects": objects,
            }
        )
    )

    def share_import() -> dict[str, object]:
        result = CliRunner().invoke(get_app(), ["share", "import", str(bundle), "--json"])
        assert result.exit_code == 0, result.output
        found: dict[str, object] = json.loads(result.output)
        return found

    first = share_import()
    assert first["compounds"] == 1 and first["compound_links"] == 1
    assert first["skipped"] == [f"{nowhere['id']}: country: an ISO 3166 alpha-2 code"]
    with database.session(db_url) as session:
        compound = session.scalar(select(Compound).where(Compound.key == "kk-park"))
        assert compound is not None
        assert (compound.marking, compound.lat, compound.headcount) == ("TLP:AMBER", 16.6, 3000)
        links = session.execute(select(CompoundLink.kind, CompoundLink.ref)).all()
        assert [tuple(link) for link in links] == [("syndicate", "S-0123456789")]
        assert session.scalar(select(Compound.id).where(Compound.key == "city")) is None
    again = share_import()
    assert again["compounds"] == again["compound_links"] == 0
