"""Identifiers: parse, validate and canonicalise every type; pure functions, no I/O.

    clean("phone", "081 234 5678", country="TH")  -> Identifier(PHONE, "+66812345678", ...)
    guess("hxxps://secure-verify[.]top/login")     -> Identifier(URL, "https://...", ...)
    extract("โทรกลับ 081-234-5678 หรือ t.me/x_y")  -> [phone, telegram]

Everything that matches across agencies matches on these canonical values. One module per
family of types registers its cleaner in base.CLEANERS; a rejection always carries a reason.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import import_module
from urllib.parse import urlsplit

from scamgrid.errors import InvalidIdentifier
from scamgrid.identifiers.base import CLEANERS, Identifier, make
from scamgrid.identifiers.extract import extract
from scamgrid.identifiers.guess import guess
from scamgrid.model.vocabulary import IdentifierType

__all__ = ["Identifier", "clean", "derived", "extract", "guess"]

# Each module registers the cleaners of its types when imported.
for _family in ("phone", "device", "bank", "wallet", "web", "handles", "other"):
    import_module(f"scamgrid.identifiers.{_family}")


_TYPES: dict[object, IdentifierType] = {t.value: t for t in IdentifierType} | {
    t: t for t in IdentifierType
}


def clean(
    kind: str | IdentifierType, raw: str, country: str | None = None, bank: str | None = None
) -> Identifier:
    """The canonical identifier of `raw` as `kind`; InvalidIdentifier with the reason if not."""
    identifier_type = _TYPES.get(kind) or _TYPES.get(str(kind).strip().lower())
    if identifier_type is None:
        raise InvalidIdentifier(str(kind), raw, "unknown identifier type")
    if not isinstance(raw, str):
        raise InvalidIdentifier(identifier_type.value, str(raw), "must be text")
    return _clean(
        identifier_type,
        raw,
        country.upper() if country else None,
        bank.strip() if isinstance(bank, str) and bank.strip() else None,
    )


@lru_cache(maxsize=200_000)
def _clean(
    kind: IdentifierType, raw: str, country: str | None, bank_code: str | None
) -> Identifier:
    # Surface forms repeat a lot in real data (the same mule account in hundreds of reports).
    return make(kind, raw, country, bank_code)


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


assert set(CLEANERS) == set(IdentifierType), "every identifier type needs a cleaner"
