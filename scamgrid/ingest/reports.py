"""Victim reports in JSON Lines or CSV (formats in DESIGN.md) -> validated `ReportRecord`s.

A row either becomes a record or a `RowError` naming the file, row and field; nothing is dropped
silently. Identifiers are cleaned here, so everything downstream sees canonical values.
"""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path
from typing import Any

import orjson

from scamgrid.errors import InvalidIdentifier, InvalidInput
from scamgrid.identifiers import clean, derived
from scamgrid.ingest.persons import PersonInvalid, PersonRecord, parse_persons
from scamgrid.model.vocabulary import Channel, FraudType, IdentifierType, Marking

# CSV identifier columns (`;`-separated) and the identifier type each holds.
CSV_INDICATOR_COLUMNS = {
    "phones": IdentifierType.PHONE,
    "bank_accounts": IdentifierType.BANK_ACCOUNT,
    "wallets": IdentifierType.CRYPTO_WALLET,
    "urls": IdentifierType.URL,
    "domains": IdentifierType.DOMAIN,
    "emails": IdentifierType.EMAIL,
    "handles": None,  # platform:handle, e.g. telegram:some_handle
}
HANDLE_PLATFORMS = {"telegram", "wechat", "line", "whatsapp", "facebook"}
IDENTIFIER_TYPES = frozenset(t.value for t in IdentifierType)
CHANNELS = [c.value for c in Channel]
FRAUD_TYPES = [f.value for f in FraudType]


@dataclass(frozen=True, slots=True)
class IndicatorRecord:
    type: str
    value: str
    raw: str
    country: str | None
    valid: bool = True


@dataclass(slots=True)
class ReportRecord:
    report_id: str
    agency: str
    country: str | None
    reported_at: datetime
    channel: str | None
    fraud_type: str
    loss_amount: Decimal | None
    loss_currency: str | None
    narrative: str
    marking: str
    sharing_group: str | None
    victim: dict[str, Any] | None
    indicators: list[IndicatorRecord] = field(default_factory=list)
    row: int = 0
    content_hash: str = ""
    persons: list[PersonRecord] = field(default_factory=list)  # named in it (optional)

    def seal_hash(self) -> None:
        """Hash of everything the record says: re-ingesting identical content changes nothing."""
        body: dict[str, object] = {
            "id": self.report_id,
            "agency": self.agency,
            "country": self.country,
            "reported_at": self.reported_at.isoformat(),
            "channel": self.channel,
            "fraud_type": self.fraud_type,
            "loss": [str(self.loss_amount), self.loss_currency],
            "narrative": self.narrative,
            "marking": self.marking,
            "sharing_group": self.sharing_group,
            "victim": self.victim,
            "indicators": [(i.type, i.value, i.raw, i.valid) for i in self.indicators],
        }
        if self.persons:  # absent when none: hashes of reports without persons stay as they were
            body["persons"] = [p.digest_body() for p in self.persons]
        digest = hashlib.sha256(orjson.dumps(body, option=orjson.OPT_SORT_KEYS))
        self.content_hash = digest.hexdigest()


@dataclass(frozen=True, slots=True)
class RowError:
    file: str
    row: int
    field: str
    reason: str

    def __str__(self) -> str:
        return f"{self.file}:{self.row}: {self.field}: {self.reason}"

    def as_dict(self) -> dict[str, object]:
        return {"file": self.file, "row": self.row, "field": self.field, "reason": self.reason}


class RowInvalid(Exception):
    def __init__(self, field: str, reason: str) -> None:
        super().__init__(reason)
        self.field = field
        self.reason = reason


@dataclass(frozen=True)
class ReadOptions:
    agency: str | None = None  # default owner agency for rows that name none
    marking: str | None = None  # default marking for rows that name none
    keep_invalid: bool = False  # store invalid identifiers as raw, valid = false


Rows = Iterable[tuple[int, "dict[str, Any] | RowError"]]


def read_reports(path: Path, options: ReadOptions) -> Iterator[ReportRecord | RowError]:
    """Yield a record or an error for every row of a .jsonl or .csv file, in file order."""
    return validate_rows(raw_rows(path), str(path), options)


def raw_rows(path: Path) -> Rows:
    """The numbered rows of a .jsonl or .csv file, before validation."""
    suffix = path.suffix.lower()
    if suffix in {".jsonl", ".ndjson", ".json"}:
        return _jsonl_rows(path)
    if suffix == ".csv":
        return _csv_rows(path)
    raise InvalidInput(f"{path}: unsupported file type {suffix!r} (expected .jsonl or .csv)")


def validate_rows(rows: Rows, file: str, options: ReadOptions) -> Iterator[ReportRecord | RowError]:
    """Report-shaped dicts (numbered as in their source) -> records, or errors naming the row."""
    return without_duplicates(check_rows(rows, file, options), file)


