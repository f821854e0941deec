"""Rescue requests: the workflow, its audit trail, who sees what, duplicates across agencies."""

from __future__ import annotations

import orjson
import pytest
from sqlalchemy import select

from scamgrid.cases import rescues
from scamgrid.cases.tables import RescueRequest, RescueTransition
from scamgrid.errors import Forbidden, InvalidInput, NotFound
from scamgrid.sharing import audit
from scamgrid.store import database
from scamgrid.store.tables import AuditEvent, Indicator
from tests.cases.conftest import acting

WALLET = "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t"


def request(**fields: object) -> rescues.RescueInput:
    body: dict[str, object] = {
        "person": {
            "names": ["Wang Wei", "王伟"],
            "dob": "1998-04-12",
            "documents": ["E12345678"],
            "nationality": "CN",
        },
        "reported_at": "2025-02-03T10:00:00+07:00",
        "source": "family",
        "urgency": "high",
        "compound": "KK园区",
        "ransom": {"amount": 30000, "currency": "USDT", "wallet": WALLET},
        "marking": "TLP:AMBER",
        "sharing_group": "th-cn",
    }
    body.update(fields)
    return rescues.RescueInput.from_dict(body)


def test_every_transition_is_stored_and_audited(store: str) -> None:
    with acting(store, "TH-CCIB") as (session, viewer, actor):
        created = rescues.create(session, viewer, actor, request())
    ref = created["reference"]
    assert created["compound"] == "kk-park"
    assert created["ransom"]["wallet"] == f"tron:{WALLET}"
    path = ["verified", "located", "rescue_planned", "located", "rescue_planned", "rescued"]
    for status in path:
        with acting(store, "TH-CCIB") as (session, viewer, actor):
            rescues.transition(session, viewer, actor, ref, status, note=f"now {status}")
    with acting(store, "TH-CCIB") as (session, viewer, actor):
        done = rescues.transition(session, viewer, actor, ref, "repatriated")
        assert done["deadline"] is None
        with pytest.raises(InvalidInput, match="finished"):
            rescues.transition(session, viewer, actor, ref, "closed")
    with database.session(store) as session:
        stored = session.scalars(select(RescueTransition).order_by(RescueTransition.id)).all()
        events = session.scalars(
            select(AuditEvent)
            .where(AuditEvent.action == "rescue.transition", AuditEvent.target_id == ref)
            .order_by(AuditEvent.id)
        ).all()
        assert [t.to_status for t in stored] == ["reported", *path, "repatriated"]
        assert [orjson.loads(e.detail)["to_status"] for e in events] == [*path, "repatriated"]
        assert all(e.agency == "TH-CCIB" for e in events)
        assert audit.verify(session).ok
        # The ransom wallet is an indicator like any other: look-ups and the graph find it.
        assert session.scalar(select(Indicator.value).where(Indicator.type == "crypto_wallet"))


def test_a_skipped_step_is_refused(store: str) -> None:
    with acting(store, "TH-CCIB") as (session, viewer, actor):
        ref = rescues.create(session, viewer, actor, request())["reference"]
        with pytest.raises(InvalidInput, match="verified"):
            rescues.transition(session, viewer, actor, ref, "rescued")


def test_only_the_sharing_group_sees_the_request_and_its_history(store: str) -> None:
    with acting(store, "TH-CCIB") as (session, viewer, actor):
        ref = rescues.create(session, viewer, actor, request())["reference"]
        rescues.transition(session, viewer, actor, ref, "verified")
    with acting(store, "CN-MPS") as (session, viewer, actor):
        seen = rescues.read(session, viewer, actor, ref)
        assert [h["to"] for h in seen["history"]] == ["reported", "verified"]
        assert seen["person"] == {"nationality": "CN"}  # no names outside owner and assignee
        with pytest.raises(Forbidden):
            rescues.transition(session, viewer, actor, ref, "located")
    with acting(store, "MM-MPF") as (session, viewer, actor):
        with pytest.raises(NotFound):
            rescues.read(session, viewer, actor, ref)
        assert rescues.list_requests(session, viewer) == (0, [])
    with database.session(store) as session:
        reads = session.scalars(
            select(AuditEvent.agency).where(AuditEvent.action == "rescue.read")
        ).all()
        assert reads == ["CN-MPS"]


def test_the_assigned_agency_moves_the_request_and_reads_the_person(store: str) -> None:
    with acting(store, "TH-CCIB") as (session, viewer, actor):
        ref = rescues.create(session, viewer, actor, request())["reference"]
        with pytest.raises(InvalidInput, match="cannot see"):
            rescues.assign(session, viewer, actor, ref, "MM-MPF")
        rescues.assign(session, viewer, actor, ref, "CN-MPS")
    with acting(store, "CN-MPS") as (session, viewer, actor):
        moved = rescues.transition(session, viewer, actor, ref, "verified")
        assert moved["assigned_to"] == "CN-MPS"
        assert moved["person"]["documents"] == ["E12345678"]
        assert moved["history"][-1]["agency"] == "CN-MPS"


def test_the_same_person_reported_twice_becomes_one_case(store: str) -> None:
    with acting(store, "CN-MPS") as (session, viewer, actor):
        first = rescues.create(session, viewer, actor, request(source="family"))
    # An NGO in Thailand reports him again, with his passport number written differently.
    again = request(
        person={"names": ["WANG WEI"], "documents": ["e 1234 5678"], "nationality": "CN"},
        source="ngo",
    )
    with acting(store, "TH-CCIB") as (session, viewer, actor):
        second = rescues.create(session, viewer, actor, again)
    assert second["duplicate_of"] == first["reference"]
    assert "same document number" in second["possible_duplicates"][0]["reasons"]
    # Without a document: the same name and date of birth still find him.
    third = request(person={"names": ["Wáng Wěi"], "dob": "1998-04-12", "nationality": "CN"})
    with acting(store, "TH-CCIB") as (session, viewer, actor):
        found = rescues.create(session, viewer, actor, third)
    assert found["duplicate_of"] == first["reference"]
    # Someone else of the same name but another date of birth is not him.
    other = request(person={"names": ["Wang Wei"], "dob": "1975-01-01", "nationality": "CN"})
    with acting(store, "TH-CCIB") as (session, viewer, actor):
        assert rescues.create(session, viewer, actor, other)["duplicate_of"] is None


def test_personal_data_is_sealed_at_rest(store: str) -> None:
    with acting(store, "TH-CCIB") as (session, viewer, actor):
        rescues.create(session, viewer, actor, request())
    with database.session(store) as session:
        blob = session.scalar(select(RescueRequest.person_sealed))
        assert blob is not None and b"Wang" not in blob and b"E12345678" not in blob


def test_bad_input_names_the_field() -> None:
    with pytest.raises(InvalidInput, match=r"person\.dob"):
        rescues.RescueInput.from_dict({"person": {"names": ["A"], "dob": "12/04/1998"}})
    with pytest.raises(InvalidInput, match="urgency"):
        rescues.RescueInput.from_dict({"person": {"names": ["A"]}, "urgency": "now"})
