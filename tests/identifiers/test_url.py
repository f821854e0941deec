from __future__ import annotations

import pytest

from scamgrid.errors import InvalidIdentifier
from scamgrid.identifiers import KINDS, clean, derived
from scamgrid.model.vocabulary import IdentifierType


@pytest.mark.parametrize(
    "written",
    [
        "hxxps://Secure-Verify[.]top/login#x",
        "https://secure-verify.top/login",
        "hXXps://secure-verify(.)top/login",
        "https[:]//secure-verify[dot]top/login",
        "https://secure-verify(dot)top:443/login",
        "HTTPS://SECURE-VERIFY.TOP/login",
    ],
)
def test_defanged_urls_are_restored(written: str) -> None:
    assert clean("url", written).value == "https://secure-verify.top/login"


def test_a_missing_scheme_is_added_and_an_empty_path_is_slash() -> None:
    assert clean("url", "secure-verify[.]top").value == "http://secure-verify.top/"
    assert clean("url", "bit.ly/3xYz").value == "http://bit.ly/3xYz"


def test_query_and_path_case_are_kept_but_the_fragment_is_dropped() -> None:
    assert clean("url", "https://x.top/Pay?Ref=AB12#top").value == "https://x.top/Pay?Ref=AB12"


def test_international_hosts_become_idna_and_paths_percent_encoded() -> None:
    value = clean("url", "https://例え.jp/パス").value
    assert value == "https://xn--r8jz45g.jp/%E3%83%91%E3%82%B9"
    assert clean("url", "https://xn--r8jz45g.jp/%e3%83%91%e3%82%b9").value == value


def test_ip_hosts_and_other_ports_are_kept() -> None:
    assert clean("url", "http://[2001:0db8::1]:8080/x").value == "http://[2001:db8::1]:8080/x"
    assert clean("url", "http://1.2.3.4/login").value == "http://1.2.3.4/login"


@pytest.mark.parametrize(
    ("bad", "reason"),
    [
        ("javascript:alert(1)", "unsupported scheme"),
        ("https://", "needs a host"),
        ("https://localhost/x", "not a valid host name"),
        ("https://co.th/x", "no registrable domain"),
        ("https://bad top/x", "no spaces"),
    ],
)
def test_what_is_not_a_web_link_is_rejected(bad: str, reason: str) -> None:
    with pytest.raises(InvalidIdentifier, match=reason):
        clean("url", bad)


def test_a_url_implies_its_registrable_domain() -> None:
    (domain,) = derived(clean("url", "https://login.secure-verify.co.th/x"))
    assert (domain.type, domain.value) == (IdentifierType.DOMAIN, "secure-verify.co.th")


def test_url_display_is_defanged() -> None:
    display = KINDS[IdentifierType.URL].display("https://secure-verify.top/login")
    assert display == "hxxps://secure-verify[.]top/login"
