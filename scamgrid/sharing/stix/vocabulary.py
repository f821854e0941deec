"""The fixed STIX 2.1 vocabulary of scamgrid: ids, TLP 2.0 markings, our extension, patterns.

- TLP 2.0 markings are the official marking-definition objects of the OASIS TLP 2.0 extension
  (same ids on every platform, so OpenCTI and MISP recognise them).
- scamgrid's own extension-definition declares new cyber-observable types for what STIX has no
  object for (phone numbers, IMEI, IMSI, bank accounts, crypto wallets, mobile apps) and the
  property extension that carries a report's fields (fraud type, loss, sharing group, origin).
- Ids are derived from stable keys (a report id, an agency code), so every node names the same
  record with the same id and updates replace instead of duplicating. They are shaped as UUIDv4
  (version and variant bits set on a SHA-256 digest), which STIX recommends for SDOs.
"""

from __future__ import annotations

import hashlib
import re
import uuid
from datetime import UTC, datetime

from scamgrid.model.vocabulary import IdentifierType, Marking

SPEC = "2.1"
MEDIA_TYPE = "application/stix+json;version=2.1"

TLP_EXTENSION = "extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d"
TLP_IDS = {
    Marking.CLEAR: "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487",
    Marking.GREEN: "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb",
    Marking.AMBER: "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421",
    Marking.AMBER_STRICT: "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003",
    Marking.RED: "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1",
}
MARKING_OF_ID = {v: k for k, v in TLP_IDS.items()}
# TLP 1.0 ids that other platforms still send; WHITE is CLEAR.
TLP1_IDS = {
    "marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9": Marking.CLEAR,
    "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da": Marking.GREEN,
    "marking-definition--f88d31f6-486f-44da-b317-01333bde0b82": Marking.AMBER,
    "marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed": Marking.RED,
}
# What never leaves the node, whoever asks: RED, and AMBER+STRICT (the owner's own users only).
NEVER_SHARED = (Marking.RED.value, Marking.AMBER_STRICT.value)

EXTENSION_ID = "extension-definition--7c3f3a53-5d1e-4a3b-9f3e-2b6f1c0e8d41"
EXTENSION_CREATED = "2025-01-01T00:00:00.000Z"
EXTENSION_MODIFIED = "2026-12-03T00:00:00.000Z"  # 1.1.0: compounds, syndicates, persons
PLATFORM_IDENTITY = "identity--0b6f2c1e-6a8d-4f3b-9a51-3c7e5d2f1a90"


def tlp_definition(marking: Marking) -> dict[str, object]:
    """The official TLP 2.0 marking-definition object of `marking`."""
    return {
        "type": "marking-definition",
        "spec_version": SPEC,
        "id": TLP_IDS[marking],
        "created": "2022-10-01T00:00:00.000Z",
        "name": marking.value,
        "extensions": {
            TLP_EXTENSION: {
                "extension_type": "property-extension",
                "tlp_2_0": marking.value.removeprefix("TLP:").lower(),
            }
        },
    }


def platform_identity() -> dict[str, object]:
    return {
        "type": "identity",
        "spec_version": SPEC,
        "id": PLATFORM_IDENTITY,
        "created": EXTENSION_CREATED,
        "modified": EXTENSION_CREATED,
        "name": "scamgrid",
        "description": "The scamgrid project, author of the scamgrid STIX extension.",
        "identity_class": "system",
    }


def extension_definition() -> dict[str, object]:
    return {
        "type": "extension-definition",
        "spec_version": SPEC,
        "id": EXTENSION_ID,
        "created": EXTENSION_CREATED,
        "modified": EXTENSION_MODIFIED,
        "created_by_ref": PLATFORM_IDENTITY,
        "name": "scamgrid scam signals",
        "description": (
            "Cyber-observables for phone numbers (x-scamgrid-phone-number: value in E.164), "
            "mobile devices (x-scamgrid-mobile-device: imei), SIM cards (x-scamgrid-sim-card: "
            "imsi), bank accounts (x-scamgrid-bank-account: account_number CC:BANK:DIGITS or "
            "iban), crypto wallets (x-scamgrid-crypto-wallet: address chain:addr) and mobile "
            "apps (x-scamgrid-mobile-app: package), and a property extension carrying "
            "scamgrid's fields: a victim report's on report and indicator objects, an agency's "
            "or a person of interest's on identity objects, a scam compound's on location "
            "objects, a syndicate's on intrusion-set objects and its report, a person's tie on "
            "relationship objects."
        ),
        "schema": "docs/sharing.md of scamgrid, section: The scamgrid STIX extension",
        "version": "1.1.0",
        "extension_types": ["new-sco", "property-extension"],
    }


