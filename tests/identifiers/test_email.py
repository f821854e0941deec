from __future__ import annotations

import pytest

from scamgrid.errors import InvalidIdentifier
from scamgrid.identifiers import KINDS, clean
from scamgrid.model.vocabulary import IdentifierType


@pytest.mark.parametrize(
    "written",
    [
        "Agent.X@Mail.COM",
        "Agent.X[at]Mail[.]COM",
        "Agent.X(at)mail(dot)com",
        "mailto:Agent.X@mail.com",
    ],
)
def test_the_domain_is_lower_cased_and_defanging_undone(written: str) -> None:
    assert clean("email", written).value == "Agent.X@mail.com"


def test_international_domains_become_idna() -> None:
    assert clean("email", "kefu@例え.jp").value == "kefu@xn--r8jz45g.jp"


@pytest.mark.parametrize("bad", ["agent x@mail.com", "a@b", "x..y@mail.com", "@mail.com", "no-at"])
def test_malformed_addresses_are_rejected(bad: str) -> None:
    with pytest.raises(InvalidIdentifier):
        clean("email", bad)


def test_email_display_is_defanged() -> None:
    assert KINDS[IdentifierType.EMAIL].display("kefu@bad.top") == "kefu[@]bad[.]top"
