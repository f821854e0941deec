"""Apps (Android package name or APK SHA-256) and IP addresses."""

from __future__ import annotations

import ipaddress
import re

from scamgrid.identifiers.base import cleaner
from scamgrid.identifiers.text import fold
from scamgrid.model.vocabulary import IdentifierType

_PACKAGE = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


@cleaner(IdentifierType.APP)
def clean_app(raw: str, _country: str | None, _bank: str | None) -> tuple[str, str | None]:
    text = fold(raw)
    play = re.search(r"[?&]id=([A-Za-z0-9_.]+)", text)
    value = (play.group(1) if play else text).lower()
    if _SHA256.match(value) or _PACKAGE.match(value):
        return value, None
    raise ValueError("an app is an Android package name (com.example.app) or an APK SHA-256")


@cleaner(IdentifierType.IP)
def clean_ip(raw: str, _country: str | None, _bank: str | None) -> tuple[str, str | None]:
    text = fold(raw).replace("[.]", ".").strip("[]")
    try:
        return ipaddress.ip_address(text).compressed, None
    except ValueError:
        raise ValueError("not an IPv4 or IPv6 address") from None
