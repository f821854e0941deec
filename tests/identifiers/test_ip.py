from __future__ import annotations

import pytest

from scamgrid.errors import InvalidIdentifier
from scamgrid.identifiers import clean


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("2001:0DB8:0000::0001", "2001:db8::1"),
        ("8[.]8[.]8[.]8", "8.8.8.8"),
        ("1.2.3.4:8080", "1.2.3.4"),
        ("[2001:db8::1]:443", "2001:db8::1"),
        ("::ffff:1.2.3.4", "1.2.3.4"),
        ("１９２.１６８.０.１", "192.168.0.1"),
    ],
)
def test_addresses_are_compressed(written: str, canonical: str) -> None:
    assert clean("ip", written).value == canonical


@pytest.mark.parametrize("bad", ["256.1.1.1", "01.2.3.4", "1.2.3", "example.com"])
def test_what_is_not_an_address_is_rejected(bad: str) -> None:
    with pytest.raises(InvalidIdentifier, match="not an IPv4 or IPv6 address"):
        clean("ip", bad)
