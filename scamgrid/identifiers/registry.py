"""The registry: one `Kind` per identifier type, and `clean`, which dispatches to it."""

from __future__ import annotations

from functools import lru_cache

from scamgrid.errors import InvalidIdentifier
from scamgrid.identifiers import (
    app,
    bank_account,
    crypto_wallet,
    domain,
    email,
    facebook,
    iban,
    imei,
    imsi,
    ip,
    line,
    phone,
    telegram,
    url,
    wechat,
    whatsapp,
)
from scamgrid.identifiers.base import Identifier, Kind
from scamgrid.model.vocabulary import IdentifierType

_MODULES = (phone, imei, imsi, bank_account, iban, crypto_wallet, url, domain, email)
_MODULES_2 = (telegram, wechat, line, whatsapp, facebook, app, ip)
KINDS: dict[IdentifierType, Kind] = {m.KIND.type: m.KIND for m in (*_MODULES, *_MODULES_2)}
assert set(KINDS) == set(IdentifierType), "every identifier type needs its module"

_BY_NAME: dict[object, IdentifierType] = {t.value: t for t in IdentifierType}
_BY_NAME.update({t: t for t in IdentifierType})
_BY_NAME.update({"wallet": IdentifierType.CRYPTO_WALLET, "bank": IdentifierType.BANK_ACCOUNT})


def identifier_type(kind: str | IdentifierType, raw: str = "") -> IdentifierType:
    """The IdentifierType named by `kind` (`phone`, `PHONE`, IdentifierType.PHONE)."""
    found = _BY_NAME.get(kind)
    if found is None and isinstance(kind, str):
        found = _BY_NAME.get(kind.strip().lower())
    if found is None:
        names = ", ".join(t.value for t in IdentifierType)
        raise InvalidIdentifier(str(kind), raw, f"unknown identifier type (one of {names})")
    return found


def clean(
    kind: str | IdentifierType, raw: str, country: str | None = None, bank: str | None = None
) -> Identifier:
    """The canonical identifier of `raw` as `kind`; InvalidIdentifier with the reason if not.

    `country` is the ISO alpha-2 hint for local formats (phones, bank accounts), `bank` the bank
    code of a bank account. Results are cached: surface forms repeat a lot in real data (the
    same mule account in hundreds of reports).
    """
    if not isinstance(raw, str):
        raise InvalidIdentifier(str(kind), repr(raw), "must be text")
    hint = (country.strip().upper() or None) if isinstance(country, str) else None
    bank_code = (bank.strip() or None) if isinstance(bank, str) else None
    return _clean(identifier_type(kind, raw), raw, hint, bank_code)


@lru_cache(maxsize=100_000)
def _clean(kind: IdentifierType, raw: str, country: str | None, bank: str | None) -> Identifier:
    return KINDS[kind].clean(raw, country, bank)


def cache_clear() -> None:
    """Forget cached results (benchmarks measure first sight with this)."""
    _clean.cache_clear()
