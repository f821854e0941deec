"""Which type is a bare value? For look-ups where the user gives no type."""

from __future__ import annotations

import re

from scamgrid.errors import InvalidIdentifier
from scamgrid.identifiers.base import Identifier
from scamgrid.identifiers.text import refang
from scamgrid.model.vocabulary import IdentifierType as T

_RULES: list[tuple[re.Pattern[str], tuple[T, ...]]] = [
    (re.compile(r"^[A-Za-z]{2}:[A-Za-z0-9_-]{2,20}:[0-9A-Za-z]{4,34}$"), (T.BANK_ACCOUNT,)),
    (re.compile(r"^(tron|trx|trc20|usdt-trc20|eth|erc20|btc|bitcoin):", re.I), (T.CRYPTO_WALLET,)),
    (
        re.compile(r"^0x[0-9a-fA-F]{40}$|^T[1-9A-HJ-NP-Za-km-z]{33}$|^bc1[0-9a-zA-Z]{11,71}$"),
        (T.CRYPTO_WALLET,),
    ),
    (re.compile(r"^[13][1-9A-HJ-NP-Za-km-z]{25,34}$"), (T.CRYPTO_WALLET,)),
    (re.compile(r"^[A-Z]{2}[0-9]{2}[A-Z0-9 ]{11,40}$"), (T.IBAN,)),
    (re.compile(r"^(https?://)?(www\.)?(t|telegram)\.(me|dog)/", re.I), (T.TELEGRAM,)),
    (re.compile(r"^(https?://)?line\.me/", re.I), (T.LINE,)),
    (re.compile(r"^(https?://)?(api\.)?wa\.me/", re.I), (T.WHATSAPP,)),
    (re.compile(r"^(https?://)?(www\.|m\.)?(facebook|fb)\.com/", re.I), (T.FACEBOOK,)),
    (re.compile(r"^@[A-Za-z][A-Za-z0-9_]{3,31}$"), (T.TELEGRAM,)),
    (re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$"), (T.EMAIL,)),
    (re.compile(r"^[0-9]{1,3}(\.[0-9]{1,3}){3}$|^[0-9a-fA-F:]*:[0-9a-fA-F:]+$"), (T.IP,)),
    (re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+){2,}$"), (T.DOMAIN, T.APP)),
    (re.compile(r"^[a-z]+://|/", re.I), (T.URL,)),
    (re.compile(r"^[^\s/]+\.[A-Za-z]{2,}$"), (T.DOMAIN,)),
    (re.compile(r"^[0-9a-f]{64}$"), (T.APP,)),
    (re.compile(r"^\+?[0-9][0-9 ().-]{4,}$"), (T.PHONE, T.IMEI, T.IMSI)),
]


def guess(raw: str, country: str | None = None) -> Identifier:
    from scamgrid.identifiers import clean

    text = refang(raw)
    tried: list[str] = []
    for pattern, kinds in _RULES:
        if not pattern.search(text):
            continue
        for kind in kinds:
            try:
                return clean(kind, raw, country=country)
            except InvalidIdentifier as bad:
                tried.append(f"{kind.value}: {bad.reason}")
        break
    reason = "; ".join(tried) if tried else "not recognised as any identifier type"
    raise InvalidIdentifier("identifier", raw, reason)
