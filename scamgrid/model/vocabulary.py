"""Fraud types, markings, roles, channels and identifier types.

Docs, API enums and UI labels are generated from these enums; add a value here and it exists
everywhere.
"""

from __future__ import annotations

from enum import StrEnum


class FraudType(StrEnum):
    IMPERSONATION = "impersonation"
    INVESTMENT = "investment"
    ROMANCE = "romance"
    JOB_TASK = "job_task"
    LOAN = "loan"
    SHOPPING = "shopping"
    SEXTORTION = "sextortion"
    GAMBLING = "gambling"
    OTHER = "other"


class Channel(StrEnum):
    CALL = "call"
    SMS = "sms"
    CHAT = "chat"
    SOCIAL = "social"
    WEB = "web"
    EMAIL = "email"
    IN_PERSON = "in_person"
    OTHER = "other"


class Marking(StrEnum):
    """TLP 2.0, ordered from most to least shareable."""

    CLEAR = "TLP:CLEAR"
    GREEN = "TLP:GREEN"
    AMBER = "TLP:AMBER"
    AMBER_STRICT = "TLP:AMBER+STRICT"
    RED = "TLP:RED"

    @classmethod
    def parse(cls, text: str) -> Marking:
        """Accept `TLP:AMBER`, `amber`, `tlp:amber+strict`, and TLP 1.0's WHITE as CLEAR."""
        value = text.strip().upper()
        if not value.startswith("TLP:"):
            value = "TLP:" + value
        if value == "TLP:WHITE":
            value = "TLP:CLEAR"
        try:
            return cls(value)
        except ValueError:
            allowed = ", ".join(m.value for m in cls)
            raise ValueError(f"unknown marking {text!r} (expected one of {allowed})") from None


class Role(StrEnum):
    ADMIN = "admin"
    ANALYST = "analyst"
    PARTNER = "partner"
    OPERATOR = "operator"


class IdentifierType(StrEnum):
    PHONE = "phone"
    IMEI = "imei"
    IMSI = "imsi"
    BANK_ACCOUNT = "bank_account"
    IBAN = "iban"
    CRYPTO_WALLET = "crypto_wallet"
    URL = "url"
    DOMAIN = "domain"
    EMAIL = "email"
    TELEGRAM = "telegram"
    WECHAT = "wechat"
    LINE = "line"
    WHATSAPP = "whatsapp"
    FACEBOOK = "facebook"
    APP = "app"
    IP = "ip"


class IndicatorLabelKind(StrEnum):
    """What an identifier is known to be (indicator_labels): reference data, not evidence."""

    EXCHANGE = "exchange"  # an exchange's deposit address: a cash-out point of money trails
    OTC = "otc"  # an over-the-counter desk: a cash-out point
    MULE = "mule"  # an account known to launder for others
    HUB = "hub"  # a public hotline, platform or page: links unrelated reports, not evidence


class TextLabel(StrEnum):
    """The text detector's verdict on one message or ad."""

    LEGITIMATE = "legitimate"
    SPAM = "spam"  # unwanted marketing, not fraud
    SCAM = "scam"
    FAKE_JOB = "fake_job"  # a job lure: feeds trafficking into scam compounds


class TextFraudType(StrEnum):
    """Fraud types the text detector names: the report fraud types plus two message-only kinds."""

    IMPERSONATION = "impersonation"
    INVESTMENT = "investment"
    ROMANCE = "romance"
    JOB_TASK = "job_task"
    LOAN = "loan"
    SHOPPING = "shopping"
    SEXTORTION = "sextortion"
    GAMBLING = "gambling"
    PHISHING = "phishing"
    FAKE_JOB = "fake_job"
    OTHER = "other"


class CdrLabel(StrEnum):
    """What `scamgrid cdr score` calls a number (DESIGN.md, call-detail records)."""

    NORMAL = "normal"
    SIM_BOX = "sim_box"  # many SIMs in one gateway relaying foreign calls as local ones
    SCAM_DIALLER = "scam_dialler"  # mass dialling of victims, often ascending number ranges
    WANGIRI = "wangiri"  # one-ring calls from premium foreign numbers, luring callbacks


class CompoundStatus(StrEnum):
    """Where a scam compound stands (its timeline keeps every change)."""

    ACTIVE = "active"
    RAIDED = "raided"
    RELOCATED = "relocated"
    CLOSED = "closed"
    UNKNOWN = "unknown"


class RescueStatus(StrEnum):
    """The workflow of a rescue request, in order; CLOSED ends it from any open state."""

    REPORTED = "reported"
    VERIFIED = "verified"
    LOCATED = "located"
    RESCUE_PLANNED = "rescue_planned"
    RESCUED = "rescued"
    REPATRIATED = "repatriated"
    CLOSED = "closed"


class Urgency(StrEnum):
    LOW = "low"
    NORMAL = "normal"
    HIGH = "high"
    CRITICAL = "critical"  # threats to life, ongoing violence, ransom deadline


class RescueSource(StrEnum):
    """Who reported a person trapped."""

    FAMILY = "family"
    NGO = "ngo"
    EMBASSY = "embassy"
    PUBLIC = "public"
    AGENCY = "agency"


class ScreeningClass(StrEnum):
    """How a repatriated person is treated on arrival, from the screening's evidence."""

    UNSCREENED = "unscreened"
    VICTIM = "victim"  # trafficking victim: support and witness, not prosecution
    SUSPECT = "suspect"  # evidence of a role in the compound, not (yet) wanted
    WANTED = "wanted"  # on a watch list: hand over to the agency that wants them


class OperationOutcome(StrEnum):
    RELEASED = "released"
    DETAINED = "detained"
