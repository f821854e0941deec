from __future__ import annotations

import pytest

from scamgrid.errors import InvalidIdentifier
from scamgrid.identifiers import clean


@pytest.mark.parametrize(
    "written",
    [
        "lucky.th",
        "@Lucky.TH",
        "line.me/ti/p/~lucky.th",
        "https://line.me/R/ti/p/~lucky.th",
        "LINE ID: lucky.th",
        "ไลน์: lucky.th",
    ],
)
def test_line_ids_lose_links_tildes_and_at_signs(written: str) -> None:
    assert clean("line", written).value == "lucky.th"


def test_official_account_links_with_an_encoded_at_sign() -> None:
    assert clean("line", "https://line.me/R/ti/p/%40abc1234").value == "abc1234"


@pytest.mark.parametrize("bad", ["abc", "lucky th", "a" * 21])
def test_malformed_line_ids_are_rejected(bad: str) -> None:
    with pytest.raises(InvalidIdentifier, match="line handle"):
        clean("line", bad)
