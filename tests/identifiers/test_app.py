from __future__ import annotations

import pytest

from scamgrid.errors import InvalidIdentifier
from scamgrid.identifiers import clean

SHA = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"


@pytest.mark.parametrize(
    "written",
    [
        "com.Fake.Bank",
        "https://play.google.com/store/apps/details?id=com.fake.bank&hl=th",
        "market://details?id=com.fake.bank",
    ],
)
def test_package_names_are_lower_case(written: str) -> None:
    assert clean("app", written).value == "com.fake.bank"


def test_apk_hashes_are_lower_case_hex() -> None:
    assert clean("app", SHA.upper()).value == SHA
    assert clean("app", f"sha256:{SHA}").value == SHA


@pytest.mark.parametrize("bad", ["fakebank", "1com.fake", "com..fake", SHA[:-1], "com.fake-bank"])
def test_what_is_neither_a_package_nor_a_hash_is_rejected(bad: str) -> None:
    with pytest.raises(InvalidIdentifier, match="package name"):
        clean("app", bad)
