from __future__ import annotations

import pytest

from scamgrid.errors import InvalidIdentifier
from scamgrid.identifiers import KINDS, Identifier, clean, display
from scamgrid.identifiers.registry import _clean
from scamgrid.model.vocabulary import IdentifierType


def test_every_identifier_type_has_its_module() -> None:
    assert set(KINDS) == set(IdentifierType)
    assert all(kind.type is t for t, kind in KINDS.items())


def test_types_are_named_by_value_enum_or_any_case() -> None:
    expected = clean(IdentifierType.PHONE, "+66812345678")
    assert clean("phone", "+66812345678") == expected == clean(" PHONE ", "+66812345678")


def test_an_unknown_type_is_an_invalid_identifier_naming_the_choices() -> None:
    with pytest.raises(InvalidIdentifier, match="unknown identifier type") as error:
        clean("fax", "+66812345678")
    assert "crypto_wallet" in error.value.reason


@pytest.mark.parametrize("raw", ["", "   ", "a\x00b", "x" * 3000])
def test_empty_nul_and_huge_values_are_rejected_for_every_type(raw: str) -> None:
    for kind in IdentifierType:
        with pytest.raises(InvalidIdentifier):
            clean(kind, raw, country="TH", bank="KBANK")


def test_repeated_values_come_from_the_cache_as_the_same_object() -> None:
    _clean.cache_clear()
    first = clean("phone", "081 234 5678", country="th")
    assert clean("phone", "081 234 5678", country="TH") is first
    assert _clean.cache_info().hits == 1


def test_identifiers_are_frozen_values() -> None:
    identifier = clean("telegram", "@kefu_88")
    assert identifier == Identifier(IdentifierType.TELEGRAM, "kefu_88", "@kefu_88")
    with pytest.raises(AttributeError):
        identifier.value = "x"  # type: ignore[misc]


def test_validate_gives_the_reason_or_none() -> None:
    kind = KINDS[IdentifierType.IMEI]
    assert kind.validate("490154203237518") is None
    assert kind.validate("490154203237519") == "Luhn check digit does not match"


def test_display_is_per_type() -> None:
    assert display(clean("telegram", "t.me/kefu_88")) == "@kefu_88"
    assert display(clean("domain", "bad.top")) == "bad[.]top"
