"""Bank accounts: `CC:BANK:DIGITS` (`TH:KBANK:1234567890`).

An account number means nothing without its bank and country, so both are required (or an
already canonical value). Bank names and BICs are mapped to short codes (banks.py), separators
in the number are dropped.
"""

from __future__ import annotations

import re

import phonenumbers

from scamgrid.identifiers.banks import bank_code
from scamgrid.identifiers.base import Kind
from scamgrid.identifiers.text import fold_number
from scamgrid.model.vocabulary import IdentifierType

_CANONICAL = re.compile(r"^([A-Za-z]{2}):([^:]{2,40}):([0-9 ./-]{4,50})$")
_CODE = re.compile(r"^[A-Z0-9_&-]{2,20}$")
_SEPARATORS = re.compile(r"[\s./-]")
_COUNTRIES = phonenumbers.SUPPORTED_REGIONS


class BankAccount(Kind):
    type = IdentifierType.BANK_ACCOUNT

    def canonical(self, raw: str, country: str | None, bank: str | None) -> tuple[str, str | None]:
        text = fold_number(raw)
        written = _CANONICAL.match(text)
        if written:
            country, bank, number = written.groups()
        else:
            number = text
        if not bank:
            raise ValueError("a bank account needs its bank code (--bank) or CC:BANK:DIGITS")
        country, code = bank_code(fold_number(bank), country)
        if not country:
            raise ValueError("a bank account needs its country (--country) or CC:BANK:DIGITS")
        country = country.upper()
        if country not in _COUNTRIES:
            raise ValueError(f"unknown country {country!r}")
        if not _CODE.match(code):
            raise ValueError(f"bank code {code!r} should be a short code such as KBANK or ICBC")
        digits = _SEPARATORS.sub("", number)
        if not digits.isascii() or not digits.isdigit():
            raise ValueError("an account number has only digits (and separators)")
        if not 4 <= len(digits) <= 34:
            raise ValueError(f"an account number has 4 to 34 digits, not {len(digits)}")
        return f"{country}:{code}:{digits}", country

    def country_hint(self, value: str) -> str | None:
        return value[:2]


KIND = BankAccount()
