from __future__ import annotations

import pytest

from scamgrid.errors import InvalidIdentifier
from scamgrid.identifiers import clean, derived
from scamgrid.model.vocabulary import IdentifierType


@pytest.mark.parametrize(
    "written",
    [
        "wa.me/66812345678",
        "https://wa.me/66812345678?text=hello",
        "https://api.whatsapp.com/send?phone=66812345678&text=hi",
        "whatsapp:+66812345678",
        "081-234-5678",
    ],
)
def test_whatsapp_links_and_numbers_are_the_phone_number(written: str) -> None:
    identifier = clean("whatsapp", written, country="TH")
    assert (identifier.value, identifier.country) == ("+66812345678", "TH")


def test_a_whatsapp_account_implies_its_phone_number() -> None:
    (phone,) = derived(clean("whatsapp", "wa.me/66812345678"))
    assert (phone.type, phone.value) == (IdentifierType.PHONE, "+66812345678")


def test_a_whatsapp_link_with_a_short_number_is_rejected() -> None:
    with pytest.raises(InvalidIdentifier):
        clean("whatsapp", "wa.me/6681")
