"""Bank accounts (`CC:BANK:DIGITS`) and IBANs (schwifty)."""

from __future__ import annotations

import re

import phonenumbers
from schwifty import IBAN
from schwifty.exceptions import SchwiftyException

from scamgrid.identifiers.base import cleaner
from scamgrid.identifiers.text import fold
from scamgrid.model.vocabulary import IdentifierType

_CANONICAL = re.compile(r"^([A-Za-z]{2}):([A-Za-z0-9_-]{2,20}):([0-9A-Za-z]{4,34})$")
_BANK = re.compile(r"^[A-Z0-9_-]{2,20}$")


@cleaner(IdentifierType.BANK_ACCOUNT)
def clean_bank_account(raw: str, country: str | None, bank: str | None) -> tuple[str, str | None]:
    text = fold(raw)
    canonical = _CANONICAL.match(text.replace(" ", ""))
    if canonical:
        country, bank, number = canonical.groups()
    else:
        number = re.sub(r"[\s./-]", "", text)
        if not country or not bank:
            raise ValueError("a bank account needs its country and bank code (or CC:BANK:DIGITS)")
    country = country.upper()
    bank = bank.strip().upper()
    if country not in phonenumbers.SUPPORTED_REGIONS:
        raise ValueError(f"unknown country {country!r}")
    if not _BANK.match(bank):
        raise ValueError(f"bank code {bank!r} should be a short code such as KBANK or ICBC")
    if not number.isalnum() or not 4 <= len(number) <= 34:
        raise ValueError("an account number has 4 to 34 letters and digits")
    return f"{country}:{bank}:{number.upper()}", country


@cleaner(IdentifierType.IBAN)
def clean_iban(raw: str, _country: str | None, _bank: str | None) -> tuple[str, str | None]:
    try:
        iban = IBAN(fold(raw))
    except SchwiftyException as error:
        raise ValueError(str(error)) from None
    return iban.compact, iban.country_code
