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
