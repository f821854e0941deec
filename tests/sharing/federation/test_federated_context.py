"""Compounds, persons of interest and their ties travel between nodes by `federation sync`."""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from stix2validator import ValidationOptions, validate_file

from scamgrid.cases import compounds, persons
from scamgrid.cases.personal import unseal
from scamgrid.cases.persons import PersonLink, PersonOfInterest
from scamgrid.cases.tables import Compound, CompoundEvent, CompoundLink
from scamgrid.ingest.load import ingest_records
from scamgrid.ingest.reports import ReadOptions, to_record
from scamgrid.sharing import audit
from scamgrid.sharing.federation import peers
from scamgrid.sharing.federation.sync import sync_peer
from scamgrid.sharing.federation.transport import HttpTransport
from scamgrid.sharing.taxii.collections import collection_id
from scamgrid.store import database
from scamgrid.store.crypto import KeyRing
from scamgrid.store.tables import AuditEvent, Report
from scamgrid.store.visibility import viewer_for_agency
from tests.factories import report
from tests.sharing.federation.nodes import prepare, serve

ACTOR = audit.Actor("test", "TH-CCIB")
GROUP = {"marking": "TLP:AMBER", "sharing_group": "th-cn"}


def _ingest(db_url: str, *reports: dict[str, Any]) -> None:
    rows = [to_record(r, n, ReadOptions()) for n, r in enumerate(reports)]
    assert not ingest_records(rows, "seed", "seed", db_url).errors


def _seed(db_url: str) -> None:
    """TH's records: an in-group compound and person tied to an in-group report, RED ones."""
    _ingest(db_url, report("TH-AMBER", **GROUP))
    with database.session(db_url) as s:
        th = viewer_for_agency(s, "TH-CCIB")
        for key, marking in (("kk-park", GROUP), ("black-site", {"marking": "TLP:RED"})):
            data = compounds.CompoundInput(key, f"{key} compound", "MM", area="Myawaddy", **marking)
            compounds.add_compound(s, th, ACTOR, data)
        boss = persons.PersonInput("TH-P-1", "recruiter", names=["Secret Name"], **GROUP)
        persons.add_person(s, th, ACTOR, boss)
        hidden = persons.PersonInput("TH-P-RED", "boss", names=["Other"], marking="TLP:RED")
        persons.add_person(s, th, ACTOR, hidden)
        persons.link(s, th, ACTOR, "TH-P-1", "report:TH-AMBER")
        persons.link(s, th, ACTOR, "TH-P-1", "phone:+66899990001", "uses")
        compounds.link(s, th, ACTOR, "kk-park", "person", "TH-P-1")
        compounds.link(s, th, ACTOR, "black-site", "person", "TH-P-1")


def _held(db_url: str) -> dict[str, Any]:
    """What a node holds of the context: compounds, persons and their ties."""
    ring = KeyRing.load()
    with database.session(db_url) as s:
        places = {c.key: (c.status, c.origin_node, c.marking) for c in s.scalars(select(Compound))}
        people = {
            p.ref: (
                persons.held_elsewhere(ring, p),
                unseal(ring, p.person_sealed, persons.bound_to(p.ref)).names or None,
            )
            for p in s.scalars(select(PersonOfInterest))
        }
        ties = sorted(
            (relation, report_id or "", raw)
            for relation, report_id, raw in s.execute(
                select(PersonLink.relation, Report.report_id, PersonLink.raw).outerjoin(
                    Report, Report.id == PersonLink.report_id
                )
            )
        )
        placed = sorted(tuple(x) for x in s.execute(select(CompoundLink.kind, CompoundLink.ref)))
        counts = tuple(
            s.scalar(select(func.count()).select_from(t)) or 0
            for t in (Compound, CompoundEvent, CompoundLink, PersonOfInterest, PersonLink)
        )
    return {"places": places, "people": people, "ties": ties, "placed": placed, "n": counts}


