from __future__ import annotations

import pytest

from scamgrid.errors import InvalidIdentifier
from scamgrid.identifiers import clean, guess


@pytest.mark.parametrize(
    "written",
    [
        "hxxps://Secure-Verify[.]top/login#x",
        "https://secure-verify.top/login",
        "secure-verify(dot)top/login",
        "https[:]//secure-verify[.]top/login",
    ],
)
def test_defanged_urls_are_restored(written: str) -> None:
    expected = "http" if written.startswith("secure") else "https"
    assert clean("url", written).value == f"{expected}://secure-verify.top/login"


def test_domains_are_registrable_domains_from_the_shipped_suffix_list() -> None:
    assert clean("domain", "login.secure-verify.co.th").value == "secure-verify.co.th"
    assert clean("domain", "WWW.Example[.]COM").value == "example.com"
    with pytest.raises(InvalidIdentifier):
        clean("domain", "localhost")


def test_handles_lose_links_and_at_signs() -> None:
    assert clean("telegram", "https://t.me/Some_Handle").value == "some_handle"
    assert clean("telegram", "@Some_Handle").value == "some_handle"
    assert clean("line", "line.me/ti/p/~lucky.th").value == "lucky.th"


def test_email_and_ip() -> None:
    assert clean("email", "Agent.X[at]Mail[.]COM").value == "Agent.X@mail.com"
    assert clean("ip", "2001:0db8:0000::0001").value == "2001:db8::1"


def test_guess_recognises_surface_forms() -> None:
    assert guess("0812345678", country="TH").type.value == "phone"
    assert guess("t.me/kefu_88").type.value == "telegram"
    assert guess("TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t").type.value == "crypto_wallet"
    assert guess("hxxps://bad[.]top/x").type.value == "url"
    assert guess("bad-site.top").type.value == "domain"
    with pytest.raises(InvalidIdentifier):
        guess("hello world")