def check_rows(rows: Rows, file: str, options: ReadOptions) -> Iterator[ReportRecord | RowError]:
    """Validate each row on its own (pure: safe to run in worker processes)."""
    for number, row in rows:
        if isinstance(row, RowError):
            yield row
            continue
        try:
            yield to_record(row, number, options)
        except RowInvalid as bad:
            yield RowError(file, number, bad.field, bad.reason)


def without_duplicates(
    items: Iterable[ReportRecord | RowError], file: str
) -> Iterator[ReportRecord | RowError]:
    """A report id given twice in one file: the later row is an error naming the first."""
    seen: dict[str, int] = {}
    for item in items:
        if isinstance(item, ReportRecord):
            if item.report_id in seen:
                reason = f"duplicate of row {seen[item.report_id]} in this file"
                yield RowError(file, item.row, "id", reason)
                continue
            seen[item.report_id] = item.row
        yield item


def _jsonl_rows(path: Path) -> Iterator[tuple[int, dict[str, Any] | RowError]]:
    with path.open("rb") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                row = orjson.loads(line)
            except orjson.JSONDecodeError as error:
                yield number, RowError(str(path), number, "(line)", f"not valid JSON: {error}")
                continue
            if not isinstance(row, dict):
                yield number, RowError(str(path), number, "(line)", "expected a JSON object")
                continue
            yield number, row


def _csv_rows(path: Path) -> Iterator[tuple[int, dict[str, Any] | RowError]]:
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        if not reader.fieldnames or "id" not in reader.fieldnames:
            raise InvalidInput(f"{path}:1: header: a CSV of reports needs at least an 'id' column")
        for row in reader:
            number = reader.line_num
            if None in row:
                yield number, RowError(str(path), number, "(row)", "more cells than header columns")
                continue
            yield number, _csv_to_report(row)


def _csv_to_report(row: dict[str, str]) -> dict[str, Any]:
    """Reshape a CSV row into the JSON report shape, so one validator serves both formats."""
    report: dict[str, Any] = {k: v for k, v in row.items() if v != "" and k is not None}
    if "loss_amount" in report:
        report["loss"] = {
            "amount": report.pop("loss_amount"),
            "currency": report.pop("loss_currency", None),
        }
    victim = {
        k.removeprefix("victim_"): report.pop(k) for k in list(report) if k.startswith("victim_")
    }
    if victim:
        report["victim"] = victim
    indicators: list[dict[str, Any]] = []
    for column, kind in CSV_INDICATOR_COLUMNS.items():
        for item in (report.pop(column, "") or "").split(";"):
            item = item.strip()
            if not item:
                continue
            if kind is None:
                platform, _, handle = item.partition(":")
                indicators.append({"type": platform.strip().lower(), "value": handle.strip()})
            elif kind is IdentifierType.BANK_ACCOUNT and item.count(":") == 1:
                bank, _, number = item.partition(":")
                indicators.append({"type": kind.value, "value": number, "bank": bank})
            else:
                indicators.append({"type": kind.value, "value": item})
    report["indicators"] = indicators
    return report


def _text(row: dict[str, Any], name: str, required: bool = False, limit: int = 200) -> str | None:
    value = row.get(name)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise RowInvalid(name, "is required")
        return None
    if not isinstance(value, str | int):
        raise RowInvalid(name, f"must be text, not {type(value).__name__}")
    text = str(value).strip()
    if "\x00" in text:
        raise RowInvalid(name, "contains a NUL character")
    if len(text) > limit:
        raise RowInvalid(name, f"is longer than {limit} characters")
    return text


def _choice(row: dict[str, Any], name: str, allowed: list[str], default: str | None) -> str | None:
    value = _text(row, name)
    if value is None:
        return default
    value = value.lower()
    if value not in allowed:
        raise RowInvalid(name, f"{value!r} is not one of {', '.join(allowed)}")
    return value


def _timestamp(row: dict[str, Any]) -> datetime:
    text = _text(row, "reported_at", required=True)
    assert text is not None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise RowInvalid("reported_at", f"{text!r} is not an ISO 8601 date-time") from None
    # Times without an offset are taken as UTC, as for CDRs.
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


def _loss(row: dict[str, Any]) -> tuple[Decimal | None, str | None]:
    loss = row.get("loss")
    if loss in (None, ""):
        return None, None
    if not isinstance(loss, dict):
        raise RowInvalid("loss", "must be an object with amount and currency")
    try:
        amount = Decimal(str(loss.get("amount")).replace(",", ""))
    except InvalidOperation:
        raise RowInvalid("loss.amount", f"{loss.get('amount')!r} is not a number") from None
    if not amount.is_finite() or amount < 0 or amount >= Decimal("1e16"):
        raise RowInvalid("loss.amount", "must be a non-negative amount below 10^16")
    currency = str(loss.get("currency") or "").strip().upper()
    if len(currency) != 3 or not currency.isascii() or not currency.isalpha():
        raise RowInvalid("loss.currency", f"{currency!r} is not an ISO 4217 currency code")
    return amount.quantize(Decimal("0.01")), currency


