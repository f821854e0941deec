from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scamgrid.errors import InvalidIdentifier
from scamgrid.identifiers import KINDS, clean
from scamgrid.model.vocabulary import IdentifierType

IBAN = "GB82WEST12345698765432"  # ECBS example


def test_valid_iban_passes_in_compact_upper_case() -> None:
    identifier = clean("iban", "gb82 west 1234 5698 7654 32")
    assert (identifier.value, identifier.country) == (IBAN, "GB")
    assert clean("iban", "IBAN: DE89-3704-0044-0532-0130-00").value == "DE89370400440532013000"


def test_altered_iban_fails_its_checksum() -> None:
    with pytest.raises(InvalidIdentifier, match="checksum"):
        clean("iban", "GB82 WEST 1234 5698 7654 33")


@settings(max_examples=60, deadline=None)
@given(st.integers(4, len(IBAN) - 1), st.integers(1, 9))
def test_any_single_changed_digit_is_caught(at: int, shift: int) -> None:
    if not IBAN[at].isdigit():
        return
    changed = IBAN[:at] + str((int(IBAN[at]) + shift) % 10) + IBAN[at + 1 :]
    with pytest.raises(InvalidIdentifier):
        clean("iban", changed)


def test_iban_of_a_country_without_ibans_is_rejected() -> None:
    with pytest.raises(InvalidIdentifier):
        clean("iban", "TH12 3456 7890 1234 5678")


def test_iban_display_groups_by_four() -> None:
    assert KINDS[IdentifierType.IBAN].display(IBAN) == "GB82 WEST 1234 5698 7654 32"
