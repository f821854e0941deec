"""Money trails on real stores: ingest (all or nothing, idempotent), traces, the evaluation."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from scamgrid.cli import get_app
from scamgrid.demo.money import seed_money, write_money
from scamgrid.demo.seed import seed_store, write_world
from scamgrid.demo.world import build_world
from scamgrid.errors import InvalidInput
from scamgrid.graph import money, transactions
from scamgrid.ingest.load import ingest_reports
from scamgrid.store import database
from scamgrid.store.tables import Transaction
from scamgrid.store.visibility import SYSTEM
from tests.factories import agencies_and_groups, report, write_jsonl

HEADER = "txn_id,occurred_at,amount,currency,rail,from_type,from,to_type,to,reference,report_id\n"
VICTIM, MULE1 = "TH:SCB:1111111111", "TH:KBANK:2222222222"
MULE2A, MULE2B, DESK = "TH:BBL:3333333333", "TH:KTB:4444444444", "KH:ABA:5555555555"
WALLET, EXCHANGE = "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t", "TXYZopYRdj2D9XRtbG411XZZ3kM5VkAeBf"


def rows(*lines: str) -> str:
    return HEADER + "".join(line + "\n" for line in lines)


def bank(txn: str, at: str, amount: float, source: str, target: str) -> str:
    kinds = f"bank_account,{source},bank_account,{target}"
    return f"{txn},2025-03-01T{at}:00+07:00,{amount},THB,bank,{kinds},,"


LAYERED = rows(
    bank("T1", "10:00", 100000, VICTIM, MULE1),
    bank("T0", "09:00", 49000, MULE1, MULE2A),  # before the victim paid: not the victim's money
    bank("T2", "11:00", 50000, MULE1, MULE2A),
    bank("T3", "11:30", 49000, MULE1, MULE2B),
    bank("T9", "11:45", 900000, MULE2A, "TH:BAY:9999999999"),  # far more than arrived
    bank("T4", "12:00", 49900, MULE2A, DESK),
    bank("T5", "13:00", 48800, MULE2B, DESK),
)


def store_file(db_url: str, path: Path, text: str, agency: str = "TH-CCIB") -> None:
    path.write_text(text)
    with database.session(db_url) as session:
        transactions.ingest(session, path, agency, "TLP:GREEN")


def label_desk(db_url: str, tmp_path: Path) -> None:
    labels = tmp_path / "labels.csv"
    labels.write_text(
        f"type,value,label,note\nbank_account,{DESK},otc,desk\ncrypto_wallet,{EXCHANGE},exchange,x\n"
    )
    with database.session(db_url) as session:
        transactions.ingest_labels(session, labels)


def ledger(db_url: str) -> money.Ledger:
    with database.session(db_url) as session:
        return money.Ledger(*transactions.load(session, SYSTEM))


def test_a_split_through_mules_is_followed_in_time_order_to_the_otc_desk(
    db_url: str, tmp_path: Path
) -> None:
    agencies_and_groups(db_url)
    store_file(db_url, tmp_path / "t.csv", LAYERED)
    label_desk(db_url, tmp_path)
    trace = money.trace_forward(ledger(db_url), f"bank_account:{MULE1}", money.MoneyParams())
    assert sorted(t.txn_ids for t in trace.trails if t.cash_out) == [
        ("T2", "T4"),
        ("T3", "T5"),
    ]
    started = money.trace_forward(ledger(db_url), f"bank_account:{VICTIM}", money.MoneyParams())
    assert sorted(t.txn_ids for t in started.trails) == [("T1", "T2", "T4"), ("T1", "T3", "T5")]
    assert {t.cash_out for t in started.trails} == {"otc"}
    assert started.cashed_out["THB"] == pytest.approx(98700)


def test_a_peel_chain_ends_at_exchange_deposits(db_url: str, tmp_path: Path) -> None:
    agencies_and_groups(db_url)
    peel = "TJRabPrwbZy45sbavfcjinPJC18kjpRTv8"

    def usdt(txn: str, at: str, amount: float, source: str, target: str) -> str:
        return (
            f"{txn},2025-03-01T{at}:00Z,{amount},USDT,usdt-trc20,crypto_wallet,{source},"
            f"crypto_wallet,{target},,"
        )

    text = rows(
        usdt("U1", "10:00", 1000, "TLa2f6VPqDgRE67v1736s7bJ8Ray5wYjU7", WALLET),
        usdt("U2", "11:00", 100, WALLET, EXCHANGE),
        usdt("U3", "11:01", 900, WALLET, peel),
        usdt("U4", "12:00", 899, peel, EXCHANGE),
    )
    store_file(db_url, tmp_path / "u.csv", text)
    label_desk(db_url, tmp_path)
    trace = money.trace_forward(ledger(db_url), f"crypto_wallet:tron:{WALLET}", money.MoneyParams())
    assert sorted(t.txn_ids for t in trace.trails) == [("U2",), ("U3", "U4")]
    assert all(t.cash_out == "exchange" for t in trace.trails)


def test_backward_from_a_mule_reaches_the_victims_payment(db_url: str, tmp_path: Path) -> None:
    agencies_and_groups(db_url)
    ingest_reports(write_jsonl(tmp_path / "r.jsonl", [report("TH-CCIB-2025-000009")]), url=db_url)
    paid = LAYERED.replace(f"{MULE1},,\n", f"{MULE1},,TH-CCIB-2025-000009\n", 1)
    store_file(db_url, tmp_path / "t.csv", paid)
    trace = money.trace_backward(ledger(db_url), f"bank_account:{DESK}", money.MoneyParams())
    assert trace.victims == ["TH-CCIB-2025-000009"]
    assert sorted(t.txn_ids for t in trace.trails if t.hops[0].transfer.report_id) == [
        ("T1", "T2", "T4"),
        ("T1", "T3", "T5"),
    ]


def test_a_file_with_a_bad_row_changes_nothing_and_names_row_and_field(
    db_url: str, tmp_path: Path
) -> None:
    agencies_and_groups(db_url)
    bad = tmp_path / "bad.csv"
    bad.write_text(LAYERED + bank("T6", "14:00", -5, MULE1, DESK) + "\n")
    message = r"bad.csv, row 9, field amount: must be positive"
    with pytest.raises(InvalidInput, match=message), database.session(db_url) as session:
        transactions.ingest(session, bad, "TH-CCIB")
    with database.session(db_url) as session:
        assert session.scalar(select(func.count()).select_from(Transaction)) == 0
    result = CliRunner().invoke(get_app(), ["money", "ingest", str(bad), "--agency", "TH-CCIB"])
    assert result.exit_code == 2
    assert "row 9, field amount" in result.output


def test_ingesting_twice_changes_nothing_and_a_changed_row_is_updated(
    db_url: str, tmp_path: Path
) -> None:
    agencies_and_groups(db_url)
    path = tmp_path / "t.csv"
    path.write_text(LAYERED)
    with database.session(db_url) as session:
        first = transactions.ingest(session, path, "TH-CCIB")
    with database.session(db_url) as session:
        again = transactions.ingest(session, path, "TH-CCIB")
    path.write_text(LAYERED.replace(",49900,", ",49950,"))
    with database.session(db_url) as session:
        changed = transactions.ingest(session, path, "TH-CCIB")
    assert (first.inserted, again.unchanged, changed.updated, changed.unchanged) == (7, 7, 1, 6)
    with database.session(db_url) as session:
        amount = session.scalar(select(Transaction.amount).where(Transaction.txn_id == "T4"))
        assert float(amount) == 49950


def test_money_trails_of_a_demo_world_reach_recall_and_precision_090(
    db_url: str, tmp_path: Path
) -> None:
    world = build_world(seed=5, reports=300, syndicates=8)
    seed_store(write_world(world, tmp_path / "demo"), db_url)
    files = write_money(world, tmp_path / "demo" / "money")
    seed_money(files, db_url)
    result = CliRunner().invoke(get_app(), ["money", "evaluate", str(files.truth), "--json"])
    assert result.exit_code == 0, result.output
    score = json.loads(result.output)
    assert score["planted"] > 200
    assert score["recall"] >= 0.9 and score["precision"] >= 0.9