def _country(row: dict[str, Any], name: str = "country") -> str | None:
    value = _text(row, name)
    if value is None:
        return None
    if len(value) != 2 or not value.isascii() or not value.isalpha():
        raise RowInvalid(name, f"{value!r} is not an ISO 3166 alpha-2 country code")
    return value.upper()


@lru_cache(maxsize=200_000)
def _cleaned(
    kind: str, raw: str, hint: str | None, bank: str | None
) -> tuple[IndicatorRecord, ...] | str:
    """The indicator records a surface form stands for (itself and what it implies), or the
    reason it is invalid. Memoised: the same mule account recurs in hundreds of reports."""
    try:
        identifier = clean(kind, raw, country=hint, bank=bank)
    except InvalidIdentifier as bad:
        return bad.reason
    own = IndicatorRecord(identifier.type.value, identifier.value, raw, identifier.country)
    implied = (IndicatorRecord(i.type.value, i.value, raw, i.country) for i in derived(identifier))
    return (own, *implied)


def _indicators(
    row: dict[str, Any], country: str | None, keep_invalid: bool
) -> list[IndicatorRecord]:
    items = row.get("indicators") or []
    if not isinstance(items, list):
        raise RowInvalid("indicators", "must be a list")
    found: dict[tuple[str, str], IndicatorRecord] = {}
    for index, item in enumerate(items):
        where = f"indicators[{index}]"
        if not isinstance(item, dict):
            raise RowInvalid(where, "must be an object with type and value")
        kind = str(item.get("type") or "").strip().lower()
        raw = item.get("value")
        if kind not in IDENTIFIER_TYPES:
            raise RowInvalid(f"{where}.type", f"unknown identifier type {kind!r}")
        if not isinstance(raw, str | int) or not str(raw).strip():
            raise RowInvalid(f"{where}.value", "is required")
        raw = str(raw).strip()[:512]
        hint = item.get("country") or country
        bank = item.get("bank")
        cleaned = _cleaned(
            kind,
            raw,
            hint if isinstance(hint, str) else None,
            bank if isinstance(bank, str) else None,
        )
        if isinstance(cleaned, str):
            if not keep_invalid:
                raise RowInvalid(f"{where}.value", f"invalid {kind} {raw!r}: {cleaned}")
            cleaned = (IndicatorRecord(kind, raw, raw, hint, valid=False),)
        for record in cleaned:
            found.setdefault((record.type, record.value), record)
    return list(found.values())


def _person_identifier(
    kind: str, raw: str, hint: str | None, bank: str | None, where: str
) -> tuple[str, str, str | None]:
    """(type, canonical value, country) of an identifier a person holds or uses."""
    if kind not in IDENTIFIER_TYPES:
        raise PersonInvalid(f"{where}.type", f"unknown identifier type {kind!r}")
    cleaned = _cleaned(kind, raw, hint, bank)
    if isinstance(cleaned, str):
        raise PersonInvalid(f"{where}.value", f"invalid {kind} {raw!r}: {cleaned}")
    return cleaned[0].type, cleaned[0].value, cleaned[0].country


def _persons(row: dict[str, Any], report_id: str, country: str | None) -> list[PersonRecord]:
    try:
        return parse_persons(row.get("persons"), report_id, country, _person_identifier)
    except PersonInvalid as bad:
        raise RowInvalid(bad.field, bad.reason) from None


def to_record(row: dict[str, Any], number: int, options: ReadOptions) -> ReportRecord:
    report_id = _text(row, "id", required=True, limit=100)
    agency = _text(row, "agency") or options.agency
    if not agency:
        raise RowInvalid("agency", "is required (or pass --agency)")
    marking_text = _text(row, "marking") or options.marking or Marking.AMBER.value
    try:
        marking = Marking.parse(marking_text).value
    except ValueError as error:
        raise RowInvalid("marking", str(error)) from None
    victim = row.get("victim")
    if victim is not None and not isinstance(victim, dict):
        raise RowInvalid("victim", "must be an object")
    country = _country(row)
    amount, currency = _loss(row)
    narrative = row.get("narrative") or ""
    if not isinstance(narrative, str) or "\x00" in narrative:
        raise RowInvalid("narrative", "must be text without NUL characters")
    assert report_id is not None
    record = ReportRecord(
        report_id=report_id,
        agency=agency.upper(),
        country=country,
        reported_at=_timestamp(row),
        channel=_choice(row, "channel", CHANNELS, None),
        fraud_type=_choice(row, "fraud_type", FRAUD_TYPES, FraudType.OTHER.value)
        or FraudType.OTHER.value,
        loss_amount=amount,
        loss_currency=currency,
        narrative=narrative[:20000],
        marking=marking,
        sharing_group=_text(row, "sharing_group", limit=100),
        victim=victim or None,
        indicators=_indicators(row, country, options.keep_invalid),
        row=number,
        persons=_persons(row, report_id, country),
    )
    record.seal_hash()
    return record
