"""IMEI: 14-digit body (TAC + serial) and its Luhn check digit. An IMEISV (16 digits: body +
software version) is reduced to the IMEI; a bare 14-digit body gets its check digit."""

from __future__ import annotations

import re

from scamgrid.identifiers.base import Kind
from scamgrid.identifiers.text import fold_number
from scamgrid.model.vocabulary import IdentifierType

_SEPARATORS = re.compile(r"[\s./-]")
_PREFIX = re.compile(r"^IMEI(?:SV)?\s*(?:no\.?|号码?)?\s*:?\s*", re.I)


def luhn_digit(body: str) -> int:
    """The Luhn check digit of a string of digits."""
    total = 0
    for index, char in enumerate(reversed(body)):
        digit = ord(char) - 48
        if index % 2 == 0:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return (10 - total % 10) % 10


class Imei(Kind):
    type = IdentifierType.IMEI

    def canonical(self, raw: str, country: str | None, bank: str | None) -> tuple[str, str | None]:
        digits = _SEPARATORS.sub("", _PREFIX.sub("", fold_number(raw)))
        if not digits.isascii() or not digits.isdigit():
            raise ValueError("an IMEI has only digits")
        if len(digits) in (14, 16):  # a body without its check digit, or an IMEISV
            return digits[:14] + str(luhn_digit(digits[:14])), None
        if len(digits) != 15:
            raise ValueError(f"an IMEI has 15 digits (14 + check digit), not {len(digits)}")
        if luhn_digit(digits[:14]) != int(digits[14]):
            raise ValueError("Luhn check digit does not match")
        return digits, None

    def display(self, value: str) -> str:
        """TAC (type allocation code: the model), serial, check digit."""
        return f"{value[:8]}-{value[8:14]}-{value[14:]}"


KIND = Imei()
