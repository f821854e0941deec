"""Identifiers: parse, validate and canonicalise every type; pure functions, no I/O.

    clean("phone", "081 234 5678", country="TH")  -> Identifier(PHONE, "+66812345678", ...)
    guess("hxxps://secure-verify[.]top/login")     -> Identifier(URL, "https://...", ...)
    extract("โทรกลับ 081-234-5678 หรือ t.me/x_y")  -> [phone, telegram]

Everything that matches across agencies matches on these canonical values. One module per
type implements `base.Kind` (canonical, validate, display, country_hint); `registry.KINDS`
holds them. A rejection is an InvalidIdentifier carrying the reason.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from scamgrid.errors import InvalidIdentifier
from scamgrid.identifiers.base import Identifier, Kind
from scamgrid.identifiers.extract import extract
from scamgrid.identifiers.guess import guess
from scamgrid.identifiers.registry import KINDS, _clean, cache_clear, clean, identifier_type
from scamgrid.model.vocabulary import IdentifierType

__all__ = [
    "KINDS",
    "Identifier",
    "Kind",
    "_clean",
    "cache_clear",
    "clean",
    "derived",
    "display",
    "extract",
    "guess",
    "identifier_type",
]


def display(identifier: Identifier) -> str:
    """The canonical value as people read it: grouped numbers, defanged links, `@handles`."""
    return KINDS[identifier.type].display(identifier.value)


def derived(identifier: Identifier) -> list[Identifier]:
    """Identifiers implied by another: a URL's registrable domain, a WhatsApp's phone number.

    Stored beside the original, they let a blocklisted domain match a full link in a message.
    """
    if identifier.type is IdentifierType.URL:
        host = urlsplit(identifier.value).hostname or ""
        try:
            return [clean(IdentifierType.DOMAIN, host)]
        except InvalidIdentifier:
            return []  # an IP address or a host without a registrable domain
    if identifier.type is IdentifierType.WHATSAPP:
        return [
            Identifier(IdentifierType.PHONE, identifier.value, identifier.raw, identifier.country)
        ]
    return []
