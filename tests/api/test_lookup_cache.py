"""Look-up answers kept in memory per viewer and store generation: never stale past the bound,
never one agency's answer to another."""

from __future__ import annotations

import json
import sqlite3
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from scamgrid.api import lookup as lookup_api
from scamgrid.cli import get_app
from scamgrid.ingest.load import ingest_records
from scamgrid.ingest.reports import ReadOptions, to_record
from scamgrid.store import database, generation
from scamgrid.store.lookup import tally_index
from scamgrid.store.visibility import viewer_for_agency
from tests.api.conftest import Node
from tests.factories import report

PHONE = {"type": "phone", "value": "+66812345678"}
ONE = {"value": "+66812345678", "type": "phone"}


def _ingest(node: Node, *rows: dict[str, object]) -> None:
    records = [to_record(row, n, ReadOptions()) for n, row in enumerate(rows, start=1)]
    assert ingest_records(records, "t", "t", node.db_url).rejected == 0


def _past_the_bound() -> None:
    time.sleep(generation.STALENESS + 0.05)


def _count(node: Node, who: str) -> int:
    with node.client(who) as client:
        response = client.get("/api/v1/lookup", params=ONE)
    assert response.status_code == 200, response.text
    count: int = response.json()["report_count"]
    return count


def _bulk(node: Node, who: str) -> dict[str, object]:
    with node.client(who) as client:
        response = client.post("/api/v1/lookup/bulk", json={"items": [ONE]})
    assert response.status_code == 200, response.text
    result: dict[str, object] = response.json()["results"][0]
    return result


def _indexed(node: Node, agency: str) -> None:
    """Build the agency's bulk tally index now, so bulk answers come from memory."""
    with database.session(node.db_url) as session:
        sees = viewer_for_agency(session, agency)
    cache = generation.cache_for(node.db_url)
    cache.build_index(sees, lambda conn: tally_index(conn, sees))


def test_every_kind_of_write_changes_the_next_answer(node: Node, tmp_path: Path) -> None:
    cache = generation.cache_for(node.db_url)
    _ingest(node, report("TH-1", indicators=[PHONE]))
    assert _count(node, "TH-CCIB:analyst") == 1
    # Asked again within the bound, the answer is the kept one (no query).
    assert any(key[2:4] == ("phone", "+66812345678") for key in cache._answers)
    _indexed(node, "TH-CCIB")
    assert _bulk(node, "TH-CCIB:operator")["report_count"] == 1
    steps = []
    # Ingestion of a file's records.
    _ingest(node, report("TH-2", indicators=[PHONE]))
    _past_the_bound()
    steps.append((_count(node, "TH-CCIB:analyst"), _bulk(node, "TH-CCIB:operator")))
    with node.client("TH-CCIB:analyst") as client:
        # The API: create, update (another fraud type), delete.
        created = client.post("/api/v1/reports", json=report("TH-3", indicators=[PHONE]))
        assert created.status_code == 201, created.text
        _past_the_bound()
        steps.append((_count(node, "TH-CCIB:analyst"), _bulk(node, "TH-CCIB:operator")))
        changed = client.patch("/api/v1/reports/TH-3", json={"fraud_type": "loan"})
        assert changed.status_code == 200, changed.text
        _past_the_bound()
        steps.append((_count(node, "TH-CCIB:analyst"), _bulk(node, "TH-CCIB:operator")))
        assert client.delete("/api/v1/reports/TH-3").status_code == 204
        _past_the_bound()
        steps.append((_count(node, "TH-CCIB:analyst"), _bulk(node, "TH-CCIB:operator")))
    counts = [count for count, _ in steps]
    kinds = [hit["fraud_types"] for _, hit in steps]
    assert counts == [2, 3, 3, 2]
    assert [hit["report_count"] for _, hit in steps] == counts
    assert kinds[2] == {"impersonation": 2, "loan": 1} and kinds[3] == {"impersonation": 2}


