"""URLs: defanged forms restored (`hxxps://bad[.]top`), a scheme added where missing, the host
in lower-case ASCII (IDNA), default ports and the fragment dropped; path and query kept."""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import quote, urlsplit, urlunsplit

from scamgrid.identifiers.base import Kind
from scamgrid.identifiers.domain import defang, host_name, registrable
from scamgrid.identifiers.text import refang
from scamgrid.model.vocabulary import IdentifierType

_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://")
_OTHER_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):(?![0-9])")
_DEFAULT_PORTS = {"http": 80, "https": 443, "ftp": 21}
_UNSAFE = re.compile(r"[^\x21-\x7e]+")
_ESCAPE = re.compile(r"%[0-9a-f]{2}", re.I)


def _escaped(part: str) -> str:
    """Non-ASCII characters percent-encoded (UTF-8) and escapes in upper case, so the written
    and the copied form of a link agree; nothing already encoded is decoded."""
    part = _UNSAFE.sub(lambda m: quote(m.group(0), safe=""), part)
    return _ESCAPE.sub(lambda m: m.group(0).upper(), part) if "%" in part else part


def _host(host: str) -> str:
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        host = host_name(host)
        registrable(host)
        return host
    return f"[{address.compressed}]" if address.version == 6 else address.compressed


class Url(Kind):
    type = IdentifierType.URL

    def canonical(self, raw: str, country: str | None, bank: str | None) -> tuple[str, str | None]:
        text = refang(raw)
        if re.search(r"\s", text):
            raise ValueError("a URL has no spaces")
        if not _SCHEME.match(text):
            other = _OTHER_SCHEME.match(text)
            if other:
                raise ValueError(f"unsupported scheme {other.group(1)!r} (http, https or ftp)")
            text = "http://" + text.removeprefix("//")
        try:
            parts = urlsplit(text)
            port = parts.port
            host = parts.hostname
        except ValueError as error:
            raise ValueError(f"not a URL: {error}") from None
        scheme = parts.scheme.lower()
        if scheme not in _DEFAULT_PORTS:
            raise ValueError(f"unsupported scheme {parts.scheme!r} (http, https or ftp)")
        if not host:
            raise ValueError("a URL needs a host")
        netloc = _host(host)
        if port is not None and port != _DEFAULT_PORTS[scheme]:
            netloc = f"{netloc}:{port}"
        path, query = _escaped(parts.path or "/"), _escaped(parts.query)
        return urlunsplit((scheme, netloc, path, query, "")), None

    def display(self, value: str) -> str:
        return defang(value)


KIND = Url()
