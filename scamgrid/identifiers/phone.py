"""Phone numbers (and WhatsApp, which is a phone number): E.164 by libphonenumber."""

from __future__ import annotations

import re

import phonenumbers

from scamgrid.identifiers.base import cleaner
from scamgrid.identifiers.text import fold
from scamgrid.model.vocabulary import IdentifierType

_WHATSAPP_LINK = re.compile(r"^(?:https?://)?(?:api\.)?wa\.me/(?:send\?phone=)?\+?", re.I)


def e164(raw: str, country: str | None) -> tuple[str, str | None]:
    text = fold(raw)
    hint = country.upper() if country else None
    if text.startswith("00") and hint is None:
        text = "+" + text[2:]  # the common international prefix, when nothing says otherwise
    try:
        return _parse(text, hint)
    except ValueError:
        # "0066..." written by someone whose country dials abroad with another prefix.
        if text.startswith("00"):
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
    if not phonenumbers.is_possible_number(number):
        raise ValueError("not a possible number (wrong length)")
    if not phonenumbers.is_valid_number(number):
        raise ValueError("not a valid number for its country (libphonenumber)")
    region = phonenumbers.region_code_for_number(number)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164), region


@cleaner(IdentifierType.PHONE)
def clean_phone(raw: str, country: str | None, _bank: str | None) -> tuple[str, str | None]:
    return e164(raw, country)


@cleaner(IdentifierType.WHATSAPP)
def clean_whatsapp(raw: str, country: str | None, _bank: str | None) -> tuple[str, str | None]:
    text = fold(raw)
    if _WHATSAPP_LINK.match(text):
        text = "+" + _WHATSAPP_LINK.sub("", text).split("&")[0]
    return e164(text, country)
