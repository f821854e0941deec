from __future__ import annotations

import phonenumbers
import pytest

from scamgrid.errors import InvalidIdentifier
from scamgrid.identifiers import clean


def libphonenumber(number: str, region: str) -> str:
    parsed = phonenumbers.parse(number, region)
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def test_thai_local_number_becomes_e164() -> None:
    assert clean("phone", "081 234 5678", country="TH").value == "+66812345678"


@pytest.mark.parametrize(
    ("country", "local", "expected"),
    [
        ("MM", "09 797 123456", "+959797123456"),
        ("LA", "020 5551 2345", "+8562055512345"),
        ("KH", "012 345 678", "+85512345678"),
        ("VN", "091 234 5678", "+84912345678"),
        ("CN", "138 1234 5678", "+8613812345678"),
    ],
)
def test_regional_local_numbers_come_out_as_libphonenumber_says(
    country: str, local: str, expected: str
) -> None:
    identifier = clean("phone", local, country=country)
    assert identifier.value == expected == libphonenumber(local, country)
    assert identifier.country == country and identifier.raw == local


@pytest.mark.parametrize(
    "written",
    ["๐๘๑-๒๓๔-๕๖๗๘", "０８１２３４５６７８", "+66 81 234 5678", "0066812345678", "66812345678"],
)
def test_thai_fullwidth_and_international_forms_agree(written: str) -> None:
    assert clean("phone", written, country="TH").value == "+66812345678"


def test_burmese_digits_are_read() -> None:
    assert clean("phone", "၀၉၇၉၇၁၂၃၄၅၆", country="MM").value == "+959797123456"


@pytest.mark.parametrize("bad", ["12", "081 234", "not a number", "+66 00 000 0000"])
def test_invalid_numbers_are_rejected_with_a_reason(bad: str) -> None:
    with pytest.raises(InvalidIdentifier) as error:
        clean("phone", bad, country="TH")
    assert error.value.reason


def test_a_local_number_without_country_says_so() -> None:
    with pytest.raises(InvalidIdentifier, match="country"):
        clean("phone", "081 234 5678")


def test_whatsapp_links_are_phone_numbers() -> None:
    assert clean("whatsapp", "https://wa.me/66812345678").value == "+66812345678"
