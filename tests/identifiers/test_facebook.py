from __future__ import annotations

import pytest

from scamgrid.errors import InvalidIdentifier
from scamgrid.identifiers import clean


@pytest.mark.parametrize(
    "written",
    ["facebook.com/John.Doe.123/", "https://m.facebook.com/john.doe.123?ref=x", "fb:John.Doe.123"],
)
def test_usernames_lose_the_link(written: str) -> None:
    assert clean("facebook", written).value == "john.doe.123"


@pytest.mark.parametrize(
    "written",
    [
        "https://www.facebook.com/profile.php?id=100012345678",
        "https://web.facebook.com/people/John-Doe/100012345678/",
        "100012345678",
    ],
)
def test_numeric_profiles_are_their_id(written: str) -> None:
    assert clean("facebook", written).value == "100012345678"


@pytest.mark.parametrize("bad", ["abc", "john doe", "facebook.com/"])
def test_malformed_profiles_are_rejected(bad: str) -> None:
    with pytest.raises(InvalidIdentifier, match="facebook handle"):
        clean("facebook", bad)