def test_compounds_and_persons_reach_the_group_and_edits_travel(
    db_url: str, tmp_path: Path
) -> None:
    # The serving node on each backend (its collections are the SQL under test), peers SQLite.
    urls = {"th": db_url, **{n: f"sqlite:///{tmp_path / f'{n}.db'}" for n in ("cn", "mm")}}
    tokens = {n: prepare(url) for n, url in urls.items()}
    _seed(urls["th"])
    with serve("th", urls["th"], tokens["th"]) as th:
        with database.session(urls["cn"]) as s:
            peers.add_peer(s, "th", th.url, th.tokens["CN-MPS:partner"])
        with database.session(urls["mm"]) as s:
            peers.add_peer(s, "th", th.url, th.tokens["MM-MPF:analyst"])
        first = sync_peer("th", "cn", urls["cn"]).pulled
        assert (first.compounds, first.persons, first.person_links) == (1, 1, 2)
        assert first.compound_links == 1 and not first.skipped
        sync_peer("th", "mm", urls["mm"])

        # In the group: the AMBER compound and person, with provenance and without names.
        cn = _held(urls["cn"])
        assert cn["places"] == {"kk-park": ("active", "th", "TLP:AMBER")}
        assert cn["people"] == {"TH-P-1": (("TH-CCIB", "th"), None)}
        assert cn["ties"] == [("named", "TH-AMBER", ""), ("uses", "", "+66899990001")]
        assert cn["placed"] == [("person", "TH-P-1")]
        with database.session(urls["cn"]) as s:
            received = s.scalar(
                select(AuditEvent.detail).where(AuditEvent.action == "compound.receive")
            )
        assert received is not None and json.loads(received)["origin_node"] == "th"
        # What the group's collection serves is valid STIX 2.1, and holds no name and no RED.
        served = tmp_path / "th-cn.json"
        transport = HttpTransport(th.taxii, th.tokens["CN-MPS:partner"])
        root = transport.api_root()
        page = transport.objects(root, collection_id("group", "th-cn"), None, None, 1000)
        transport.close()
        bundle = {"type": "bundle", "id": "bundle--" + str(uuid.uuid4()), "objects": page.objects}
        served.write_text(json.dumps(bundle))
        checked = validate_file(str(served), ValidationOptions(version="2.1"))
        assert checked.is_valid, [e for o in checked.object_results for e in o.errors][:5]
        assert not [w for o in checked.object_results for w in o.warnings]
        kinds = {o["type"] for o in page.objects} | {
            o.get("relationship_type") for o in page.objects
        }
        assert {"location", "identity", "located-at", "related-to"} <= kinds
        text = served.read_text()
        for never in ("Secret Name", "black-site", "TH-P-RED"):
            assert never not in text, never
        # RED never leaves; out of the group nothing of it arrives.
        mm = _held(urls["mm"])
        assert mm["places"] == {} and mm["people"] == {} and mm["ties"] == []

        # An edit of the compound, a new tie and a newer version of the report travel.
        with database.session(urls["th"]) as s:
            viewer = viewer_for_agency(s, "TH-CCIB")
            compounds.set_status(s, viewer, ACTOR, "kk-park", "raided")
            persons.link(s, viewer, ACTOR, "TH-P-1", "phone:+66899990002", "holds")
        _ingest(urls["th"], report("TH-AMBER", narrative="A newer version.", **GROUP))
        second = sync_peer("th", "cn", urls["cn"]).pulled
        assert (second.compounds, second.updated, second.person_links) == (1, 1, 1)
        cn = _held(urls["cn"])
        assert cn["places"]["kk-park"] == ("raided", "th", "TLP:AMBER")
        assert ("named", "TH-AMBER", "") in cn["ties"]  # the report's ties outlive its update
        assert ("holds", "", "+66899990002") in cn["ties"] and len(cn["ties"]) == 3

        # A rerun duplicates nothing.
        again = sync_peer("th", "cn", urls["cn"]).pulled
        assert again.compounds == again.persons == again.person_links == again.compound_links == 0
        assert _held(urls["cn"]) == cn

        # Echoed back to TH by CN, its own records change in nothing.
        home = _held(urls["th"])
        with serve("cn", urls["cn"], tokens["cn"]) as cn_node:
            with database.session(urls["th"]) as s:
                peers.add_peer(s, "cn", cn_node.url, cn_node.tokens["TH-CCIB:partner"])
            echo = sync_peer("cn", "th", urls["th"]).pulled
        assert echo.local >= 2 and echo.compounds == echo.persons == echo.person_links == 0
        assert _held(urls["th"]) == home
