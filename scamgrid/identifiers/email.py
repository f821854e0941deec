"""Email addresses: domain in lower-case ASCII (IDNA), local part kept as written (RFC 5321
lets a server treat it case-sensitively). Defanged `[@]`, `(at)`, `[.]` are restored."""

from __future__ import annotations

import re

from scamgrid.identifiers.base import Kind
from scamgrid.identifiers.domain import defang, host_name
from scamgrid.identifiers.text import refang
from scamgrid.model.vocabulary import IdentifierType

_LOCAL = re.compile(r"^[\w!#$%&'*+/=?^`{|}~-]+(?:\.[\w!#$%&'*+/=?^`{|}~-]+)*$")


class Email(Kind):
    type = IdentifierType.EMAIL

    def canonical(self, raw: str, country: str | None, bank: str | None) -> tuple[str, str | None]:
        text = refang(raw)
        if text[:7].lower() == "mailto:":
            text = text[7:]
        local, at, domain = text.rpartition("@")
        if not at or not local:
            raise ValueError("an email address has a local part, @ and a domain")
        if len(local) > 64 or not _LOCAL.match(local):
            raise ValueError(f"{local!r} is not a valid local part")
        return f"{local}@{host_name(domain)}", None

    def display(self, value: str) -> str:
        return defang(value).replace("@", "[@]")


KIND = Email()