def stix_id(kind: str, *key: str) -> str:
    """A stable id for `kind` named by `key`, shaped as a UUIDv4."""
    digest = hashlib.sha256("\x1f".join(("scamgrid", kind, *key)).encode()).digest()
    return f"{kind}--{uuid.UUID(bytes=digest[:16], version=4)}"


def report_stix_id(report_id: str) -> str:
    return stix_id("report", report_id)


def indicator_stix_id(report_id: str, kind: str, value: str) -> str:
    return stix_id("indicator", report_id, kind, value)


def agency_stix_id(code: str) -> str:
    return stix_id("identity", code)


def timestamp(moment: datetime) -> str:
    """STIX timestamps: UTC, with microseconds so versions order exactly."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def parse_timestamp(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(UTC)


HANDLES = {
    IdentifierType.TELEGRAM,
    IdentifierType.WECHAT,
    IdentifierType.LINE,
    IdentifierType.WHATSAPP,
    IdentifierType.FACEBOOK,
}
# Identifier type -> (cyber-observable type, property) of its STIX pattern.
OBSERVABLES: dict[IdentifierType, tuple[str, str]] = {
    IdentifierType.PHONE: ("x-scamgrid-phone-number", "value"),
    IdentifierType.IMEI: ("x-scamgrid-mobile-device", "imei"),
    IdentifierType.IMSI: ("x-scamgrid-sim-card", "imsi"),
    IdentifierType.BANK_ACCOUNT: ("x-scamgrid-bank-account", "account_number"),
    IdentifierType.IBAN: ("x-scamgrid-bank-account", "iban"),
    IdentifierType.CRYPTO_WALLET: ("x-scamgrid-crypto-wallet", "address"),
    IdentifierType.APP: ("x-scamgrid-mobile-app", "package"),
    IdentifierType.URL: ("url", "value"),
    IdentifierType.DOMAIN: ("domain-name", "value"),
    IdentifierType.EMAIL: ("email-addr", "value"),
}
TYPE_OF_OBSERVABLE = {v: k for k, v in OBSERVABLES.items()}


def _quote(value: str) -> str:
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def pattern(kind: str, value: str) -> str:
    """The STIX pattern matching one identifier."""
    identifier_type = IdentifierType(kind)
    if identifier_type in HANDLES:
        return (
            f"[user-account:account_type = {_quote(kind)} AND "
            f"user-account:account_login = {_quote(value)}]"
        )
    if identifier_type is IdentifierType.IP:
        family = "ipv6-addr" if ":" in value else "ipv4-addr"
        return f"[{family}:value = {_quote(value)}]"
    observable, prop = OBSERVABLES[identifier_type]
    return f"[{observable}:{prop} = {_quote(value)}]"


_COMPARISON = re.compile(
    r"([a-z0-9-]+):([a-z_]+(?:\.'[^']*')?)\s*=\s*'((?:[^'\\]|\\.)*)'", re.IGNORECASE
)


def from_pattern(text: str) -> tuple[str, str] | None:
    """(identifier type, value) of a simple equality pattern, or None when it is not one."""
    found = {
        (obj.lower(), prop.lower()): re.sub(r"\\(.)", r"\1", value)
        for obj, prop, value in _COMPARISON.findall(text)
    }
    if len(found) == 2 and ("user-account", "account_type") in found:
        platform = found[("user-account", "account_type")].lower()
        login = found.get(("user-account", "account_login")) or found.get(
            ("user-account", "user_id")
        )
        if login and platform in {h.value for h in HANDLES}:
            return platform, login
        return None
    if len(found) != 1:
        return None
    (obj, prop), value = next(iter(found.items()))
    if obj in {"ipv4-addr", "ipv6-addr"} and prop == "value":
        return IdentifierType.IP.value, value
    identifier_type = TYPE_OF_OBSERVABLE.get((obj, prop))
    return (identifier_type.value, value) if identifier_type else None
