from __future__ import annotations

import pytest

from scamgrid.errors import InvalidIdentifier
from scamgrid.identifiers import clean

IMEI = "490154203237518"


def test_valid_imei_passes_and_altered_fails() -> None:
    assert clean("imei", "49-015420-323751-8").value == IMEI
    with pytest.raises(InvalidIdentifier, match="Luhn"):
        clean("imei", "490154203237519")


def test_imeisv_is_stripped_to_the_imei() -> None:
    assert clean("imei", "4901542032375101").value == IMEI


def test_imsi_needs_a_known_country_code() -> None:
    assert clean("imsi", "520031234567890").country == "TH"
    with pytest.raises(InvalidIdentifier, match="country code"):
        clean("imsi", "999011234567890")
