from __future__ import annotations

import pytest

from scamgrid.errors import InvalidIdentifier
from scamgrid.identifiers import KINDS, clean
from scamgrid.model.vocabulary import IdentifierType


@pytest.mark.parametrize(
    ("imsi", "country"),
    [
        ("460001234567890", "CN"),
        ("414011234567890", "MM"),
        ("520031234567890", "TH"),
        ("457011234567890", "LA"),
        ("456061234567890", "KH"),
        ("452041234567890", "VN"),
    ],
)
def test_imsi_of_the_region_is_placed_by_its_mobile_country_code(imsi: str, country: str) -> None:
    identifier = clean("imsi", imsi)
    assert (identifier.value, identifier.country) == (imsi, country)


def test_imsi_with_an_unknown_country_code_is_rejected() -> None:
    with pytest.raises(InvalidIdentifier, match="mobile country code 999"):
        clean("imsi", "999011234567890")


def test_imsi_needs_fifteen_digits() -> None:
    with pytest.raises(InvalidIdentifier, match="15 digits"):
        clean("imsi", "52003123456")


def test_imsi_display_splits_country_network_and_subscriber() -> None:
    assert KINDS[IdentifierType.IMSI].display("520031234567890") == "520-03-1234567890"
    assert KINDS[IdentifierType.IMSI].display("310150123456789") == "310-150-123456789"
