"""Transactions in and out of the store: the CSV format, ingest, labels, and loading for a viewer.

CSV columns (docs/graph.md): `txn_id, occurred_at, amount, currency, rail, from_type, from,
to_type, to` required; `reference, report_id, country` optional. Identifiers are cleaned to
their canonical forms (`country` is the hint for local formats). A file is ingested in one
transaction: every row is checked first, and a file with any bad row changes nothing (the
error names file, row and field). Re-ingesting a file changes nothing; a changed row (same
agency and txn_id, different content) is updated.
"""

from __future__ import annotations

import csv
import hashlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from scamgrid.errors import InvalidIdentifier, InvalidInput
from scamgrid.graph.money import Transfer
from scamgrid.identifiers import clean
from scamgrid.model.vocabulary import IndicatorLabelKind, Marking
from scamgrid.sharing.agencies import get_agency
from scamgrid.store.tables import (
    Agency,
    Indicator,
    IndicatorLabel,
    Report,
    SharingGroup,
    Transaction,
)
from scamgrid.store.visibility import Viewer, visible

REQUIRED = (
    "txn_id",
    "occurred_at",
    "amount",
    "currency",
    "rail",
    "from_type",
    "from",
    "to_type",
    "to",
)
RAILS = ("bank", "usdt-trc20", "usdt-erc20", "btc", "cash", "card", "wallet")
MAX_ERRORS = 20
CHUNK = 500  # values per IN (...) query


@dataclass
class TransactionRow:
    txn_id: str
    occurred_at: datetime
    amount: Decimal
    currency: str
    rail: str
    source: tuple[str, str]  # canonical (type, value)
    target: tuple[str, str]
    reference: str
    report_id: str | None

    def digest(self) -> str:
        text = "|".join(
            map(
                str,
                (
                    self.txn_id,
                    self.occurred_at.isoformat(),
                    self.amount,
                    self.currency,
                    self.rail,
                    *self.source,
                    *self.target,
                    self.reference,
                    self.report_id,
                ),
            )
        )
        return hashlib.sha256(text.encode()).hexdigest()


@dataclass
class MoneyIngestSummary:
    file: str
    rows: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[str] = field(default_factory=list)


def _identifier(row: dict[str, str], side: str, where: str) -> tuple[str, str]:
    kind, raw = (row.get(f"{side}_type") or "").strip(), (row.get(side) or "").strip()
    try:
        identifier = clean(kind, raw, country=(row.get("country") or "").strip().upper() or None)
    except InvalidIdentifier as bad:
        column = f"{side}_type" if "unknown identifier type" in bad.reason else side
        raise InvalidInput(f"{where}, field {column}: {bad.reason} ({raw!r})") from None
    return identifier.type.value, identifier.value


def parse_row(row: dict[str, str], where: str) -> TransactionRow:
    for name in REQUIRED:
        if not (row.get(name) or "").strip():
            raise InvalidInput(f"{where}, field {name}: required")
    try:
        at = datetime.fromisoformat(row["occurred_at"].strip())
    except ValueError:
        raise InvalidInput(f"{where}, field occurred_at: not an ISO 8601 time") from None
    try:
        amount = Decimal(row["amount"].strip())
    except InvalidOperation:
        raise InvalidInput(f"{where}, field amount: not a number") from None
    if not amount.is_finite() or amount <= 0:
        raise InvalidInput(f"{where}, field amount: must be positive")
    rail = row["rail"].strip().lower()
    if rail not in RAILS:
        raise InvalidInput(f"{where}, field rail: {rail!r} is not one of {', '.join(RAILS)}")
    currency = row["currency"].strip().upper()
    if not currency.isalnum() or len(currency) > 10:
        raise InvalidInput(f"{where}, field currency: {currency!r} is no currency code")
    source, target = _identifier(row, "from", where), _identifier(row, "to", where)
    if source == target:
        raise InvalidInput(f"{where}, field to: same account as from")
    return TransactionRow(
        txn_id=row["txn_id"].strip(),
        occurred_at=at if at.tzinfo else at.replace(tzinfo=UTC),
        amount=amount,
        currency=currency,
        rail=rail,
        source=source,
        target=target,
        reference=(row.get("reference") or "").strip(),
        report_id=(row.get("report_id") or "").strip() or None,
    )


