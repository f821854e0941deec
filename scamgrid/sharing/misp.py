"""MISP events in and out (MISP core JSON format), built and parsed with PyMISP's `MISPEvent`.

Export: the records a scope may share (the same `Source` as STIX, so the same markings) become
one event; each identifier is an attribute whose comment is its report id and whose tags carry
the report's TLP marking and fraud type. Types: phone-number, iban, bank-account-nr, btc, xmr,
url, domain, email, ip-dst; other wallets as `coin-address` objects, IMEI/IMSI as `phone`
objects, Telegram handles as `telegram-account` objects, other handles and apps as text
attributes tagged with their identifier type.

Import: attributes and objects of those kinds are grouped into reports by their comment (a
report id from our export) or into one report per event, cleaned like any input, and written
through the ingest path. Values that fail validation are listed, not stored.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import orjson
from pymisp import MISPAttribute, MISPEvent, MISPObject
from sqlalchemy.orm import Session

from scamgrid.errors import InvalidIdentifier, InvalidInput
from scamgrid.identifiers import clean
from scamgrid.ingest.reports import ReadOptions, RowInvalid, to_record
from scamgrid.model.vocabulary import FraudType, Marking
from scamgrid.sharing import agencies
from scamgrid.sharing.stix import objects as o
from scamgrid.sharing.stix.source import Source
from scamgrid.store.crypto import KeyRing
from scamgrid.store.reports import ReportWriter, WriteResult

SIMPLE = {
    "phone": "phone-number",
    "iban": "iban",
    "bank_account": "bank-account-nr",
    "url": "url",
    "domain": "domain",
    "email": "email",
    "ip": "ip-dst",
}
TYPE_OF_ATTRIBUTE = {v: k for k, v in SIMPLE.items()} | {
    "btc": "crypto_wallet",
    "xmr": "crypto_wallet",
    "email-src": "email",
    "email-dst": "email",
    "ip-src": "ip",
    "hostname": "domain",
}
TAGGED = re.compile(r'^scamgrid:identifier="([a-z_]+)"$')
FRAUD = re.compile(r'^scamgrid:fraud-type="([a-z_]+)"$')


def _tlp_tag(marking: str) -> str:
    return "tlp:" + marking.removeprefix("TLP:").lower()


def _attribute(event: MISPEvent, kind: str, value: str, comment: str) -> MISPAttribute:
    added = event.add_attribute(kind, value, comment=comment)
    assert isinstance(added, MISPAttribute)  # one value in, one attribute out
    return added


def _add(event: MISPEvent, kind: str, value: str, comment: str, tags: list[str]) -> None:
    chain, _, address = value.partition(":")
    obj: MISPObject | None = None
    attribute: MISPAttribute | None = None
    if kind in SIMPLE:
        attribute = _attribute(event, SIMPLE[kind], value, comment)
    elif kind == "crypto_wallet" and chain in {"btc", "xmr"}:
        attribute = _attribute(event, chain, address, comment)
    elif kind == "crypto_wallet":
        obj = MISPObject("coin-address")
        obj.add_attribute("address-crypto", value=address)
        obj.add_attribute("symbol", value=chain)
    elif kind in {"imei", "imsi"}:
        obj = MISPObject("phone")
        obj.add_attribute(kind, value=value)
    elif kind == "telegram":
        obj = MISPObject("telegram-account")
        obj.add_attribute("username", value=value)
    else:
        attribute = _attribute(event, "text", value, comment)
        attribute.add_tag(f'scamgrid:identifier="{kind}"')
    if obj is not None:
        obj.comment = comment
        for tag in tags:
            obj.attributes[0].add_tag(tag)
        event.add_object(obj)
    if attribute is not None:
        for tag in tags:
            attribute.add_tag(tag)


def export_event(source: Source, title: str) -> MISPEvent:
    """One MISP event with every identifier the source's scope may share."""
    event = MISPEvent()
    event.info = title
    event.add_tag("scamgrid:export")
    reports = 0
    for page in source.pages():
        for entry in page.entries:
            report = next((x for x in entry.objects if x.get("type") == "report"), None)
            if report is None or report.get("revoked"):
                continue
            reports += 1
            ext = o.extension(report)
            marking = o.marking_of(report)
            tags = [f'scamgrid:fraud-type="{ext.get("fraud_type", "other")}"']
            if marking is not None:
                tags.append(_tlp_tag(marking.value))
            for indicator in entry.objects:
                iext = o.extension(indicator)
                if indicator.get("type") == "indicator" and iext.get("valid", True):
                    _add(event, iext["identifier_type"], iext["value"], ext["report_id"], tags)
    event.set_date(datetime.now(UTC).date())
    return event


