"""Identifiers in free text: SMS and chat messages in English, Chinese, Thai and Burmese.

Links, wallets, IBANs, emails and handles are found by patterns, phone numbers by
libphonenumber's matcher (it finds numbers inside text without spaces, as Chinese and Thai are
written). Each candidate is then cleaned by its type's module, so only valid identifiers come
out; a span claimed by one identifier is not read again as another.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import phonenumbers

from scamgrid.errors import InvalidIdentifier
from scamgrid.identifiers.banks import bank_named_in
from scamgrid.identifiers.base import Identifier
from scamgrid.identifiers.registry import clean
from scamgrid.identifiers.text import fold
from scamgrid.model.vocabulary import IdentifierType as T

MAX_TEXT = 20_000
_DOT = r"(?:\.|\[\.\]|\(\.\)|\[dot\]|\(dot\))"
_LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
_HOST = rf"(?:{_LABEL}{_DOT})+[a-z]{{2,24}}|[0-9]{{1,3}}(?:{_DOT}[0-9]{{1,3}}){{3}}"
_PATH = r"[A-Za-z0-9\-._~:/?#\[\]@!$&*+,;=%]*"
_BEFORE = r"(?<![A-Za-z0-9.@_-])"
_AFTER = r"(?![A-Za-z0-9_-])"
# Suffixes that are also file extensions: `main.py`, `notes.md` are not links when bare.
_FILE_SUFFIXES = {"zip", "mov", "py", "md", "sh", "pl", "rs", "ps", "so", "ai", "pdf", "exe"}


def _p(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.I)


_PATTERNS: list[tuple[T, re.Pattern[str]]] = [
    (
        T.TELEGRAM,
        _p(rf"{_BEFORE}(?:https?://)?(?:t|telegram){_DOT}me/(?:joinchat/|\+)?[\w-]{{4,64}}"),
    ),
    (
        T.LINE,
        _p(rf"{_BEFORE}(?:https?://)?line{_DOT}me/(?:R/)?(?:ti/p/)?(?:~|@|%40)?[\w.-]{{3,40}}"),
    ),
    (T.WHATSAPP, _p(rf"{_BEFORE}(?:https?://)?(?:api\.)?wa{_DOT}me/\+?[0-9]{{6,15}}")),
    (T.FACEBOOK, _p(rf"{_BEFORE}(?:https?://)?(?:www\.|m\.)?(?:facebook|fb){_DOT}com/{_PATH}")),
    (
        T.URL,
        _p(rf"(?:h[xt*]{{2}}ps?|ftp)(?:://|\[://\]|\[:\]//)(?:{_HOST})(?::[0-9]{{1,5}})?{_PATH}"),
    ),
    (T.EMAIL, _p(rf"[A-Za-z0-9._%+-]+(?:@|\[@\]|\(at\)|\[at\]){_HOST}{_AFTER}")),
    (
        T.CRYPTO_WALLET,
        re.compile(
            r"(?<![A-Za-z0-9])(?:0x[0-9a-fA-F]{40}|T[1-9A-HJ-NP-Za-km-z]{33}"
            r"|bc1[02-9ac-hj-np-z]{11,71}|[13][1-9A-HJ-NP-Za-km-z]{25,34}"
            r"|[1-9A-HJ-NP-Za-km-z]{46,50})(?![A-Za-z0-9])"
        ),
    ),
    (
        T.IBAN,
        re.compile(
            r"(?<![A-Za-z0-9])[A-Z]{2}[0-9]{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?"
            r"(?![A-Za-z0-9])"
        ),
    ),
    (T.IMEI, _p(r"IMEI\s*(?:no\.?|号码?)?\s*[:：]?\s*[0-9](?:[ -]?[0-9]){13,15}(?![0-9])")),
    (T.URL, _p(rf"{_BEFORE}(?:{_HOST})(?::[0-9]{{1,5}})?/{_PATH}")),
    (T.DOMAIN, _p(rf"{_BEFORE}(?:{_HOST}){_AFTER}")),
]

# "@handle" counts as Telegram/LINE/WeChat only with the app named just before it. A hint in
# the app's own script ("飞机", "ไลน์") may be followed directly by the handle; an English word
# ("line") needs "@", "ID" or ":" as well, or every "on the line please" would be a handle.
# Word edges in ASCII only: "或TG" has no \b between 或 and T (CJK letters are \w too).
_W, _W_END = r"(?<![A-Za-z])", r"(?![A-Za-z])"
_HINTS: list[tuple[T, re.Pattern[str]]] = [
    (T.TELEGRAM, _p(rf"telegram|{_W}(?:tele|tg){_W_END}|飞机|纸飞机|电报|เทเลแกรม|တယ်လီဂရမ်")),
    (T.LINE, _p(rf"{_W}line{_W_END}|ไลน์|ไอดีไลน์|လိုင်း")),
    (T.WECHAT, _p(rf"wechat|weixin|微信|威信|薇信|{_W}(?:vx|wx){_W_END}")),
]
_HANDLE_AFTER = re.compile(
    r"[\s:：=-]*(?P<id>(?:id|号|账号|帳號|ไอดี)\s*[:：]?\s*)?(?P<at>@)?"
    r"(?P<handle>[A-Za-z][A-Za-z0-9_.-]{3,31})",
    re.I,
)
_AT_HANDLE = re.compile(r"(?<![A-Za-z0-9._%+-])@(?P<handle>[A-Za-z][A-Za-z0-9_.]{3,31})")
_ACCOUNT = re.compile(r"(?<![0-9])[0-9](?:[ -]?[0-9]){7,18}(?![0-9])")
_ACCOUNT_WORDS = _p(
    rf"บัญชี|{_W}(?:account|acc|a/c){_W_END}|账号|帐号|账户|卡号|tài khoản|{_W}stk{_W_END}|ဘဏ်စာရင်း"
)
_WHATSAPP_BEFORE = _p(
    rf"(?:whatsapp|what'?s\s?app|{_W}wa{_W_END}|วอทส์แอ[พป])\s*(?:no\.?|number|[:：])?\s*$"
)

Add = Callable[[T, int, int, str], bool]


def extract(text: str, country: str | None = None) -> list[Identifier]:
    """Valid identifiers in `text`, deduplicated by (type, value), in order of appearance."""
    if not isinstance(text, str) or not text.strip():
        return []
    folded = fold(text[: MAX_TEXT * 2])[:MAX_TEXT]
    found: list[tuple[int, int, Identifier]] = []
    taken: list[tuple[int, int]] = []

    def add(kind: T, start: int, end: int, raw: str) -> bool:
        if any(s < end and start < e for s, e in taken):
            return False
        try:
            identifier = clean(kind, raw, country=country)
        except InvalidIdentifier:
            return False
        found.append((start, len(found), identifier))
        taken.append((start, end))
        return True

    for kind, pattern in _PATTERNS:
        for match in pattern.finditer(folded):
            raw = match.group(0).strip().rstrip(".,;:!?)]")
            if kind is T.DOMAIN and not _bare_domain(raw):
                continue
            start = match.start() + len(match.group(0)) - len(match.group(0).lstrip())
            add(kind, start, start + len(raw), raw)
    _accounts(folded, country, add)
    _phones(folded, country, add)
    _handles(folded, add)
    seen: set[tuple[T, str]] = set()
    result = []
    for _, _, identifier in sorted(found, key=lambda item: item[:2]):
        if (identifier.type, identifier.value) not in seen:
            seen.add((identifier.type, identifier.value))
            result.append(identifier)
    return result


def _bare_domain(raw: str) -> bool:
    """A domain written without a link: lower case (`Mr.Wang` is a name) and not a file name."""
    return not any(c.isupper() for c in raw) and raw.rsplit(".", 1)[-1] not in _FILE_SUFFIXES


def _accounts(text: str, country: str | None, add: Add) -> None:
    """Account numbers written beside a bank's name ("โอนเข้า 123-4-56789-0 กสิกร")."""
    for match in _ACCOUNT.finditer(text):
        window = text[max(0, match.start() - 24) : match.end() + 24]
        bank = bank_named_in(window, country)
        if bank and not _ACCOUNT_WORDS.search(window) and _is_phone(match.group(0), country):
            continue  # "KBANK call centre 02 888 8888" is a phone number
        if bank:
            value = f"{bank[0]}:{bank[1]}:{match.group(0)}"
            add(T.BANK_ACCOUNT, match.start(), match.end(), value)


