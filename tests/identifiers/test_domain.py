from __future__ import annotations

import socket

import pytest

from scamgrid.errors import InvalidIdentifier
from scamgrid.identifiers import clean
from scamgrid.identifiers.domain import suffix_list


@pytest.mark.parametrize(
    ("written", "registrable"),
    [
        ("login.secure-verify.co.th", "secure-verify.co.th"),
        ("WWW.Example[.]COM", "example.com"),
        ("hxxps://a.b.gov-check[.]vip/case", "gov-check.vip"),
        ("bad-site.top:8080", "bad-site.top"),
        ("例え.jp", "xn--r8jz45g.jp"),
        ("shop.com.kh", "shop.com.kh"),
        ("x.y.com.mm", "y.com.mm"),
    ],
)
def test_domains_are_registrable_domains_from_the_shipped_suffix_list(
    written: str, registrable: str
) -> None:
    assert clean("domain", written).value == registrable


def test_sites_on_hosting_platforms_are_not_merged_into_the_platform() -> None:
    assert clean("domain", "evil.github.io").value == "evil.github.io"
    assert clean("domain", "https://x.pages.dev/abc").value == "x.pages.dev"


@pytest.mark.parametrize("bad", ["localhost", "co.th", "1.2.3.4", "-bad-.com", "a..b.com"])
def test_hosts_without_a_registrable_domain_are_rejected(bad: str) -> None:
    with pytest.raises(InvalidIdentifier):
        clean("domain", bad)


def test_the_suffix_list_is_read_without_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("the public suffix list must not be fetched")

    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket, "getaddrinfo", no_network)
    monkeypatch.setattr(socket.socket, "connect", no_network)
    fresh = suffix_list.__wrapped__()  # a new extractor, not the cached one
    parts = fresh("login.secure-verify.co.th")
    assert (parts.domain, parts.suffix) == ("secure-verify", "co.th")
