"""Build the demo world: syndicates in compounds, their assets, and the reports of their victims.

Deterministic for a seed. Identifiers are written the many ways victims write them (local and
international formats, Thai and full-width digits, defanged links, t.me links), so ingestion and
look-up are exercised on realistic input; the ground truth says which report belongs to which
syndicate, and which identifiers are planted hubs (public hotlines, big platforms) that link
unrelated reports.
"""

from __future__ import annotations

import random
import string
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import base58
import phonenumbers

from scamgrid.demo.places import AGENCIES, COMPOUNDS, Compound
from scamgrid.demo.texts import CITIES, GIVEN, NARRATIVES, SURNAME_FIRST, SURNAMES
from scamgrid.model.vocabulary import FraudType

YEAR_START = datetime(2025, 1, 1, tzinfo=UTC)
# Where syndicates' phone numbers come from, and how to draw a national number there.
PHONE_PATTERNS = {
    "TH": ["08########", "09########", "06########"],
    "CN": ["13#########", "15#########", "18#########", "19#########"],
    "MM": ["09#########", "097########"],
    "KH": ["01#######", "09#######", "097#######"],
    "VN": ["09########", "03########"],
    "LA": ["020########"],
    "PH": ["09#########"],
}
BANKS = {
    "TH": ["KBANK", "SCB", "BBL", "KTB", "BAY", "TTB"],
    "CN": ["ICBC", "ABC", "BOC", "CCB", "CMB"],
    "VN": ["VCB", "TCB", "BIDV", "MB"],
    "KH": ["ABA", "ACLEDA", "WING"],
}
TLDS = ["top", "xyz", "vip", "cc", "com", "net", "shop", "icu", "live"]
LURES = [
    "secure-verify",
    "kyc-update",
    "refund-center",
    "police-case",
    "usdt-earn",
    "vip-invest",
    "parcel-track",
    "loan-fast",
    "task-reward",
    "ex-coin",
    "safe-account",
    "tax-refund",
]
# Identifiers that appear in unrelated reports: evidence of nothing, the link analysis must cope.
HUBS = [
    {"type": "phone", "value": "+66 2 888 8888", "note": "a Thai bank's public call centre"},
    {"type": "phone", "value": "+86 400 820 0588", "note": "a Chinese bank's service line"},
    {"type": "domain", "value": "facebook.com", "note": "platform where the victim met them"},
    {
        "type": "url",
        "value": "https://www.binance.com/en/my/wallet/account/main/deposit/crypto",
        "note": "a popular exchange's deposit page",
    },
    {"type": "telegram", "value": "@BotFather", "note": "Telegram's own bot"},
]
FRAUD_MIX = [
    (FraudType.IMPERSONATION, FraudType.LOAN),
    (FraudType.INVESTMENT, FraudType.ROMANCE),
    (FraudType.JOB_TASK, FraudType.SHOPPING),
    (FraudType.INVESTMENT, FraudType.GAMBLING),
    (FraudType.ROMANCE, FraudType.SEXTORTION),
    (FraudType.IMPERSONATION, FraudType.OTHER),
]
MARKINGS = [
    ("TLP:CLEAR", 8),
    ("TLP:GREEN", 25),
    ("TLP:AMBER", 55),
    ("TLP:AMBER+STRICT", 6),
    ("TLP:RED", 6),
]
VICTIM_COUNTRIES = {"CN": 50, "TH": 25, "VN": 10, "MM": 5, "KH": 5, "LA": 5}
AGENCY_OF = {a.country: a.code for a in AGENCIES if a.code != "LM-LESC"}
CURRENCY = {a.country: a.currency for a in AGENCIES}
LANGUAGE = {"CN": "zh", "TH": "th"}
UTC_OFFSET_MINUTES = {"CN": 480, "TH": 420, "VN": 420, "KH": 420, "LA": 420, "MM": 390}
TYPICAL_LOSS = {
    "CNY": 60_000,
    "THB": 150_000,
    "VND": 120_000_000,
    "MMK": 5_000_000,
    "KHR": 8_000_000,
    "LAK": 40_000_000,
}


@dataclass
class Syndicate:
    id: str
    compound: Compound
    fraud_types: tuple[FraudType, FraudType]
    phones: list[tuple[str, str]] = field(default_factory=list)  # (E.164, region)
    accounts: list[tuple[str, str, str]] = field(default_factory=list)  # (country, bank, digits)
    wallets: list[str] = field(default_factory=list)
    domains: list[str] = field(default_factory=list)
    telegrams: list[str] = field(default_factory=list)