def _is_phone(digits: str, country: str | None) -> bool:
    try:
        clean(T.PHONE, digits, country=country)
    except InvalidIdentifier:
        return False
    return True


def _phones(text: str, country: str | None, add: Add) -> None:
    region = country.upper() if country else None
    matcher = phonenumbers.PhoneNumberMatcher(text, region, leniency=phonenumbers.Leniency.VALID)
    for match in matcher:
        added = add(T.PHONE, match.start, match.end, match.raw_string)
        if added and _WHATSAPP_BEFORE.search(text[max(0, match.start - 24) : match.start]):
            add(T.WHATSAPP, match.end, match.end, match.raw_string)  # also a WhatsApp account


def _handles(text: str, add: Add) -> None:
    for kind, hint in _HINTS:
        for near in hint.finditer(text):
            window = text[near.end() : near.end() + 40]
            strong = not near.group(0).isascii()
            direct = _HANDLE_AFTER.match(window)
            named = direct and (strong or direct.group("id") or direct.group("at"))
            if direct and (named or ":" in window[: direct.start("handle")]):
                handle: re.Match[str] | None = direct
            else:
                handle = _AT_HANDLE.search(window)
            if handle:
                start = near.end() + handle.start("handle")
                raw = handle.group("handle").rstrip("._-")
                add(kind, start, start + len(raw), raw)