def read_file(path: Path) -> list[TransactionRow]:
    """Every row of a transactions CSV, or InvalidInput naming the bad rows and fields."""
    if not path.is_file():
        raise InvalidInput(f"{path}: no such file")
    rows: list[TransactionRow] = []
    errors: list[str] = []
    seen: dict[str, int] = {}
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in REQUIRED if c not in (reader.fieldnames or [])]
        if missing:
            raise InvalidInput(f"{path}, row 1: missing columns {', '.join(missing)}")
        for number, raw in enumerate(reader, start=2):
            where = f"{path}, row {number}"
            try:
                parsed = parse_row(raw, where)
            except InvalidInput as bad:
                errors.append(bad.message)
                continue
            if parsed.txn_id in seen:
                errors.append(f"{where}, field txn_id: repeats row {seen[parsed.txn_id]}")
                continue
            seen[parsed.txn_id] = number
            rows.append(parsed)
    if errors:
        more = f" (and {len(errors) - MAX_ERRORS} more)" if len(errors) > MAX_ERRORS else ""
        raise InvalidInput("; ".join(errors[:MAX_ERRORS]) + more, errors=errors[:MAX_ERRORS])
    return rows


def _indicator_ids(session: Session, keys: set[tuple[str, str]]) -> dict[tuple[str, str], int]:
    """Ids of these canonical identifiers, creating the missing ones (a few queries per type)."""
    ids: dict[tuple[str, str], int] = {}
    by_type: dict[str, list[str]] = {}
    for kind, value in keys:
        by_type.setdefault(kind, []).append(value)
    for kind, values in sorted(by_type.items()):
        for start in range(0, len(values), CHUNK):
            chunk = values[start : start + CHUNK]
            found = select(Indicator.value, Indicator.id).where(
                Indicator.type == kind, Indicator.value.in_(chunk)
            )
            ids.update({(kind, v): pk for v, pk in session.execute(found)})
    created = {key: Indicator(type=key[0], value=key[1]) for key in sorted(keys - set(ids))}
    session.add_all(created.values())
    session.flush()
    ids.update({key: indicator.id for key, indicator in created.items()})
    return ids


def ingest(
    session: Session,
    path: Path,
    agency: str,
    marking: str = "TLP:AMBER",
    sharing_group: str | None = None,
) -> MoneyIngestSummary:
    """Store the transactions of `path` as `agency`'s, all or nothing, idempotently."""
    try:
        marking = Marking.parse(marking).value
    except ValueError as error:
        raise InvalidInput(f"--marking: {error}") from None
    owner = get_agency(session, agency)
    group_id = None
    if sharing_group:
        group_id = session.scalar(select(SharingGroup.id).where(SharingGroup.name == sharing_group))
        if group_id is None:
            raise InvalidInput(f"--sharing-group: no sharing group {sharing_group!r}")
    rows = read_file(path)
    summary = MoneyIngestSummary(str(path), rows=len(rows))
    ids = _indicator_ids(session, {r.source for r in rows} | {r.target for r in rows})
    report_ids = {r.report_id for r in rows if r.report_id}
    query = select(Report.report_id, Report.id).where(Report.report_id.in_(report_ids))
    reports: dict[str, int] = {rid: pk for rid, pk in session.execute(query)} if report_ids else {}
    stored = {
        t.txn_id: t
        for t in session.scalars(
            select(Transaction).where(
                Transaction.agency_id == owner.id,
                Transaction.txn_id.in_([r.txn_id for r in rows]),
            )
        )
    }
    for row in rows:
        values = {
            "occurred_at": row.occurred_at,
            "amount": row.amount,
            "currency": row.currency,
            "from_indicator_id": ids[row.source],
            "to_indicator_id": ids[row.target],
            "rail": row.rail,
            "reference": row.reference,
            "report_id": reports.get(row.report_id) if row.report_id else None,
            "marking": marking,
            "sharing_group_id": group_id,
            "content_hash": row.digest() + marking + str(group_id),
        }
        values["content_hash"] = hashlib.sha256(str(values["content_hash"]).encode()).hexdigest()
        existing = stored.get(row.txn_id)
        if existing is None:
            session.add(Transaction(txn_id=row.txn_id, agency_id=owner.id, **values))
            summary.inserted += 1
        elif existing.content_hash == values["content_hash"]:
            summary.unchanged += 1
        else:
            for name, value in values.items():
                setattr(existing, name, value)
            summary.updated += 1
    session.flush()
    return summary


