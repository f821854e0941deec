"""Identifiers in free text: SMS and chat messages in English, Chinese, Thai and Burmese.

Phone numbers are found by libphonenumber's matcher (it copes with numbers written inside text
without spaces, as in Chinese and Thai); links, wallets, handles and emails by patterns, each
candidate then cleaned by its type's cleaner, so only valid identifiers come out.
"""

from __future__ import annotations

import re

import phonenumbers

from scamgrid.errors import InvalidIdentifier
from scamgrid.identifiers.base import Identifier, make
from scamgrid.identifiers.text import fold
from scamgrid.model.vocabulary import IdentifierType as T

_DOT = r"(?:\.|\[\.\]|\(\.\)|\[dot\]|\(dot\))"
_HOST = rf"(?:[a-z0-9](?:[a-z0-9-]{{0,61}}[a-z0-9])?{_DOT})+[a-z]{{2,24}}"
_PATTERNS: list[tuple[T, re.Pattern[str]]] = [
    (T.TELEGRAM, re.compile(r"(?:https?://)?(?:t|telegram)\.me/[A-Za-z0-9_]{4,32}", re.I)),
    (T.LINE, re.compile(r"(?:https?://)?line\.me/(?:ti/p/|R/ti/p/)?~?[A-Za-z0-9._-]{3,40}", re.I)),
    (T.WHATSAPP, re.compile(r"(?:https?://)?wa\.me/\+?[0-9]{6,15}", re.I)),
    (
        T.URL,
        re.compile(
            rf"(?:h[xt]{{2}}ps?|ftp)(?:://|\[://\]|\[:\]//){_HOST}(?::\d+)?[^\s<>\"'，。、）)]*",
            re.I,
        ),
    ),
    (T.EMAIL, re.compile(rf"[A-Za-z0-9._%+-]+(?:@|\[@\]|\(at\)){_HOST}", re.I)),
    (
        T.CRYPTO_WALLET,
        re.compile(
            r"(?<![A-Za-z0-9])(?:0x[0-9a-fA-F]{40}|T[1-9A-HJ-NP-Za-km-z]{33}"
            r"|bc1[02-9ac-hj-np-z]{11,71}|[13][1-9A-HJ-NP-Za-km-z]{25,34})"
            r"(?![A-Za-z0-9])"
        ),
    ),
    (
        T.IBAN,
        re.compile(
            r"(?<![A-Za-z0-9])[A-Z]{2}[0-9]{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?"
            r"(?![A-Za-z0-9])"
        ),
    ),
    (T.DOMAIN, re.compile(rf"(?<![@\w.-]){_HOST}(?![\w-])", re.I)),
]
# "@handle" counts as Telegram/LINE only with a hint nearby: scam messages name the app.
_HANDLE = re.compile(r"@([A-Za-z][A-Za-z0-9_.]{3,31})")
_APP_HINTS = [
    (T.TELEGRAM, re.compile(r"telegram|tele|\btg\b|飞机|纸飞机|电报|เทเลแกรม|တယ်လီဂရမ်", re.I)),
    (T.LINE, re.compile(r"\bline\b|ไลน์|ไอดีไลน์", re.I)),
    (T.WECHAT, re.compile(r"wechat|weixin|微信|\bvx\b|\bwx\b", re.I)),
]
_ID_AFTER_HINT = re.compile(r"(?:id|ID|号|：|:)\s*[:：]?\s*@?([A-Za-z][A-Za-z0-9_.-]{3,31})")


def extract(text: str, country: str | None = None) -> list[Identifier]:
    """Valid identifiers in `text`, deduplicated by (type, value), in order of appearance."""
    if not isinstance(text, str) or not text:
        return []
    folded = fold(text)[:20_000]
    found: list[tuple[int, Identifier]] = []
    taken: list[tuple[int, int]] = []

    def add(kind: T, start: int, end: int, raw: str) -> None:
        if any(s <= start < e or s < end <= e for s, e in taken):
            return
        try:
            identifier = make(kind, raw, country, None)
        except InvalidIdentifier:
            return
        found.append((start, identifier))
        taken.append((start, end))

    for kind, pattern in _PATTERNS:
        for match in pattern.finditer(folded):
            add(kind, match.start(), match.end(), match.group(0).rstrip(".,;:!?"))
    _phones(folded, country, add)
    for kind, hint in _APP_HINTS:
        for near in hint.finditer(folded):
            window = folded[near.end() : near.end() + 40]
            handle = _HANDLE.search(window) or _ID_AFTER_HINT.search(window)
            if handle:
                start = near.end() + handle.start(1)
                add(kind, start, start + len(handle.group(1)), handle.group(1))
    seen: set[tuple[T, str]] = set()
    result = []
    for _, identifier in sorted(found, key=lambda item: item[0]):
        key = (identifier.type, identifier.value)
        if key not in seen:
            seen.add(key)
            result.append(identifier)
    return result


def _phones(text: str, country: str | None, add: object) -> None:
    region = country.upper() if country else None
    for match in phonenumbers.PhoneNumberMatcher(
        text, region, leniency=phonenumbers.Leniency.VALID
    ):
        add(T.PHONE, match.start, match.end, match.raw_string)  # type: ignore[operator]
