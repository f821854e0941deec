"""The demo world's money: victims' payments laundered through layered mules to cash-out points.

Bank flows: the victim pays the syndicate's account cited in the report (first-layer mule),
which splits the money into similar amounts to second-layer mules, each forwarding to a
third-layer mule and on to an OTC desk (shared between syndicates). USDT flows: the victim pays
the syndicate's wallet, which runs a peel chain: most of the balance onward to a fresh wallet,
a slice to an exchange deposit address, until the rest goes to the exchange. Every mule also
moves unrelated money (salary in, shopping out) at random times, so a trace must respect time
order and amounts. Deterministic for the world's seed; the ground truth lists each planted path
from a victim's payment to a cash-out point.
"""

from __future__ import annotations

import csv
import random
import string
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import base58

from scamgrid.demo.places import SHARING_GROUPS
from scamgrid.demo.world import BANKS, World
from scamgrid.graph import transactions
from scamgrid.store import database

# Rough rates for demo amounts only: local currency per USDT.
USDT_RATE = {
    "CNY": 7.2,
    "THB": 35.0,
    "VND": 25_000.0,
    "MMK": 2_100.0,
    "KHR": 4_100.0,
    "LAK": 21_000.0,
    "USD": 1.0,
}
BANK_FLOW_SHARE = 0.5  # of reports citing a bank account
USDT_FLOW_SHARE = 0.5  # of reports citing a wallet
COLUMNS = [*transactions.REQUIRED, "reference", "report_id"]  # the transactions CSV format


@dataclass
class MoneyFiles:
    folder: Path
    transactions: dict[str, Path]  # agency -> its CSV
    labels: Path
    truth: Path


@dataclass
class _Book:
    rng: random.Random
    rows: dict[str, list[dict[str, str]]] = field(default_factory=dict)
    truth: list[tuple[str, str, str]] = field(default_factory=list)
    labels: list[tuple[str, str, str, str]] = field(default_factory=list)
    serial: int = 0

    def pay(
        self,
        agency: str,
        at: datetime,
        amount: float,
        currency: str,
        rail: str,
        source: tuple[str, str],
        target: tuple[str, str],
        report: str = "",
    ) -> str:
        self.serial += 1
        txn = f"{agency}-TX-{self.serial:07d}"
        decimals = 6 if currency == "USDT" else 2
        self.rows.setdefault(agency, []).append(
            {
                "txn_id": txn,
                "occurred_at": at.isoformat(timespec="seconds"),
                "amount": f"{amount:.{decimals}f}",
                "currency": currency,
                "rail": rail,
                "from_type": source[0],
                "from": source[1],
                "to_type": target[0],
                "to": target[1],
                "reference": self.rng.choice(["", "transfer", "payment", "loan", "invest", "fee"]),
                "report_id": report,
            }
        )
        return txn


def _account(rng: random.Random, country: str) -> tuple[str, str]:
    country = country if country in BANKS else "TH"
    digits = "".join(rng.choice(string.digits) for _ in range(10))
    return "bank_account", f"{country}:{rng.choice(BANKS[country])}:{digits}"


def _wallet(rng: random.Random) -> tuple[str, str]:
    return "crypto_wallet", base58.b58encode_check(b"\x41" + rng.randbytes(20)).decode()


def _split(rng: random.Random, amount: float, parts: int) -> list[float]:
    shares = [1 + rng.uniform(-0.03, 0.03) for _ in range(parts)]
    kept = amount * (1 - rng.uniform(0, 0.02))  # the first mule's commission
    return [kept * s / sum(shares) for s in shares]


def build_money(world: World) -> _Book:
    rng = random.Random(f"money-{world.seed}")
    book = _Book(rng)
    otc_desks = [_account(rng, c) for c in ("KH", "KH", "TH", "CN", "VN")]
    exchanges = [_wallet(rng) for _ in range(8)]
    layers = {
        s.id: (
            [_account(rng, rng.choice(list(BANKS))) for _ in range(rng.randint(3, 5))],
            [_account(rng, rng.choice(list(BANKS))) for _ in range(rng.randint(2, 3))],
            rng.sample(otc_desks, 2),
            rng.sample(exchanges, 3),
        )
        for s in world.syndicates
    }
    mules: set[tuple[str, str]] = set()
    syndicate_of = dict(world.truth)
    for report in world.reports:
        l2s, l3s, desks, deposits = layers[syndicate_of[report["id"]]]
        at = datetime.fromisoformat(report["reported_at"]) - timedelta(hours=rng.uniform(6, 72))
        for indicator in report["indicators"]:
            if indicator["type"] == "bank_account" and rng.random() < BANK_FLOW_SHARE:
                first = (
                    "bank_account",
                    f"{indicator['country']}:{indicator['bank']}:"
                    f"{indicator['value'].replace('-', '')}",
                )
                mules.update([first, *l2s, *l3s])
                _bank_flow(book, report, at, first, l2s, l3s, rng.choice(desks))
            elif indicator["type"] == "crypto_wallet" and rng.random() < USDT_FLOW_SHARE:
                first = ("crypto_wallet", indicator["value"])
                mules.add(first)
                _usdt_flow(book, report, at, first, deposits)
    _noise(book, world, sorted(mules))
    book.labels = [(*d, "otc", "OTC desk") for d in otc_desks] + [
        (*e, "exchange", "exchange deposit address") for e in exchanges
    ]
    return book