@dataclass
class World:
    seed: int
    syndicates: list[Syndicate]
    reports: list[dict[str, Any]]
    truth: list[tuple[str, str]]  # (report id, syndicate id)


def _draw_phone(rng: random.Random, region: str) -> str:
    while True:
        pattern = rng.choice(PHONE_PATTERNS[region])
        national = "".join(rng.choice(string.digits) if c == "#" else c for c in pattern)
        number = phonenumbers.parse(national, region)
        if phonenumbers.is_valid_number(number):
            return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _tron_address(rng: random.Random) -> str:
    return base58.b58encode_check(b"\x41" + rng.randbytes(20)).decode()


def _syndicate(rng: random.Random, number: int) -> Syndicate:
    compound = COMPOUNDS[number % len(COMPOUNDS)]
    s = Syndicate(f"SYN-{number:03d}", compound, FRAUD_MIX[rng.randrange(len(FRAUD_MIX))])
    regions = ["TH", "CN", "MM", "KH", "PH", compound.country, compound.country]
    s.phones = [
        (p, r) for r in rng.choices(regions, k=rng.randint(3, 7)) for p in [_draw_phone(rng, r)]
    ]
    for _ in range(rng.randint(3, 8)):
        country = rng.choice(["TH", "TH", "CN", "CN", "VN", "KH"])
        s.accounts.append(
            (
                country,
                rng.choice(BANKS[country]),
                "".join(rng.choice(string.digits) for _ in range(10)),
            )
        )
    s.wallets = [_tron_address(rng) for _ in range(rng.randint(2, 5))]
    s.domains = [
        f"{rng.choice(LURES)}-{''.join(rng.choices(string.ascii_lowercase, k=4))}"
        f".{rng.choice(TLDS)}"
        for _ in range(rng.randint(1, 4))
    ]
    s.telegrams = [
        f"{rng.choice(['vip', 'cs', 'kefu', 'mentor', 'agent', 'hr'])}_"
        f"{''.join(rng.choices(string.ascii_lowercase + string.digits, k=6))}"
        for _ in range(rng.randint(1, 3))
    ]
    return s


