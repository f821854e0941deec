from __future__ import annotations

import phonenumbers
import pytest

from scamgrid.errors import InvalidIdentifier
from scamgrid.identifiers import KINDS, clean
from scamgrid.model.vocabulary import IdentifierType


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
        ("CN", "010 6552 9988", "+861065529988"),
        ("TH", "02 123 4567", "+6621234567"),
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
    [
        "๐๘๑-๒๓๔-๕๖๗๘",  # Thai digits
        "０８１２３４５６７８",  # full-width digits
        "081\u200b234\u200b5678",  # zero-width spaces slipped in to dodge filters
        "+66 81 234 5678",
        "+66 (0) 81 234 5678",
        "0066812345678",
        "66812345678",
        "tel:+66812345678",
    ],
)
def test_thai_number_written_many_ways_is_one_number(written: str) -> None:
    assert clean("phone", written, country="TH").value == "+66812345678"


def test_burmese_digits_and_the_letter_wa_written_for_zero_are_read() -> None:
    assert clean("phone", "၀၉၇၉၇၁၂၃၄၅၆", country="MM").value == "+959797123456"
    assert clean("phone", "ဝ၉၇၉၇၁၂၃၄၅၆", country="MM").value == "+959797123456"


def test_lao_and_khmer_digits_are_read() -> None:
    assert clean("phone", "໐໒໐ ໕໕໕໑ ໒໓໔໕", country="LA").value == "+8562055512345"
    assert clean("phone", "០១២ ៣៤៥ ៦៧៨", country="KH").value == "+85512345678"


def test_an_international_number_needs_no_country() -> None:
    identifier = clean("phone", "+95 9 797 123456")
    assert (identifier.value, identifier.country) == ("+959797123456", "MM")


@pytest.mark.parametrize("bad", ["12", "081 234", "not a number", "+66 00 000 0000"])
def test_invalid_numbers_are_rejected_with_a_reason(bad: str) -> None:
    with pytest.raises(InvalidIdentifier) as error:
        clean("phone", bad, country="TH")
    assert error.value.reason and error.value.kind == "phone"


def test_a_local_number_without_country_says_so() -> None:
    with pytest.raises(InvalidIdentifier, match="needs a country"):
        clean("phone", "081 234 5678")


def test_phone_display_groups_digits_and_names_the_country() -> None:
    kind = KINDS[IdentifierType.PHONE]
    assert kind.display("+66812345678") == "+66 81 234 5678"
    assert kind.country_hint("+8613812345678") == "CN"
    assert kind.validate("081 234", country="TH") == "not a possible number (wrong length)"
