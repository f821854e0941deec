from __future__ import annotations

import pytest

from scamgrid.errors import InvalidIdentifier
from scamgrid.identifiers import clean


def test_bank_accounts_lose_their_separators() -> None:
    identifier = clean("bank_account", "123-4-56789-0", country="TH", bank="kbank")
    assert (identifier.value, identifier.country) == ("TH:KBANK:1234567890", "TH")


def test_a_canonical_account_is_accepted_as_written() -> None:
    assert clean("bank_account", "TH:KBANK:1234567890").value == "TH:KBANK:1234567890"
    assert clean("bank_account", "th:kbank:123-4-56789-0").value == "TH:KBANK:1234567890"


@pytest.mark.parametrize("bank", ["KBANK", "Kasikorn", "kasikorn bank", "กสิกรไทย", "KASITHBK"])
def test_names_and_bic_of_one_bank_give_one_account(bank: str) -> None:
    value = clean("bank_account", "1234567890", country="TH", bank=bank).value
    assert value == "TH:KBANK:1234567890"


def test_a_bic_places_the_account_without_a_country() -> None:
    assert clean("bank_account", "6222 0212 3456 7890", bank="ICBKCNBJXXX").value == (
        "CN:ICBC:6222021234567890"
    )
    assert clean("bank_account", "6222021234567890", country="CN", bank="工商银行").value == (
        "CN:ICBC:6222021234567890"
    )


def test_unknown_bank_codes_are_kept_in_upper_case() -> None:
    assert clean("bank_account", "12345678", country="MM", bank="mab").value == "MM:MAB:12345678"


def test_thai_digits_in_an_account_number_are_read() -> None:
    assert clean("bank_account", "๑๒๓-๔-๕๖๗๘๙-๐", country="TH", bank="SCB").value == (
        "TH:SCB:1234567890"
    )


@pytest.mark.parametrize(
    ("raw", "country", "bank", "reason"),
    [
        ("1234567890", None, None, "bank code"),
        ("1234567890", None, "KBANK", "country"),
        ("1234567890", "XX", "KBANK", "unknown country"),
        ("12AB567890", "TH", "KBANK", "only digits"),
        ("123", "TH", "KBANK", "4 to 34 digits"),
        ("1234567890", "TH", "K BANK!", "short code"),
    ],
)
def test_incomplete_or_malformed_accounts_are_rejected_with_the_reason(
    raw: str, country: str | None, bank: str | None, reason: str
) -> None:
    with pytest.raises(InvalidIdentifier, match=reason):
        clean("bank_account", raw, country=country, bank=bank)
