"""URLs, domains and email addresses. Registrable domains come from the public suffix list
that tldextract ships (its snapshot, never fetched: no network at run time)."""

from __future__ import annotations

import re
from functools import cache
from urllib.parse import urlsplit, urlunsplit

import tldextract

from scamgrid.identifiers.base import cleaner
from scamgrid.identifiers.text import refang
from scamgrid.model.vocabulary import IdentifierType

_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://")
_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")


@cache
def _extractor() -> tldextract.TLDExtract:
    # suffix_list_urls=() : only the snapshot bundled with the package, never the network.
    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


def host_name(text: str) -> str:
    """A host name in lower-case ASCII (IDNA), validated label by label."""
    host = text.strip().rstrip(".").lower()
    try:
        host = host.encode("idna").decode("ascii")
    except UnicodeError:
        raise ValueError(f"{text!r} is not a valid host name") from None
    labels = host.split(".")
    if len(labels) < 2 or not all(_LABEL.match(label) for label in labels):
        raise ValueError(f"{text!r} is not a valid host name")
    return host


def registrable(host: str) -> str:
    parts = _extractor()(host)
    if not parts.suffix or not parts.domain:
        raise ValueError(f"{host!r} has no registrable domain under the public suffix list")
    return f"{parts.domain}.{parts.suffix}"


@cleaner(IdentifierType.URL)
def clean_url(raw: str, _country: str | None, _bank: str | None) -> tuple[str, str | None]:
    text = refang(raw)
    if not _SCHEME.match(text):
        text = "http://" + text
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError as error:
        raise ValueError(f"not a URL: {error}") from None
    if parts.scheme.lower() not in {"http", "https", "ftp"}:
        raise ValueError(f"unsupported scheme {parts.scheme!r}")
    if not parts.hostname:
        raise ValueError("a URL needs a host")
    host = parts.hostname
    if not re.fullmatch(r"[0-9.]+|\[?[0-9a-fA-F:]+\]?", host):
        host = host_name(host)
        registrable(host)
    netloc = host if port is None else f"{host}:{port}"
    path = parts.path or "/"
    return urlunsplit((parts.scheme.lower(), netloc, path, parts.query, "")), None


@cleaner(IdentifierType.DOMAIN)
def clean_domain(raw: str, _country: str | None, _bank: str | None) -> tuple[str, str | None]:
    text = refang(raw)
    if _SCHEME.match(text) or "/" in text:
        text = urlsplit(text if _SCHEME.match(text) else "http://" + text).hostname or ""
    return registrable(host_name(text.split(":")[0])), None


@cleaner(IdentifierType.EMAIL)
def clean_email(raw: str, _country: str | None, _bank: str | None) -> tuple[str, str | None]:
    text = refang(raw).removeprefix("mailto:")
    local, at, domain = text.rpartition("@")
    if not at or not local or len(local) > 64 or re.search(r"\s", local):
        raise ValueError("not an email address")
    return f"{local}@{host_name(domain)}", None
