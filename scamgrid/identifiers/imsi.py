"""IMSI: 15 digits, MCC (mobile country code) + MNC (network) + MSIN (subscriber).

libphonenumber has no E.212 tables, so the MCCs of the region and of common neighbours are
listed here with their MNC lengths (ITU-T E.212). An IMSI whose MCC is not listed is rejected:
extend the table rather than accept numbers nobody can place.
"""

from __future__ import annotations

import re

from scamgrid.identifiers.base import Kind
from scamgrid.identifiers.text import fold_number
from scamgrid.model.vocabulary import IdentifierType

# MCC -> (country, MNC length)
MCC: dict[str, tuple[str, int]] = {
    "460": ("CN", 2),
    "461": ("CN", 2),
    "414": ("MM", 2),
    "520": ("TH", 2),
    "457": ("LA", 2),
    "456": ("KH", 2),
    "452": ("VN", 2),
    "502": ("MY", 2),
    "525": ("SG", 2),
    "510": ("ID", 2),
    "515": ("PH", 2),
    "454": ("HK", 2),
    "455": ("MO", 2),
    "466": ("TW", 2),
    "470": ("BD", 2),
    "472": ("MV", 2),
    "429": ("NP", 2),
    "413": ("LK", 2),
    "410": ("PK", 2),
    "404": ("IN", 2),
    "405": ("IN", 3),
    "440": ("JP", 2),
    "441": ("JP", 2),
    "450": ("KR", 2),
    "250": ("RU", 2),
    "286": ("TR", 2),
    "424": ("AE", 2),
    "420": ("SA", 2),
    "234": ("GB", 2),
    "262": ("DE", 2),
    "208": ("FR", 2),
    "505": ("AU", 2),
    "310": ("US", 3),
    "311": ("US", 3),
    "312": ("US", 3),
    "313": ("US", 3),
    "302": ("CA", 3),
}
_SEPARATORS = re.compile(r"[\s.-]")


class Imsi(Kind):
    type = IdentifierType.IMSI

    def canonical(self, raw: str, country: str | None, bank: str | None) -> tuple[str, str | None]:
        digits = _SEPARATORS.sub("", fold_number(raw))
        if not digits.isascii() or not digits.isdigit() or len(digits) != 15:
            raise ValueError("an IMSI has 15 digits")
        known = MCC.get(digits[:3])
        if known is None:
            raise ValueError(f"unknown mobile country code {digits[:3]} (MCC)")
        return digits, known[0]

    def display(self, value: str) -> str:
        """MCC-MNC-MSIN."""
        mnc_length = MCC.get(value[:3], ("", 2))[1]
        return f"{value[:3]}-{value[3 : 3 + mnc_length]}-{value[3 + mnc_length :]}"

    def country_hint(self, value: str) -> str | None:
        known = MCC.get(value[:3])
        return known[0] if known else None


KIND = Imsi()