@dataclass
class MispImport:
    reports: int = 0
    result: WriteResult = field(default_factory=WriteResult)
    rejected: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {
            "reports": self.reports,
            "inserted": self.result.inserted,
            "updated": self.result.updated,
            "unchanged": self.result.unchanged,
            "rejected": self.rejected + [str(e) for e in self.result.errors],
        }


def _identifiers(attribute: MISPAttribute, obj: MISPObject | None) -> tuple[str, str] | None:
    kind = TYPE_OF_ATTRIBUTE.get(attribute.type)
    value = str(attribute.value)
    if obj is not None:
        relation = getattr(attribute, "object_relation", None)
        if obj.name == "coin-address" and relation in {"address", "address-xmr", "address-crypto"}:
            symbol = next(
                (str(a.value) for a in obj.attributes if a.object_relation == "symbol"), ""
            )
            chain = {"address": "btc", "address-xmr": "xmr"}.get(relation, symbol.lower())
            return "crypto_wallet", f"{chain}:{value}" if chain else value
        if obj.name == "phone" and relation in {"imei", "imsi"}:
            return relation, value
        if obj.name == "phone" and relation == "msisdn":
            return "phone", value
        if obj.name == "telegram-account" and relation == "username":
            return "telegram", value
        if obj.name == "bank-account" and relation in {"account", "iban"}:
            return ("iban" if relation == "iban" else "bank_account"), value
    if kind == "crypto_wallet":
        return kind, f"{attribute.type}:{value}"
    if kind is not None:
        return kind, value
    for tag in attribute.tags:
        tagged = TAGGED.match(tag.name)
        if tagged:
            return tagged.group(1), value
    return None


def _event_marking(tags: list[str]) -> str | None:
    for tag in tags:
        if tag.lower().startswith("tlp:"):
            try:
                return Marking.parse(tag[4:]).value
            except ValueError:
                continue
    return None


def import_event(
    session: Session, path: Path, agency: str | None, marking: str | None = None
) -> MispImport:
    try:
        data = orjson.loads(path.read_bytes())
    except orjson.JSONDecodeError as error:
        raise InvalidInput(f"{path}: not valid JSON: {error}") from None
    event = MISPEvent()
    try:
        event.load(data)
    except Exception as error:  # PyMISP raises its own and plain errors for bad events
        raise InvalidInput(f"{path}: not a MISP event: {error}") from None
    org = str(getattr(event.Orgc, "name", "") or "").upper() if hasattr(event, "Orgc") else ""
    owner = agency or (org if agencies.AGENCY_CODE.match(org) else None)
    if not owner:
        raise InvalidInput(f"{path}: the event's organisation is no agency code; pass --agency")
    event_tags = [t.name for t in event.tags]
    default_marking = marking or _event_marking(event_tags) or Marking.AMBER.value
    groups: dict[str, list[tuple[str, str, list[str]]]] = defaultdict(list)
    done = MispImport()
    pairs = [(a, None) for a in event.attributes] + [
        (a, obj) for obj in event.objects for a in obj.attributes
    ]
    for attribute, obj in pairs:
        found = _identifiers(attribute, obj)
        if found is None:
            continue
        kind, value = found
        try:
            canonical = clean(kind, value)
        except InvalidIdentifier as bad:
            done.rejected.append(f"{path}: attribute {attribute.uuid}: {bad.message}")
            continue
        comment = str((obj.comment if obj is not None else attribute.comment) or "").strip()
        report_id = comment if comment and " " not in comment else f"MISP-{event.uuid}"
        carriers = obj.attributes if obj is not None else [attribute]
        tags = [t.name for a in carriers for t in a.tags]
        groups[report_id].append((canonical.type.value, canonical.value, tags))
    records = []
    for number, (report_id, items) in enumerate(sorted(groups.items()), start=1):
        tags = [t for _, _, ts in items for t in ts]
        fraud = next(
            (m.group(1) for t in tags + event_tags if (m := FRAUD.match(t))),
            FraudType.OTHER.value,
        )
        body = {
            "id": report_id,
            "agency": owner,
            "reported_at": _event_date(event),
            "fraud_type": fraud if fraud in set(FraudType) else FraudType.OTHER.value,
            "narrative": str(event.info or ""),
            "marking": _event_marking(tags) or default_marking,
            "indicators": [{"type": k, "value": v} for k, v, _ in items],
        }
        try:
            records.append(to_record(body, number, ReadOptions()))
        except RowInvalid as bad:
            done.rejected.append(f"{path}: report {report_id}: {bad.field}: {bad.reason}")
    writer = ReportWriter(KeyRing.load(), source=f"misp:{path.name}")
    conn = session.connection()
    writer.load_names(conn)
    done.result = writer.write(conn, records, str(path))
    done.reports = len(records)
    return done


def _event_date(event: MISPEvent) -> str:
    date = getattr(event, "date", None)
    if date is None:
        return datetime.now(UTC).isoformat()
    return datetime(date.year, date.month, date.day, tzinfo=UTC).isoformat()