def _phone_surface(rng: random.Random, e164: str, region: str) -> tuple[str, str]:
    """A phone number as a victim might write it, and the country hint that goes with it."""
    number = phonenumbers.parse(e164)
    style = rng.randrange(6)
    if style == 0:
        return e164, region
    if style == 1:
        return phonenumbers.format_number(
            number, phonenumbers.PhoneNumberFormat.INTERNATIONAL
        ), region
    national = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    if style == 2:
        return national, region
    if style == 3:
        return national.replace(" ", "").replace("-", ""), region
    if style == 4 and region == "TH":
        return national.translate(str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")), region
    if style == 4 and region == "CN":
        return national.translate(str.maketrans("0123456789", "０１２３４５６７８９")), region
    if rng.random() < 0.5:
        return "00" + e164[1:], "CN"  # dialled from China, where the international prefix is 00
    return e164[1:], region


def _url_surface(rng: random.Random, domain: str) -> tuple[str, str]:
    path = rng.choice(["/login", "/kyc", "/app/download", "/case/verify", ""])
    style = rng.randrange(4)
    if style == 0:
        return "url", f"https://{domain}{path}"
    if style == 1:
        return "url", f"hxxps://{domain.replace('.', '[.]')}{path}"
    if style == 2:
        return "url", f"http://www.{domain}{path}"
    return "domain", domain.upper() if rng.random() < 0.3 else domain


def _telegram_surface(rng: random.Random, handle: str) -> str:
    return rng.choice([f"@{handle}", f"t.me/{handle}", f"https://t.me/{handle}", handle])


def _victim(rng: random.Random, country: str) -> dict[str, str]:
    surname = rng.choice(SURNAMES.get(country, SURNAMES["VN"]))
    given = rng.choice(GIVEN.get(country, GIVEN["VN"]))
    joiner = "" if country == "CN" else " "
    name = f"{surname}{joiner}{given}" if country in SURNAME_FIRST else f"{given} {surname}"
    phone = _draw_phone(rng, country if country in PHONE_PATTERNS else "TH")
    return {
        "name": name,
        "phone": phone,
        "id_number": "".join(rng.choice(string.digits) for _ in range(13)),
    }


def _indicators(rng: random.Random, s: Syndicate) -> list[dict[str, str]]:
    items: list[dict[str, str]] = []
    for e164, region in rng.sample(s.phones, k=min(len(s.phones), rng.randint(1, 2))):
        value, hint = _phone_surface(rng, e164, region)
        items.append({"type": "phone", "value": value, "country": hint})
    if rng.random() < 0.8:
        country, bank, digits = rng.choice(s.accounts)
        written = (
            f"{digits[:3]}-{digits[3]}-{digits[4:9]}-{digits[9:]}" if rng.random() < 0.5 else digits
        )
        items.append({"type": "bank_account", "value": written, "bank": bank, "country": country})
    if rng.random() < 0.6:
        items.append({"type": "crypto_wallet", "value": rng.choice(s.wallets)})
    if rng.random() < 0.5:
        kind, value = _url_surface(rng, rng.choice(s.domains))
        items.append({"type": kind, "value": value})
    if rng.random() < 0.5:
        items.append({"type": "telegram", "value": _telegram_surface(rng, rng.choice(s.telegrams))})
    if rng.random() < 0.08:
        hub = rng.choice(HUBS)
        items.append({"type": hub["type"], "value": hub["value"], "country": "TH"})
    return items


def _report(rng: random.Random, s: Syndicate, serial: dict[str, int]) -> dict[str, Any]:
    country = rng.choices(list(VICTIM_COUNTRIES), weights=list(VICTIM_COUNTRIES.values()))[0]
    agency = "LM-LESC" if rng.random() < 0.08 else AGENCY_OF[country]
    serial[agency] = serial.get(agency, 0) + 1
    fraud_type = s.fraud_types[0] if rng.random() < 0.75 else s.fraud_types[1]
    currency = CURRENCY.get(country, "USD")
    amount = round(TYPICAL_LOSS.get(currency, 5000) * rng.lognormvariate(0, 1.0), 2)
    language = LANGUAGE.get(country, "en")
    narrative = rng.choice(NARRATIVES[language][fraud_type.value]).format(city=rng.choice(CITIES))
    marking = rng.choices([m for m, _ in MARKINGS], weights=[w for _, w in MARKINGS])[0]
    report: dict[str, Any] = {
        "id": f"{agency}-2025-{serial[agency]:06d}",
        "agency": agency,
        "country": country,
        "reported_at": (YEAR_START + timedelta(minutes=rng.randrange(0, 330 * 24 * 60)))
        .astimezone(timezone(timedelta(minutes=UTC_OFFSET_MINUTES[country])))
        .isoformat(timespec="seconds"),
        "channel": rng.choice(["call", "call", "sms", "chat", "social", "web"]),
        "fraud_type": fraud_type.value,
        "loss": {"amount": amount, "currency": currency},
        "narrative": narrative,
        "marking": marking,
        "victim": _victim(rng, country),
        "indicators": _indicators(rng, s),
    }
    if marking == "TLP:AMBER":
        myawaddy = s.compound.area.startswith("Myawaddy") and agency in ("CN-MPS", "TH-CCIB")
        report["sharing_group"] = "myawaddy-task-force" if myawaddy else "mekong-joint"
    return report


def build_world(seed: int = 7, reports: int = 5000, syndicates: int = 48) -> World:
    rng = random.Random(seed)
    gangs = [_syndicate(rng, n) for n in range(1, syndicates + 1)]
    # Syndicate sizes follow a heavy tail, as in real reporting: a few large, many small.
    weights = [rng.paretovariate(1.3) for _ in gangs]
    serial: dict[str, int] = {}
    rows: list[dict[str, Any]] = []
    truth: list[tuple[str, str]] = []
    # Every syndicate gets a handful of reports, the rest go by weight.
    owners = [g for g in gangs for _ in range(5)]
    owners += rng.choices(gangs, weights=weights, k=max(0, reports - len(owners)))
    for gang in owners[:reports]:
        report = _report(rng, gang, serial)
        rows.append(report)
        truth.append((report["id"], gang.id))
    order = sorted(range(len(rows)), key=lambda i: rows[i]["reported_at"])
    return World(seed, gangs, [rows[i] for i in order], [truth[i] for i in order])
