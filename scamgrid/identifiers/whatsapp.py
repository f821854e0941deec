"""WhatsApp accounts: a WhatsApp account is its phone number, so the canonical form is E.164.
`wa.me/66812345678` and `api.whatsapp.com/send?phone=...` links are read as the number."""

from __future__ import annotations

import re

from scamgrid.identifiers.base import Kind
from scamgrid.identifiers.phone import e164, international, region_of
from scamgrid.identifiers.text import fold_number
from scamgrid.model.vocabulary import IdentifierType

_PREFIX = re.compile(r"^(?:whatsapp|wa)\s*:\s*", re.I)
_LINK = re.compile(
    r"^(?:https?://)?(?:www\.)?"
    r"(?:(?:api\.)?wa\.me/|(?:api|web)\.whatsapp\.com/send/?\?(?:[^#]*&)?phone=)\+?",
    re.I,
)


class WhatsApp(Kind):
    type = IdentifierType.WHATSAPP

    def canonical(self, raw: str, country: str | None, bank: str | None) -> tuple[str, str | None]:
        text = _PREFIX.sub("", fold_number(raw))
        link = _LINK.match(text)
        if link:  # wa.me links always carry the full international number, without "+"
            text = "+" + re.split(r"[?&/#]", text[link.end() :])[0]
        return e164(text, country)

    def display(self, value: str) -> str:
        return international(value)

    def country_hint(self, value: str) -> str | None:
        return region_of(value)


KIND = WhatsApp()
