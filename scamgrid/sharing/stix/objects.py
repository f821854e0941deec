"""One victim report <-> its STIX 2.1 objects (pure: values in, values out).

A report becomes a `report` object that refers to one `indicator` per identifier, both marked
with the report's TLP 2.0 marking and created by the owner agency's `identity`. The report's own
fields travel in scamgrid's property extension; the victim's personal data never does.

The hot path (TAXII pages, federation) builds plain dicts: constructing `stix2` objects costs
about a millisecond each (pattern validation through ANTLR), far too slow for a million
indicators. `share import` still parses every object with `stix2` (see bundle.py), and the test
suite validates the output with the OASIS validator.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from scamgrid.model.vocabulary import Marking
from scamgrid.sharing.stix import vocabulary as v


@dataclass(frozen=True)
class IndicatorView:
    type: str
    value: str
    raw: str
    valid: bool
    country: str | None


@dataclass
class ReportView:
    """What leaves the node of one report (never the victim)."""

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
    group_members: list[str]
    modified: datetime
    origin_node: str
    indicators: list[IndicatorView] = field(default_factory=list)


def identity(code: str, name: str, country: str, created: datetime) -> dict[str, Any]:
    stamp = v.timestamp(created)
    return {
        "type": "identity",
        "spec_version": v.SPEC,
        "id": v.agency_stix_id(code),
        "created": stamp,
        "modified": stamp,
        "name": name,
        "description": f"Law-enforcement agency {code} ({country}).",
        "identity_class": "organization",
        "sectors": ["government-public-services"],
        "extensions": {
            v.EXTENSION_ID: {
                "extension_type": "property-extension",
                "agency_code": code,
                "country": country,
            }
        },
    }


def report_objects(report: ReportView) -> list[dict[str, Any]]:
    """The report object followed by its indicators."""
    modified = v.timestamp(report.modified)
    created = v.timestamp(min(report.reported_at, report.modified))
    published = v.timestamp(report.reported_at)
    author = v.agency_stix_id(report.agency)
    markings = [v.TLP_IDS[Marking(report.marking)]]
    indicators = []
    for item in report.indicators:
        indicators.append(
            {
                "type": "indicator",
                "spec_version": v.SPEC,
                "id": v.indicator_stix_id(report.report_id, item.type, item.value),
                "created": created,
                "modified": modified,
                "created_by_ref": author,
                "name": f"{item.type} {item.value}",
                "description": f"Seen in scam report {report.report_id} ({report.fraud_type}).",
                "indicator_types": ["malicious-activity"],
                "pattern": v.pattern(item.type, item.value),
                "pattern_type": "stix",
                "valid_from": published,
                "object_marking_refs": markings,
                "extensions": {
                    v.EXTENSION_ID: {
                        "extension_type": "property-extension",
                        "identifier_type": item.type,
                        "value": item.value,
                        "raw": item.raw,
                        "valid": item.valid,
                        **({"country": item.country} if item.country else {}),
                    }
                },
            }
        )
    properties: dict[str, Any] = {
        "extension_type": "property-extension",
        "report_id": report.report_id,
        "agency": report.agency,
        "fraud_type": report.fraud_type,
        "origin_node": report.origin_node,
    }
    if report.country:
        properties["country"] = report.country
    if report.channel:
        properties["channel"] = report.channel
    if report.loss_amount is not None:
        properties["loss"] = {"amount": str(report.loss_amount), "currency": report.loss_currency}
    if report.sharing_group:
        properties["sharing_group"] = report.sharing_group
        properties["sharing_group_members"] = report.group_members
    body = {
        "type": "report",
        "spec_version": v.SPEC,
        "id": v.report_stix_id(report.report_id),
        "created": created,
        "modified": modified,
        "created_by_ref": author,
        "name": f"Scam report {report.report_id}",
        "description": report.narrative or f"{report.fraud_type} scam reported to {report.agency}",
        "report_types": ["threat-report"],
        "labels": [report.fraud_type],
        "published": published,
        # A report must refer to something: its indicators, or its author when it has none.
        "object_refs": [i["id"] for i in indicators] or [author],
        "object_marking_refs": markings,
        "extensions": {v.EXTENSION_ID: properties},
    }
    return [body, *indicators]


def revoked(objects: list[dict[str, Any]], at: datetime) -> list[dict[str, Any]]:
    """The same objects as a revoked last version."""
    stamp = v.timestamp(at)
    return [{**o, "modified": stamp, "revoked": True} for o in objects]


def marking_of(obj: dict[str, Any]) -> Marking | None:
    """The TLP marking of an object (2.0, or 1.0 mapped to 2.0), None when unmarked."""
    found = None
    for ref in obj.get("object_marking_refs") or []:
        marking = v.MARKING_OF_ID.get(ref) or v.TLP1_IDS.get(ref)
        if marking is not None and (found is None or _rank(marking) > _rank(found)):
            found = marking  # several markings: the most restrictive wins
    return found


def _rank(marking: Marking) -> int:
    return list(Marking).index(marking)


def extension(obj: dict[str, Any]) -> dict[str, Any]:
    found = (obj.get("extensions") or {}).get(v.EXTENSION_ID)
    return found if isinstance(found, dict) else {}
