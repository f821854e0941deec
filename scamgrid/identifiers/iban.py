"""IBANs: compact upper case, ISO 13616 checksum and country format checked by schwifty."""

from __future__ import annotations

import re

from schwifty import IBAN
from schwifty.exceptions import SchwiftyException

from scamgrid.identifiers.base import Kind
from scamgrid.identifiers.text import fold
from scamgrid.model.vocabulary import IdentifierType

_PREFIX = re.compile(r"^iban\s*:?\s*", re.I)
_SEPARATORS = re.compile(r"[\s.-]")


class Iban(Kind):
    type = IdentifierType.IBAN

    def canonical(self, raw: str, country: str | None, bank: str | None) -> tuple[str, str | None]:
        text = _SEPARATORS.sub("", _PREFIX.sub("", fold(raw)))
        if not text.isascii() or not text.isalnum():
            raise ValueError("an IBAN has only letters and digits")
        try:
            iban = IBAN(text)
        except SchwiftyException as error:
            raise ValueError(str(error)) from None
        return iban.compact, iban.country_code

    def display(self, value: str) -> str:
        return " ".join(value[i : i + 4] for i in range(0, len(value), 4))

    def country_hint(self, value: str) -> str | None:
        return value[:2]


KIND = Iban()
