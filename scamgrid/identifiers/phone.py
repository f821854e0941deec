"""Phone numbers: E.164 by libphonenumber, parsed with the country hint for local formats."""

from __future__ import annotations

import phonenumbers
from phonenumbers import PhoneNumberFormat

from scamgrid.identifiers.base import Kind
from scamgrid.identifiers.text import fold_number
from scamgrid.model.vocabulary import IdentifierType


def e164(raw: str, country: str | None) -> tuple[str, str | None]:
    """(E.164, region) of a number as written; ValueError with libphonenumber's reason."""
    text = fold_number(raw)
    hint = country.upper() if country else None
    if text.startswith("00") and hint is None:
        text = "+" + text[2:]  # the common international prefix, when nothing says otherwise
    try:
        return _parse(text, hint)
    except ValueError:
        # "0066..." written by someone whose country dials abroad with another prefix (TH: 001).
        if text.startswith("00") and not text.startswith("000"):
            return _parse("+" + text[2:], None)
        raise


def _parse(text: str, hint: str | None) -> tuple[str, str | None]:
    try:
        number = phonenumbers.parse(text, hint)
    except phonenumbers.NumberParseException as error:
        reason = str(error).split(") ", 1)[-1]
        if "Missing or invalid default region" in reason:
            reason = "a local number needs a country (--country)"
        raise ValueError(reason) from None
    # The usual case, a number of the hinted country: one validity check gives the region.
    if (
        hint is not None
        and number.country_code == _country_code(hint)
        and phonenumbers.is_valid_number_for_region(number, hint)
    ):
        return phonenumbers.format_number(number, PhoneNumberFormat.E164), hint
    if not phonenumbers.is_valid_number(number):
        if not phonenumbers.is_possible_number(number):
            raise ValueError("not a possible number (wrong length)")
        raise ValueError("not a valid number for its country (libphonenumber)")
    region = phonenumbers.region_code_for_number(number)
    if region == "001":  # non-geographic (+800, +882...): no country
        region = None
    return phonenumbers.format_number(number, PhoneNumberFormat.E164), region


def _country_code(region: str) -> int:
    return int(phonenumbers.country_code_for_region(region))


def international(value: str) -> str:
    """`+66 81 234 5678`: the E.164 value grouped as its country writes it."""
    try:
        number = phonenumbers.parse(value, None)
    except phonenumbers.NumberParseException:
        return value
    return phonenumbers.format_number(number, PhoneNumberFormat.INTERNATIONAL)


def region_of(value: str) -> str | None:
    try:
        region = phonenumbers.region_code_for_number(phonenumbers.parse(value, None))
    except phonenumbers.NumberParseException:
        return None
    return region if region and region != "001" else None


class Phone(Kind):
    type = IdentifierType.PHONE

    def canonical(self, raw: str, country: str | None, bank: str | None) -> tuple[str, str | None]:
        return e164(raw.removeprefix("tel:"), country)

    def display(self, value: str) -> str:
        return international(value)

    def country_hint(self, value: str) -> str | None:
        return region_of(value)


KIND = Phone()
