"""IP addresses: compressed IPv4/IPv6 (`2001:db8::1`); IPv4-mapped IPv6 becomes the IPv4, a
port is dropped, defanged dots are restored."""

from __future__ import annotations

import ipaddress
import re

from scamgrid.identifiers.base import Kind
from scamgrid.identifiers.text import fold
from scamgrid.model.vocabulary import IdentifierType

_V4_PORT = re.compile(r"^([0-9.]+):[0-9]{1,5}$")
_V6_PORT = re.compile(r"^\[([0-9a-fA-F:.]+)\](?::[0-9]{1,5})?$")


class Ip(Kind):
    type = IdentifierType.IP

    def canonical(self, raw: str, country: str | None, bank: str | None) -> tuple[str, str | None]:
        text = re.sub(r"\[\.\]|\(\.\)|\[dot\]", ".", fold(raw))
        port = _V4_PORT.match(text) or _V6_PORT.match(text)
        if port:
            text = port.group(1)
        try:
            address = ipaddress.ip_address(text)
        except ValueError:
            raise ValueError("not an IPv4 or IPv6 address") from None
        if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
            address = address.ipv4_mapped
        return address.compressed, None

    def display(self, value: str) -> str:
        return value.replace(".", "[.]") if "." in value else value


KIND = Ip()
