"""Link analysis never shows another agency's RED or out-of-group AMBER data.

TH-CCIB asks. CN-MPS shares group 'th-cn' with it; MM-MPF shares nothing. Secret reports
(others' RED, MM-MPF's AMBER) cite a phone only they know and a phone TH-CCIB's own reports
cite too: neither the secret reports nor the secret phone may surface in syndicates,
explanations, exports or money traces, and no link may run through them.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from scamgrid.cli import get_app
from scamgrid.errors import InvalidInput, NotFound
from scamgrid.graph import explain, export, money, transactions
from scamgrid.graph.build import load
from scamgrid.graph.syndicates import Params, detect
from scamgrid.store import database
from scamgrid.store.visibility import viewer_for_agency
from tests.factories import report
from tests.graph.conftest import store_reports

SHARED = {"type": "phone", "value": "0811111111", "country": "TH"}  # TH-CCIB's reports cite it
SECRET = {"type": "phone", "value": "0822222222", "country": "TH"}  # only secret reports do
BRIDGE = {"type": "phone", "value": "0833333333", "country": "TH"}  # secret + CN AMBER report
SECRETS = ("MM-MPF-RED", "MM-MPF-AMBER", "CN-MPS-RED")
FORMATS = ("graphml", "gexf", "cytoscape", "ftm")


def rows() -> list[dict[str, object]]:
    mine = [report(f"TH-CCIB-{n}", indicators=[SHARED], marking="TLP:RED") for n in range(2)]
    visible = report(
        "CN-MPS-AMBER",
        agency="CN-MPS",
        marking="TLP:AMBER",
        sharing_group="th-cn",
        indicators=[BRIDGE],
    )
    secret = [
        report("MM-MPF-RED", agency="MM-MPF", marking="TLP:RED", indicators=[SHARED, SECRET]),
        report("MM-MPF-AMBER", agency="MM-MPF", marking="TLP:AMBER", indicators=[SECRET, BRIDGE]),
        report("CN-MPS-RED", agency="CN-MPS", marking="TLP:RED", indicators=[SHARED, BRIDGE]),
    ]
    return [*mine, visible, *secret]


def store_secret_payment(db_url: str, tmp_path: Path) -> None:
    """MM-MPF's RED record of a PromptPay transfer from the shared to the bridge phone."""
    path = tmp_path / "paid.csv"
    path.write_text(
        "txn_id,occurred_at,amount,currency,rail,from_type,from,to_type,to,country\n"
        "MM-SECRET-TX,2025-03-01T10:00:00Z,5000,THB,bank,phone,0811111111,phone,0833333333,TH\n"
    )
    with database.session(db_url) as session:
        transactions.ingest(session, path, "MM-MPF", "TLP:RED")


def test_syndicates_explanations_and_exports_hide_others_red_and_out_of_group_amber(
    db_url: str, tmp_path: Path
) -> None:
    store_reports(db_url, tmp_path, rows())
    store_secret_payment(db_url, tmp_path)
    with database.session(db_url) as session:
        graph = load(session, viewer_for_agency(session, "TH-CCIB"))
    assert sorted(graph.reports) == ["CN-MPS-AMBER", "TH-CCIB-0", "TH-CCIB-1"]
    assert "phone:+66822222222" not in graph.index
    detection = detect(graph, Params())
    found = {r for s in detection.syndicates for r in s.reports}
    assert found == {"CN-MPS-AMBER", "TH-CCIB-0", "TH-CCIB-1"}
    shown = {i.value for s in detection.syndicates for i in s.identifiers}
    assert shown == {"+66811111111", "+66833333333"}
    # The CN AMBER report and TH's own are linked only through secret reports: not for TH.
    linked = explain.explain(graph, "TH-CCIB-0", "CN-MPS-AMBER")
    assert not linked.linked and linked.paths == []
    for secret in (*SECRETS, "0822222222"):
        with pytest.raises(NotFound):
            explain.explain(graph, "TH-CCIB-0", secret)
    for fmt in FORMATS:
        text = export.render(graph, detection, fmt)
        for secret in (*SECRETS, "+66822222222", "0822222222", "MM-MPF", "MM-SECRET-TX"):
            assert secret not in text, (fmt, secret)
    result = CliRunner().invoke(
        get_app(), ["graph", "explain", "TH-CCIB-0", "MM-MPF-RED", "--as-agency", "TH-CCIB"]
    )
    assert result.exit_code == 2 and "MM-MPF-RED" in result.output  # as asked, not found


def test_the_whole_node_sees_the_links_the_agency_may_not(db_url: str, tmp_path: Path) -> None:
    store_reports(db_url, tmp_path, rows())
    store_secret_payment(db_url, tmp_path)
    result = CliRunner().invoke(get_app(), ["graph", "explain", "TH-CCIB-0", "CN-MPS-AMBER"])
    assert result.exit_code == 0, result.output
    assert "per CN-MPS-RED (CN-MPS" in result.output  # the node itself sees the RED links
    assert "per MM-SECRET-TX (MM-MPF" in result.output
    as_th = ["graph", "syndicates", "--json", "--min-reports", "1", "--as-agency", "TH-CCIB"]
    listed = json.loads(CliRunner().invoke(get_app(), as_th).output)
    assert not {r for s in listed["syndicates"] for r in s["reports"]} & set(SECRETS)


def test_money_traces_hide_others_red_transactions(db_url: str, tmp_path: Path) -> None:
    store_reports(db_url, tmp_path, rows())
    header = "txn_id,occurred_at,amount,currency,rail,from_type,from,to_type,to\n"
    hop = "2025-03-01T10:00:00Z,1000,THB,bank,bank_account,TH:SCB:1111111111,bank_account,"
    path = tmp_path / "t.csv"
    path.write_text(header + f"T1,{hop}TH:KBANK:2222222222\n")
    with database.session(db_url) as session:
        transactions.ingest(session, path, "MM-MPF", "TLP:RED")
        ledger = money.Ledger(*transactions.load(session, viewer_for_agency(session, "TH-CCIB")))
        own = money.Ledger(*transactions.load(session, viewer_for_agency(session, "MM-MPF")))
    with pytest.raises(InvalidInput):
        money.trace_forward(ledger, "bank_account:TH:SCB:1111111111", money.MoneyParams())
    trace = money.trace_forward(own, "bank_account:TH:SCB:1111111111", money.MoneyParams())
    assert trace.trails[0].txn_ids == ("T1",)