def ingest_labels(session: Session, path: Path) -> int:
    """Node-wide labels from a CSV `type,value,label[,note,country]`; returns labels added."""
    if not path.is_file():
        raise InvalidInput(f"{path}: no such file")
    allowed = {k.value for k in IndicatorLabelKind}
    wanted: list[tuple[tuple[str, str], str, str]] = []
    with path.open(newline="", encoding="utf-8-sig") as handle:
        for number, row in enumerate(csv.DictReader(handle), start=2):
            where = f"{path}, row {number}"
            label = (row.get("label") or "").strip().lower()
            if label not in allowed:
                raise InvalidInput(
                    f"{where}, field label: {label!r} is not one of {sorted(allowed)}"
                )
            key = _identifier(
                {
                    "v_type": row.get("type", ""),
                    "v": row.get("value", ""),
                    "country": row.get("country", ""),
                },
                "v",
                where,
            )
            wanted.append((key, label, (row.get("note") or "").strip()))
    ids = _indicator_ids(session, {key for key, _, _ in wanted})
    existing = {
        (pk, label)
        for pk, label in session.execute(select(IndicatorLabel.indicator_id, IndicatorLabel.label))
    }
    added = 0
    for key, label, note in wanted:
        if (ids[key], label) not in existing:
            session.add(IndicatorLabel(indicator_id=ids[key], label=label, note=note))
            existing.add((ids[key], label))
            added += 1
    session.flush()
    return added


def load(session: Session, viewer: Viewer) -> tuple[list[Transfer], dict[str, set[str]]]:
    """The transfers `viewer` may see, and the labels of the identifiers (node-wide)."""
    source, target = aliased(Indicator), aliased(Indicator)
    report_visible = visible(viewer, Report.marking, Report.agency_id, Report.sharing_group_id)
    rows = session.execute(
        select(
            Transaction.txn_id,
            Transaction.occurred_at,
            Transaction.amount,
            Transaction.currency,
            source.type,
            source.value,
            target.type,
            target.value,
            Transaction.rail,
            Transaction.reference,
            Report.report_id,
            Agency.code,
        )
        .join(source, source.id == Transaction.from_indicator_id)
        .join(target, target.id == Transaction.to_indicator_id)
        .join(Agency, Agency.id == Transaction.agency_id)
        .outerjoin(Report, (Report.id == Transaction.report_id) & report_visible)
        .where(
            visible(
                viewer, Transaction.marking, Transaction.agency_id, Transaction.sharing_group_id
            )
        )
        .order_by(Transaction.occurred_at, Transaction.txn_id)
    )
    transfers = [
        Transfer(
            txn, at, float(amount), currency, f"{st}:{sv}", f"{tt}:{tv}", rail, ref, rid, agency
        )
        for txn, at, amount, currency, st, sv, tt, tv, rail, ref, rid, agency in rows
    ]
    labels: dict[str, set[str]] = {}
    for kind, value, label in session.execute(
        select(Indicator.type, Indicator.value, IndicatorLabel.label).join(
            IndicatorLabel, IndicatorLabel.indicator_id == Indicator.id
        )
    ):
        labels.setdefault(f"{kind}:{value}", set()).add(label)
    return transfers, labels