def test_an_import_changes_the_next_answer(
    node: Node, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A STIX bundle from another node, imported by the CLI in its own transaction."""
    _ingest(node, report("TH-1", indicators=[PHONE]))
    bundle = tmp_path / "th.json"
    monkeypatch.setenv("SCAMGRID_DATABASE_URL", node.db_url)
    runner = CliRunner()
    out = runner.invoke(get_app(), ["share", "export", "--out", str(bundle)])
    assert out.exit_code == 0, out.output
    objects = json.loads(bundle.read_text())["objects"]
    for one in objects:  # the same report under another id, as another node would send it
        for field in ("id", "external_references"):
            if field in one:
                one[field] = json.loads(json.dumps(one[field]).replace("TH-1", "TH-9"))
    bundle.write_text(json.dumps({"type": "bundle", "id": "bundle--x", "objects": objects}))
    assert _count(node, "TH-CCIB:analyst") == 1
    with node.client("TH-CCIB:analyst") as client:
        assert client.delete("/api/v1/reports/TH-1").status_code == 204
    _past_the_bound()
    assert _count(node, "TH-CCIB:analyst") == 0
    out = runner.invoke(get_app(), ["share", "import", str(bundle), "--json"])
    assert out.exit_code == 0, out.output
    assert json.loads(out.output)["inserted"] >= 1
    _past_the_bound()
    assert _count(node, "TH-CCIB:analyst") == 1


def test_one_agencys_kept_answer_never_serves_another(node: Node) -> None:
    _ingest(
        node,
        report("TH-1", indicators=[PHONE]),
        report("TH-2", indicators=[PHONE], marking="TLP:AMBER", sharing_group="th-cn"),
        report("TH-3", indicators=[PHONE], marking="TLP:RED", fraud_type="loan"),
    )
    for agency in ("TH-CCIB", "CN-MPS", "MM-MPF"):
        _indexed(node, agency)
    # The owner asks first, so its answer (with the RED and AMBER reports) is kept first.
    for _ in range(2):
        assert _count(node, "TH-CCIB:analyst") == 3
        assert _count(node, "CN-MPS:analyst") == 2  # th-cn's AMBER, never the RED one
        assert _count(node, "MM-MPF:analyst") == 1  # GREEN only
        assert _bulk(node, "TH-CCIB:operator")["fraud_types"] == {"impersonation": 2, "loan": 1}
        assert _bulk(node, "CN-MPS:operator")["report_count"] == 2
        assert _bulk(node, "MM-MPF:operator")["fraud_types"] == {"impersonation": 1}
    with node.client("MM-MPF:analyst") as client:
        body = client.get("/api/v1/lookup", params=ONE).json()
    assert [r["report_id"] for r in body["reports"]] == ["TH-1"]


def test_each_surface_form_gets_its_own_raw_back(node: Node) -> None:
    _ingest(node, report("TH-1", indicators=[PHONE]))
    forms = ["+66812345678", "081-234-5678", "+66 81 234 5678"]
    with node.client("TH-CCIB:analyst") as client:
        for _ in range(2):  # the second time, kept answers
            for form in forms:
                params = {"value": form, "type": "phone", "country": "TH"}
                body = client.get("/api/v1/lookup", params=params).json()
                assert (body["raw"], body["value"], body["report_count"]) == (
                    form,
                    "+66812345678",
                    1,
                )


def test_a_value_never_stored_gets_the_empty_answer_without_a_query_thread(node: Node) -> None:
    # On SQLite the event loop probes the index itself for a value no record holds; the answer
    # must be the one the full look-up gives, and must change as soon as the value is stored
    # (such answers are not kept). A stored value the asker may not see takes the full path.
    unknown = {"value": "+66899999999", "type": "phone"}
    with node.client("TH-CCIB:analyst") as client:
        before = client.get("/api/v1/lookup", params=unknown)
    assert before.status_code == 200, before.text
    assert before.json() == {
        "type": "phone",
        "value": "+66899999999",
        "raw": "+66899999999",
        "found": False,
        "report_count": 0,
        "agencies": [],
        "first_seen": None,
        "last_seen": None,
        "fraud_types": {},
        "losses": {},
        "reports": [],
        "cooccurring": [],
    }
    _ingest(node, report("MM-1", agency="MM-MPF", marking="TLP:RED", indicators=[PHONE]))
    with node.client("TH-CCIB:analyst") as client:
        hidden = client.get("/api/v1/lookup", params=ONE).json()
    assert hidden == {**before.json(), "value": PHONE["value"], "raw": PHONE["value"]}
    _ingest(node, report("TH-9", agency="TH-CCIB", indicators=[{**unknown}]))
    _past_the_bound()  # answers may be that much older than a write
    assert _count(node, "TH-CCIB:analyst") == 0  # ONE is still hidden from TH-CCIB
    with node.client("TH-CCIB:analyst") as client:
        after = client.get("/api/v1/lookup", params=unknown).json()
    assert after["found"] is True and after["report_count"] == 1


def test_a_hidden_value_is_answered_from_memory_like_one_never_stored(
    node: Node, monkeypatch: pytest.MonkeyPatch
) -> None:
    # With the asker's tally index built, a value stored but hidden from them is answered from
    # it, as fast as a value never stored: the time taken tells nothing about other agencies.
    _ingest(node, report("MM-1", agency="MM-MPF", marking="TLP:RED", indicators=[PHONE]))
    never = {"value": "+66899999999", "type": "phone"}
    with node.client("TH-CCIB:analyst") as client:
        empty = client.get("/api/v1/lookup", params=never).json()
    _indexed(node, "TH-CCIB")
    if node.db_url.startswith("sqlite"):  # the loop keeps the generation fresh itself

        def read_the_store(*_: object) -> None:
            raise AssertionError("the store was read")

        monkeypatch.setattr(lookup_api, "stored", read_the_store)
        monkeypatch.setattr(lookup_api, "_answer", read_the_store)
    with node.client("TH-CCIB:analyst") as client:
        hidden = client.get("/api/v1/lookup", params=ONE)
    assert hidden.status_code == 200, hidden.text
    assert hidden.json() == {**empty, "value": PHONE["value"], "raw": PHONE["value"]}


def test_a_value_seen_in_few_reports_is_looked_up_on_the_loop(
    node: Node, monkeypatch: pytest.MonkeyPatch
) -> None:
    # With the asker's tally index built, an embedded store's value the asker sees in up to
    # LOOP_REPORTS reports is looked up on the event loop's own connection, with the answer a
    # worker thread gives, and kept; a value seen in more reports goes to a thread.
    _ingest(
        node,
        report("TH-1", indicators=[PHONE, {"type": "email", "value": "a@scam.example"}]),
        report("TH-2", indicators=[PHONE], marking="TLP:AMBER", sharing_group="th-cn"),
        report("MM-1", agency="MM-MPF", marking="TLP:RED", indicators=[PHONE]),
    )
    hops: list[object] = []
    real_hop = lookup_api.run_in_threadpool

    async def counted_hop(*args: object) -> object:
        hops.append(args[0])
        return await real_hop(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(lookup_api, "run_in_threadpool", counted_hop)
    _indexed(node, "CN-MPS")
    monkeypatch.setattr(lookup_api, "LOOP_REPORTS", 1)  # CN-MPS sees PHONE in two reports
    with node.client("CN-MPS:analyst") as client:
        threaded = client.get("/api/v1/lookup", params=ONE)
    assert threaded.status_code == 200, threaded.text
    assert len(hops) == 1
    assert sorted(r["report_id"] for r in threaded.json()["reports"]) == ["TH-1", "TH-2"]
    monkeypatch.setattr(lookup_api, "LOOP_REPORTS", 2)
    other_form = {"value": "081-234-5678", "type": "phone", "country": "TH"}  # not kept yet
    with node.client("CN-MPS:analyst") as client:
        here = client.get("/api/v1/lookup", params=other_form)
        again = client.get("/api/v1/lookup", params=other_form)
    assert here.status_code == 200, here.text
    assert here.json() == {**threaded.json(), "raw": "081-234-5678"}
    assert again.json() == here.json()
    on_loop = node.db_url.startswith("sqlite")
    assert len(hops) == (1 if on_loop else 2)
    cache = generation.cache_for(node.db_url)
    kept = [key for key in cache._answers if key[4] == "081-234-5678"]
    assert len(kept) == 1 and kept[0][0].agency_code == "CN-MPS"


def test_a_kept_answer_outlives_the_staleness_bound_while_nothing_is_written(
    node: Node, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Past the bound the generation is read again; unchanged, the kept answer still serves,
    # with no look-up on the loop or in a thread.
    _ingest(node, report("TH-1", indicators=[PHONE]))
    _indexed(node, "TH-CCIB")
    with node.client("TH-CCIB:analyst") as client:
        first = client.get("/api/v1/lookup", params=ONE)
        assert first.status_code == 200, first.text

        def read_the_store(*_: object) -> None:
            raise AssertionError("the store was read")

        monkeypatch.setattr(lookup_api, "_answer", read_the_store)
        for _ in range(2):
            _past_the_bound()
            again = client.get("/api/v1/lookup", params=ONE)
            assert again.status_code == 200, again.text
            assert again.json() == first.json()


def test_only_an_embedded_store_is_probed_on_the_callers_thread(node: Node) -> None:
    cache = generation.cache_for(node.db_url)

    def read(driver: sqlite3.Connection) -> int:
        [(value,)] = driver.execute("SELECT value FROM store_generation").fetchall()
        return int(value)

    probed = cache.read_here(read)
    if node.db_url.startswith("sqlite"):
        assert probed == _generation(node.db_url)
        _ingest(node, report("TH-8", agency="TH-CCIB", indicators=[PHONE]))
        # The thread's connection holds no snapshot between probes: it sees the write.
        assert cache.read_here(read) == _generation(node.db_url)
        assert cache.read_here(read) != probed
        # Nor does a read that began a transaction of its own.
        cache.read_here(lambda driver: driver.execute("BEGIN"))
        _ingest(node, report("TH-9", agency="TH-CCIB", indicators=[PHONE]))
        assert cache.read_here(read) == _generation(node.db_url)
    else:
        assert probed is None


def _generation(url: str) -> int:
    with database.engine(url).connect() as conn:
        return generation.current(conn)
