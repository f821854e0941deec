"""Property-based: canonical values clean to themselves, and nothing else but a reasoned
rejection ever comes out of arbitrary input."""

from __future__ import annotations

import contextlib

import phonenumbers
from hypothesis import given, settings
from hypothesis import strategies as st

from scamgrid.errors import InvalidIdentifier
from scamgrid.identifiers import clean, extract, guess
from scamgrid.model.vocabulary import IdentifierType

REGIONS = ["TH", "CN", "MM", "LA", "KH", "VN"]


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(REGIONS), st.integers(min_value=0, max_value=10**9))
def test_canonical_phone_numbers_are_fixed_points(region: str, seed: int) -> None:
    example = phonenumbers.example_number_for_type(region, phonenumbers.PhoneNumberType.MOBILE)
    assert example is not None
    national = str(example.national_number)
    digits = str(seed).zfill(len(national))[-(len(national) - 3) :]
    candidate = f"+{example.country_code}{national[:3]}{digits}"
    try:
        first = clean("phone", candidate)
    except InvalidIdentifier:
        return
    assert clean("phone", first.value).value == first.value
    assert clean("phone", first.raw, country=region).value == first.value


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(list(IdentifierType)), st.text(max_size=80))
def test_clean_only_ever_rejects_with_a_reason(kind: IdentifierType, text: str) -> None:
    try:
        identifier = clean(kind, text, country="TH", bank="KBANK")
    except InvalidIdentifier as bad:
        assert bad.reason
        return
    assert clean(kind, identifier.value, country="TH", bank="KBANK").value == identifier.value


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_guess_and_extract_never_crash(text: str) -> None:
    with contextlib.suppress(InvalidIdentifier):
        guess(text, country="TH")
    for identifier in extract(text, country="TH"):
        assert clean(identifier.type, identifier.value, country="TH").value == identifier.value
