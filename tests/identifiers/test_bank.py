from __future__ import annotations

import pytest

from scamgrid.errors import InvalidIdentifier
from scamgrid.identifiers import clean


def test_bank_accounts_lose_their_separators() -> None:
    value = clean("bank_account", "123-4-56789-0", country="TH", bank="kbank").value
    assert value == "TH:KBANK:1234567890"
    assert clean("bank_account", value).value == value


def test_a_bank_account_needs_country_and_bank() -> None:
    with pytest.raises(InvalidIdentifier, match="bank code"):
        clean("bank_account", "1234567890")


def test_valid_iban_passes_and_altered_fails() -> None:
    assert clean("iban", "gb82 west 1234 5698 7654 32").value == "GB82WEST12345698765432"
    with pytest.raises(InvalidIdentifier):
        clean("iban", "GB82 WEST 1234 5698 7654 33")
