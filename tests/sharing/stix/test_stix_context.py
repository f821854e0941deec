"""`share import` of compounds, syndicate links and persons from other nodes' bundles, bad ones
named."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select
from typer.testing import CliRunner

from scamgrid.cases import persons
from scamgrid.cases.tables import Compound, CompoundLink
from scamgrid.cli import get_app
from scamgrid.sharing.audit import Actor
from scamgrid.sharing.stix import entities as e
from scamgrid.sharing.stix import vocabulary as v
from scamgrid.store import database
from scamgrid.store.crypto import KeyRing
from scamgrid.store.tables import AuditEvent
from scamgrid.store.visibility import SYSTEM, viewer_for_agency
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


def person(ref: str, role: str = "recruiter", stamp: datetime = MOMENT) -> dict[str, object]:
    view = e.PersonView(
        ref, role, "CN", "TH-CCIB", "TLP:AMBER", "th-cn", ["CN-MPS", "TH-CCIB"], MOMENT, stamp, "th"
    )
    return e.person_identity(view)


def test_persons_come_in_without_names_and_bad_ones_are_named(db_url: str, tmp_path: Path) -> None:
    agencies_and_groups(db_url)
    with database.session(db_url) as session:  # recorded here: never overwritten from outside
        th = viewer_for_agency(session, "TH-CCIB")
        here = persons.PersonInput("TH-P-9", "boss", names=["Known Here"])
        persons.add_person(session, th, Actor("test", "TH-CCIB"), here)
    stamp = "2026-01-05T00:00:00.000000Z"
    tie = e.PersonTie("TH-CCIB", stamp)
    wallet = e.person_indicator(
        "TH-P-1",
        "crypto_wallet",
        "tron:T9yD14Nj9j7xAB4dbGeiX9h8unkKHxuWwb",
        tie,
        "TLP:AMBER",
        stamp,
    )
    good, bad, mine = person("TH-P-1"), person("TH-P-2", role="cashier"), person("TH-P-9")
    ties = [
        e.relationship(good["id"], "related-to", wallet["id"], "TLP:AMBER", stamp, "holds", tie),
        e.relationship(
            good["id"], "related-to", v.report_stix_id("TH-404"), "TLP:AMBER", stamp, "named", tie
        ),
    ]
    bundle = tmp_path / "peer.json"
    objects = [good, bad, mine, wallet, *ties]
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
    assert (first["persons"], first["person_links"], first["local"], first["inserted"]) == (
        1,
        1,
        1,
        0,
    )
    assert first["skipped"] == [
        f"{bad['id']}: role: 'cashier' is not one of {', '.join(persons.ROLES)}",
        f"{ties[1]['id']}: target_ref: {ties[1]['target_ref']} is not in the bundle",
    ]
    with database.session(db_url) as session:
        (copy,) = persons.visible_persons(session, SYSTEM, ref="TH-P-1")
        assert (copy.role, copy.agency, copy.marking, copy.sharing_group) == (
            "recruiter",
            "TH-CCIB",
            "TLP:AMBER",
            "th-cn",
        )
        assert copy.names == [] and [k["target"] for k in copy.links] == [
            "crypto_wallet:tron:T9yD14Nj9j7xAB4dbGeiX9h8unkKHxuWwb"
        ]
        row = session.scalar(
            select(persons.PersonOfInterest).where(persons.PersonOfInterest.ref == "TH-P-1")
        )
        assert row is not None and persons.held_elsewhere(KeyRing.load(), row) == ("TH-CCIB", "th")
        (local,) = persons.visible_persons(session, SYSTEM, ref="TH-P-9")
        assert (local.role, local.names) == ("boss", ["Known Here"])
        events = session.scalars(
            select(AuditEvent.action).where(AuditEvent.action == "person.receive")
        )
        assert list(events) == ["person.receive"]
    again = share_import()
    assert (again["persons"], again["person_links"], again["stale"]) == (0, 0, 1)
    newer = person("TH-P-1", role="boss", stamp=datetime(2026, 2, 1, tzinfo=UTC))
    objects[0] = newer
    bundle.write_text(
        json.dumps(
            {
                "type": "bundle",
                "id": f"bundle--{'0' * 8}-0000-4000-8000-{'0' * 12}",
                "objects": objects,
            }
        )
    )
    assert share_import()["persons"] == 1
    with database.session(db_url) as session:
        assert persons.visible_persons(session, SYSTEM, ref="TH-P-1")[0].role == "boss"
