from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scamgrid.errors import InvalidIdentifier
from scamgrid.identifiers import KINDS, clean
from scamgrid.identifiers.imei import luhn_digit
from scamgrid.model.vocabulary import IdentifierType

IMEI = "490154203237518"  # the GSMA's documented example


def test_valid_imei_passes_whatever_the_separators() -> None:
    assert clean("imei", "49-015420-323751-8").value == IMEI
    assert clean("imei", "IMEI: 490154 20 323751 8").value == IMEI


def test_altered_imei_fails_its_luhn_check() -> None:
    with pytest.raises(InvalidIdentifier, match="Luhn"):
        clean("imei", "490154203237519")


def test_imeisv_is_stripped_to_the_imei_with_a_computed_check_digit() -> None:
    assert clean("imei", "4901542032375101").value == IMEI


def test_a_bare_fourteen_digit_body_gets_its_check_digit() -> None:
    assert clean("imei", "49015420323751").value == IMEI


@pytest.mark.parametrize("bad", ["12345", "49015420323751812", "49015420323751A"])
def test_wrong_length_or_letters_are_rejected(bad: str) -> None:
    with pytest.raises(InvalidIdentifier):
        clean("imei", bad)


@settings(max_examples=100, deadline=None)
@given(st.text("0123456789", min_size=14, max_size=14), st.integers(0, 14), st.integers(1, 9))
def test_any_single_changed_digit_is_caught(body: str, at: int, shift: int) -> None:
    imei = body + str(luhn_digit(body))
    assert clean("imei", imei).value == imei
    changed = imei[:at] + str((int(imei[at]) + shift) % 10) + imei[at + 1 :]
    with pytest.raises(InvalidIdentifier):
        clean("imei", changed)


def test_imei_display_shows_the_type_allocation_code() -> None:
    assert KINDS[IdentifierType.IMEI].display(IMEI) == "49015420-323751-8"
