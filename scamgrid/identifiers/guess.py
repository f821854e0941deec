"""Which type is a bare value? For look-ups where the user gives no type.

Shapes are tried from the most specific (a canonical bank account, an IBAN, a wallet, a link)
to the least (a phone number); each candidate type is then cleaned by its own module, so a
guess is only returned when the value is valid for that type.
"""

from __future__ import annotations

import re
from dataclasses import replace

from scamgrid.errors import InvalidIdentifier
from scamgrid.identifiers.base import Identifier
from scamgrid.identifiers.imei import luhn_digit
from scamgrid.identifiers.registry import clean
from scamgrid.identifiers.text import fold_number, refang
from scamgrid.model.vocabulary import IdentifierType as T

# `platform:value`, as in the reports CSV's handles column.
_PREFIXES = {
    **dict.fromkeys(("telegram", "tg"), T.TELEGRAM),
    **dict.fromkeys(("line", "lineid"), T.LINE),
    **dict.fromkeys(("wechat", "weixin", "wx", "vx", "微信"), T.WECHAT),
    **dict.fromkeys(("whatsapp", "wa"), T.WHATSAPP),
    **dict.fromkeys(("facebook", "fb"), T.FACEBOOK),
    **dict.fromkeys(("phone", "tel", "mobile"), T.PHONE),
    **dict.fromkeys(("mailto", "email"), T.EMAIL),
    **{t.value: t for t in T},
}
_PREFIX = re.compile(r"^([a-z][a-z0-9_-]*|微信)\s*[:：](?!//)", re.I)
_WALLET_PREFIX = re.compile(r"^(tron|trx|usdt|trc|eth|erc|bsc|bep|btc|bitcoin)", re.I)
_PACKAGE_ROOTS = {"com", "org", "net", "io", "cn", "th", "vn", "me", "co", "app", "edu", "gov"}

_RULES: list[tuple[re.Pattern[str], tuple[T, ...]]] = [
    (re.compile(r"^[A-Za-z]{2}:[^:\s]{2,40}:[0-9 ./-]{4,50}$"), (T.BANK_ACCOUNT,)),
    (re.compile(r"^[A-Za-z]{2}[0-9]{2}(?:[ -]?[A-Za-z0-9]){11,34}$"), (T.IBAN,)),
    (re.compile(r"^0x[0-9a-fA-F]{40}$|^T[1-9A-HJ-NP-Za-km-z]{33}$"), (T.CRYPTO_WALLET,)),
    (
        re.compile(r"^(?:bc1|BC1)[0-9a-zA-Z]{11,87}$|^[13][1-9A-HJ-NP-Za-km-z]{25,34}$"),
        (T.CRYPTO_WALLET,),
    ),
    (re.compile(r"^(https?://)?(www\.)?(t|telegram)\.(me|dog)/|^tg://", re.I), (T.TELEGRAM,)),
    (re.compile(r"^(https?://)?(page\.)?line\.me/", re.I), (T.LINE,)),
    (re.compile(r"^(https?://)?((api\.)?wa\.me|(api|web)\.whatsapp\.com)/", re.I), (T.WHATSAPP,)),
    (re.compile(r"^(https?://)?(www\.|m\.|web\.)?(facebook|fb)\.com/", re.I), (T.FACEBOOK,)),
    (re.compile(r"^https?://play\.google\.com/store/apps/|^market://", re.I), (T.APP,)),
    (re.compile(r"^[a-z][a-z0-9+.-]*://", re.I), (T.URL,)),
    (re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$"), (T.EMAIL,)),
    (re.compile(r"^@[A-Za-z][A-Za-z0-9_]{3,31}$"), (T.TELEGRAM,)),
    (
        re.compile(r"^[0-9]{1,3}(\.[0-9]{1,3}){3}(:[0-9]+)?$|^\[?[0-9a-fA-F]*:[0-9a-fA-F:.]+\]?$"),
        (T.IP,),
    ),
    (re.compile(r"^[0-9a-fA-F]{64}$"), (T.APP,)),
    (re.compile(r"^[^\s/]+\.[A-Za-z][A-Za-z0-9-]+/\S*$"), (T.URL,)),
    (re.compile(r"^[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)+$"), (T.DOMAIN, T.APP)),
    (re.compile(r"^[^\s/@]+\.[^\s/@.]{2,}$"), (T.DOMAIN,)),
    (re.compile(r"^\+?[0-9][0-9 ().-]{4,}$"), (T.IMEI, T.IMSI, T.PHONE)),
]


def _candidates(text: str) -> tuple[list[T], str | None]:
    """Types to try, most likely first, and the value without a `type:` prefix if it had one."""
    prefix = _PREFIX.match(text)
    if prefix:
        name = prefix.group(1).lower()
        if _WALLET_PREFIX.match(name):
            return [T.CRYPTO_WALLET], None  # the chain prefix is part of a wallet's value
        if name in _PREFIXES:
            return [_PREFIXES[name]], text[prefix.end() :]
    kinds: list[T] = []
    for pattern, types in _RULES:
        if pattern.search(text):
            kinds.extend(t for t in types if t not in kinds)
    if T.APP in kinds and T.DOMAIN in kinds and text.split(".")[0] in _PACKAGE_ROOTS:
        kinds.remove(T.APP)
        kinds.insert(kinds.index(T.DOMAIN), T.APP)  # com.example.app: a package, not a host
    if T.IMEI in kinds and not _luhn_imei(text):
        kinds.remove(T.IMEI)  # 15 digits that fail Luhn are more likely an IMSI or a phone
    return kinds, None


def _luhn_imei(text: str) -> bool:
    digits = re.sub(r"[\s.-]", "", text)
    return len(digits) == 15 and digits.isdigit() and luhn_digit(digits[:14]) == int(digits[14])


def guess(raw: str, country: str | None = None) -> Identifier:
    """The identifier a bare value most likely is; InvalidIdentifier listing what was tried."""
    if not isinstance(raw, str) or not raw.strip():
        raise InvalidIdentifier("identifier", str(raw), "empty value")
    text = fold_number(refang(raw))[:2048]
    kinds, unprefixed = _candidates(text)
    tried: list[str] = []
    for kind in kinds:
        try:
            found = clean(kind, raw if unprefixed is None else unprefixed, country=country)
        except InvalidIdentifier as bad:
            tried.append(f"{kind.value}: {bad.reason}")
            continue
        return found if unprefixed is None else replace(found, raw=raw)
    reason = "; ".join(tried) if tried else "not recognised as any identifier type"
    raise InvalidIdentifier("identifier", raw, reason)
