"""Domains: the registrable domain (`login.secure-verify.co.th` -> `secure-verify.co.th`).

The public suffix list is the snapshot tldextract ships with the package; it is never fetched
(no network, no cache directory at run time). Private suffixes count (`evil.github.io`,
`x.pages.dev`): scam sites live under such hosting platforms, and cutting them to `github.io`
would link every site on the platform together.
"""

from __future__ import annotations

import re
from functools import cache
from urllib.parse import urlsplit

import tldextract

from scamgrid.identifiers.base import Kind
from scamgrid.identifiers.text import refang
from scamgrid.model.vocabulary import IdentifierType

_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://")


@cache
def suffix_list() -> tldextract.TLDExtract:
    """The offline public suffix list: `suffix_list_urls=()` and no cache directory."""
    return tldextract.TLDExtract(
        suffix_list_urls=(), cache_dir=None, include_psl_private_domains=True
    )


def host_name(text: str) -> str:
    """A host name in lower-case ASCII (IDNA), validated label by label."""
    host = text.strip().rstrip(".").lower()
    if not host.isascii():
        try:
            host = host.encode("idna").decode("ascii")
        except UnicodeError:
            raise ValueError(f"{text!r} is not a valid host name") from None
    labels = host.split(".")
    if len(labels) < 2 or len(host) > 253 or not all(_LABEL.match(label) for label in labels):
        raise ValueError(f"{text!r} is not a valid host name")
    return host


def registrable(host: str) -> str:
    """The registrable domain of a host name; ValueError if it is a bare public suffix."""
    parts = suffix_list()(host)
    if not parts.suffix or not parts.domain:
        raise ValueError(f"{host!r} has no registrable domain under the public suffix list")
    return f"{parts.domain}.{parts.suffix}"


def defang(value: str) -> str:
    """`secure-verify[.]top`: safe to paste into a report or a chat."""
    return value.replace("http", "hxxp", 1).replace(".", "[.]")


class Domain(Kind):
    type = IdentifierType.DOMAIN

    def canonical(self, raw: str, country: str | None, bank: str | None) -> tuple[str, str | None]:
        text = refang(raw)
        if _SCHEME.match(text) or "/" in text or "@" in text:
            url = text if _SCHEME.match(text) else "http://" + text
            try:
                text = urlsplit(url).hostname or ""
            except ValueError as error:
                raise ValueError(f"not a host name: {error}") from None
        text = text.rsplit(":", 1)[0] if text.count(":") == 1 else text
        return registrable(host_name(text)), None

    def display(self, value: str) -> str:
        return defang(value)


KIND = Domain()
