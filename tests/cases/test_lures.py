from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from scamgrid.cases import checks, lures
from scamgrid.graph import build
from scamgrid.sharing import audit
from scamgrid.store import database
from scamgrid.store.tables import Indicator, IndicatorLabel, Report, Sighting
from scamgrid.store.visibility import viewer_for_agency
from tests.factories import agencies_and_groups

# Two of the hand-labelled lures (training side) and an ordinary message.
WHATSAPP_LURE = (
    "Looking for English speakers to work in Myawaddy as online sales. 25,000 baht per month "
    "plus commission, free accommodation, we pay your travel. WhatsApp +66 81 234 5678"
)
TELEGRAM_LURE = (
    "URGENT HIRING: customer service staff for our company in Cambodia. Salary 3000 USD/month, "
    "free flight ticket and accommodation. No experience needed. Contact Telegram "
    "@hr_global_jobs only."
)
ORDINARY = "Dinner at 7 tonight? Call me on 081 999 8888 if you are late."
ACTOR = audit.Actor("operator@th-ccib.example.org", "TH-CCIB")


def _check(url: str, texts: list[str], marking: str = "TLP:GREEN") -> list[str]:
    with database.session(url) as session:
        viewer = viewer_for_agency(session, "TH-CCIB")
        verdicts = checks.check_messages(session, viewer, texts, country="TH")
        return lures.record_lures(session, viewer, ACTOR, texts, verdicts, marking=marking)


def _labelled(url: str) -> set[tuple[str, str]]:
    with database.session(url) as session:
        rows = session.execute(
            select(Indicator.type, Indicator.value)
            .join(IndicatorLabel, IndicatorLabel.indicator_id == Indicator.id)
            .where(IndicatorLabel.label == lures.LURE_LABEL)
        )
        return {(kind, value) for kind, value in rows}


def test_a_fake_job_ad_makes_its_handles_and_numbers_job_lure_indicators_in_the_graph(
    db_url: str, text_model: Path
) -> None:
    agencies_and_groups(db_url)
    written = _check(db_url, [ORDINARY, WHATSAPP_LURE, TELEGRAM_LURE])
    assert written == [
        lures.lure_report_id("TH-CCIB", WHATSAPP_LURE),
        lures.lure_report_id("TH-CCIB", TELEGRAM_LURE),
    ]
    assert _labelled(db_url) == {
        ("phone", "+66812345678"),
        ("whatsapp", "+66812345678"),
        ("telegram", "hr_global_jobs"),
    }
    with database.session(db_url) as session:
        stored = session.scalars(select(Report).where(Report.source == lures.LURE_SOURCE)).all()
        assert {(r.fraud_type, r.marking) for r in stored} == {("job_task", "TLP:GREEN")}
        assert session.scalar(select(func.count()).select_from(Sighting)) == 3
        graph = build.load(session, viewer_for_agency(session, "CN-MPS"))  # GREEN: all see it
    lure = build.report_node(written[0])
    linked = {graph.nodes[b] for a, b in graph.edges if graph.nodes[a] == lure}
    assert linked == {"phone:+66812345678", "whatsapp:+66812345678"}
    assert graph.identifiers["telegram:hr_global_jobs"].labels == ("job_lure",)


def test_checking_the_same_ad_again_writes_nothing_new(db_url: str, text_model: Path) -> None:
    agencies_and_groups(db_url)
    first = _check(db_url, [TELEGRAM_LURE, TELEGRAM_LURE])
    again = _check(db_url, [TELEGRAM_LURE])
    assert first == again and len(first) == 1
    with database.session(db_url) as session:
        assert session.scalar(select(func.count()).select_from(Report)) == 1
        assert session.scalar(select(func.count()).select_from(IndicatorLabel)) == 1


def test_an_amber_lure_is_stored_as_marked_without_a_node_wide_label(
    db_url: str, text_model: Path
) -> None:
    agencies_and_groups(db_url)
    (written,) = _check(db_url, [TELEGRAM_LURE], marking="TLP:AMBER")
    assert _labelled(db_url) == set()
    with database.session(db_url) as session:
        outsider = build.load(session, viewer_for_agency(session, "MM-MPF"))
        owner = build.load(session, viewer_for_agency(session, "TH-CCIB"))
    assert build.report_node(written) not in outsider.index
    assert build.report_node(written) in owner.index