def _bank_flow(
    book: _Book,
    report: dict[str, Any],
    at: datetime,
    first: tuple[str, str],
    l2s: list[tuple[str, str]],
    l3s: list[tuple[str, str]],
    desk: tuple[str, str],
) -> None:
    rng, agency = book.rng, report["agency"]
    amount, currency = float(report["loss"]["amount"]), report["loss"]["currency"]
    victim = _account(rng, report["country"])
    paid = book.pay(agency, at, amount, currency, "bank", victim, first, report["id"])
    parts = _split(rng, amount, rng.randint(1, 3))
    thirds = rng.sample(l3s, len(parts)) if len(parts) <= len(l3s) else rng.choices(l3s, k=3)
    for part, l2, l3 in zip(parts, rng.sample(l2s, len(parts)), thirds, strict=True):
        t2 = at + timedelta(hours=rng.uniform(0.5, 12))
        hop2 = book.pay(agency, t2, part, currency, "bank", first, l2)
        part *= 1 - rng.uniform(0, 0.01)
        t3 = t2 + timedelta(hours=rng.uniform(0.5, 24))
        hop3 = book.pay(agency, t3, part, currency, "bank", l2, l3)
        t4 = t3 + timedelta(hours=rng.uniform(0.5, 24))
        hop4 = book.pay(agency, t4, part * (1 - rng.uniform(0, 0.01)), currency, "bank", l3, desk)
        book.truth.append(
            (report["id"], " ".join([paid, hop2, hop3, hop4]), f"{desk[0]}:{desk[1]}")
        )


def _usdt_flow(
    book: _Book,
    report: dict[str, Any],
    at: datetime,
    first: tuple[str, str],
    deposits: list[tuple[str, str]],
) -> None:
    rng, agency = book.rng, report["agency"]
    amount = round(
        float(report["loss"]["amount"]) / USDT_RATE.get(report["loss"]["currency"], 1), 6
    )
    paid = book.pay(agency, at, amount, "USDT", "usdt-trc20", _wallet(rng), first, report["id"])
    path, wallet, balance, t = [paid], first, amount, at
    for step in range(rng.randint(2, 4)):
        t += timedelta(hours=rng.uniform(0.2, 6))
        deposit = rng.choice(deposits)
        if step == 3 or rng.random() < 0.15:
            last = book.pay(agency, t, balance * 0.999, "USDT", "usdt-trc20", wallet, deposit)
            book.truth.append((report["id"], " ".join([*path, last]), f"{deposit[0]}:{deposit[1]}"))
            return
        peel = balance * rng.uniform(0.05, 0.15)
        onward = _wallet(rng)
        sliced = book.pay(agency, t, peel, "USDT", "usdt-trc20", wallet, deposit)
        book.truth.append((report["id"], " ".join([*path, sliced]), f"{deposit[0]}:{deposit[1]}"))
        moved = book.pay(
            agency, t + timedelta(seconds=30), balance - peel, "USDT", "usdt-trc20", wallet, onward
        )
        path, wallet, balance = [*path, moved], onward, balance - peel
    deposit = rng.choice(deposits)
    t += timedelta(hours=rng.uniform(0.2, 6))
    last = book.pay(agency, t, balance * 0.999, "USDT", "usdt-trc20", wallet, deposit)
    book.truth.append((report["id"], " ".join([*path, last]), f"{deposit[0]}:{deposit[1]}"))


def _noise(book: _Book, world: World, mules: list[tuple[str, str]]) -> None:
    """Unrelated money through every mule: in and out at random times, ordinary amounts."""
    rng = book.rng
    start = datetime.fromisoformat(world.reports[0]["reported_at"])
    for mule in mules:
        currency, rail = ("USDT", "usdt-trc20") if mule[0] == "crypto_wallet" else ("THB", "bank")
        for _ in range(rng.randint(2, 5)):
            at = start + timedelta(hours=rng.uniform(0, 330 * 24))
            other = _wallet(rng) if mule[0] == "crypto_wallet" else _account(rng, "TH")
            inbound = rng.random() < 0.5
            amount = round(rng.lognormvariate(7, 1.2), 2)
            source, target = (other, mule) if inbound else (mule, other)
            book.pay("TH-CCIB", at, amount, currency, rail, source, target)


def write_money(world: World, folder: Path) -> MoneyFiles:
    book = build_money(world)
    folder.mkdir(parents=True, exist_ok=True)
    files = MoneyFiles(folder, {}, folder / "labels.csv", folder / "money_truth.csv")
    for agency, rows in sorted(book.rows.items()):
        path = files.transactions[agency] = folder / f"transactions-{agency}.csv"
        with path.open("w", newline="") as out:
            rows_writer = csv.DictWriter(out, COLUMNS)
            rows_writer.writeheader()
            rows_writer.writerows(sorted(rows, key=lambda r: (r["occurred_at"], r["txn_id"])))
    with files.labels.open("w", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["type", "value", "label", "note"])
        writer.writerows(book.labels)
    with files.truth.open("w", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["report_id", "txn_ids", "cash_out"])
        writer.writerows(book.truth)
    return files


def seed_money(files: MoneyFiles, url: str | None = None) -> list[transactions.MoneyIngestSummary]:
    """Load the labels and each agency's transactions (AMBER, shared with the whole region)."""
    group = "mekong-joint"
    assert group in SHARING_GROUPS
    with database.session(url) as session:
        transactions.ingest_labels(session, files.labels)
        return [
            transactions.ingest(session, path, agency, "TLP:AMBER", group)
            for agency, path in sorted(files.transactions.items())
        ]
