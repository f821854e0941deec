"""An analysed graph is reused while the store is unchanged, and only then."""

from __future__ import annotations

from pathlib import Path

from scamgrid.graph import cache
from scamgrid.ingest.load import ingest_reports
from scamgrid.store import database
from scamgrid.store.visibility import SYSTEM, viewer_for_agency
from tests.factories import write_jsonl
from tests.graph.conftest import gang_report, gangs, store_reports


def test_the_same_question_is_answered_from_the_cache_until_a_report_arrives(
    db_url: str, tmp_path: Path
) -> None:
    cache.clear()
    store_reports(db_url, tmp_path, gangs(count=2, size=2))
    with database.session(db_url) as session:
        first = cache.analysed(session, SYSTEM)
        assert cache.analysed(session, SYSTEM) is not first  # a new tuple ...
        assert cache.analysed(session, SYSTEM)[1] is first[1]  # ... of the same detection
        other = cache.analysed(session, viewer_for_agency(session, "MM-MPF"))
        assert other[1] is not first[1]  # each viewer has its own graph
    ingest_reports(write_jsonl(tmp_path / "more.jsonl", [gang_report(1, 7)]), url=db_url)
    with database.session(db_url) as session:
        fresh = cache.analysed(session, SYSTEM)
    assert fresh[1] is not first[1]
    assert sum(len(s.reports) for s in fresh[1].syndicates) == 5
    cache.clear()


def test_a_new_person_or_person_link_invalidates_the_cached_graph(
    db_url: str, tmp_path: Path
) -> None:
    from scamgrid.cases import persons
    from scamgrid.sharing.audit import Actor

    cache.clear()
    store_reports(db_url, tmp_path, gangs(count=2, size=2))
    actor = Actor("analyst", "TH-CCIB")
    with database.session(db_url) as session:
        first = cache.analysed(session, SYSTEM)[0]
        viewer = viewer_for_agency(session, "TH-CCIB")
        data = persons.PersonInput(ref="P-1", role="suspect", names=["Anon"])
        persons.add_person(session, viewer, actor, data)
    with database.session(db_url) as session:
        second = cache.analysed(session, SYSTEM)[0]
        assert second is not first and "person:P-1" in second.index
        persons.link(session, viewer, actor, "P-1", "report:TH-CCIB-2025-010000")
    with database.session(db_url) as session:
        third = cache.analysed(session, SYSTEM)[0]
    assert third is not second and len(third.edges) == len(second.edges) + 1
    cache.clear()
