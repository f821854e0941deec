"""IMEI (Luhn, IMEISV stripped to IMEI) and IMSI (known MCC)."""

from __future__ import annotations

import re

from scamgrid.identifiers.base import cleaner
from scamgrid.identifiers.text import fold
from scamgrid.model.vocabulary import IdentifierType

# Mobile country codes of the region and the common neighbours (ITU-T E.212). Other MCCs are
# rejected: extend this table rather than accept numbers nobody can place.
MCC = {
    "460": "CN",
    "461": "CN",
    "414": "MM",
    "520": "TH",
    "457": "LA",
    "456": "KH",
    "452": "VN",
    "502": "MY",
    "525": "SG",
    "510": "ID",
    "515": "PH",
    "454": "HK",
    "455": "MO",
    "466": "TW",
    "404": "IN",
    "405": "IN",
    "470": "BD",
    "440": "JP",
    "450": "KR",
    "310": "US",
    "234": "GB",
}


def luhn_digit(body: str) -> int:
    total = 0
    for index, char in enumerate(reversed(body)):
        digit = int(char)
        if index % 2 == 0:
            digit *= 2
            digit -= 9 if digit > 9 else 0
        total += digit
    return (10 - total % 10) % 10


@cleaner(IdentifierType.IMEI)
def clean_imei(raw: str, _country: str | None, _bank: str | None) -> tuple[str, str | None]:
    digits = re.sub(r"[\s./-]", "", fold(raw))
    if not digits.isdigit():
        raise ValueError("an IMEI has only digits")
    if len(digits) == 16:  # IMEISV: 14-digit body + 2-digit software version
        return digits[:14] + str(luhn_digit(digits[:14])), None
    if len(digits) == 14:
        return digits + str(luhn_digit(digits)), None
    if len(digits) != 15:
        raise ValueError(f"an IMEI has 15 digits (14 + check digit), not {len(digits)}")
    if luhn_digit(digits[:14]) != int(digits[14]):
        raise ValueError("Luhn check digit does not match")
    return digits, None


@cleaner(IdentifierType.IMSI)
def clean_imsi(raw: str, _country: str | None, _bank: str | None) -> tuple[str, str | None]:
    digits = re.sub(r"[\s-]", "", fold(raw))
    if not digits.isdigit() or len(digits) != 15:
        raise ValueError("an IMSI has 15 digits")
    country = MCC.get(digits[:3])
    if country is None:
        raise ValueError(f"unknown mobile country code {digits[:3]}")
    return digits, country
