from __future__ import annotations

import pytest

from scamgrid.identifiers.text import ascii_digits, fold, fold_number, refang


@pytest.mark.parametrize(
    ("digits", "script"),
    [
        ("๐๑๒๓๔๕๖๗๘๙", "Thai"),
        ("၀၁၂၃၄၅၆၇၈၉", "Burmese"),
        ("໐໑໒໓໔໕໖໗໘໙", "Lao"),
        ("០១២៣៤៥៦៧៨៩", "Khmer"),
        ("０１２３４５６７８９", "full-width"),
    ],
)
def test_digits_of_the_region_become_ascii(digits: str, script: str) -> None:
    assert fold(digits) == "0123456789", script


def test_invisible_characters_are_removed() -> None:
    assert ascii_digits("08\u200b1\u200d2\ufeff3") == "08123"


def test_the_burmese_letter_wa_is_zero_only_in_numbers() -> None:
    assert fold_number("ဝ၉") == "09"
    assert fold("ဝ၉") == "ဝ9"  # in words it stays a letter


@pytest.mark.parametrize(
    ("defanged", "link"),
    [
        ("hxxps://bad[.]top/x", "https://bad.top/x"),
        ("hXXp://bad(.)top", "http://bad.top"),
        ("https[:]//bad[dot]top", "https://bad.top"),
        ("bad(dot)top", "bad.top"),
        ("kefu[@]bad[.]top", "kefu@bad.top"),
        ("https[://]bad{.}top", "https://bad.top"),
    ],
)
def test_defanged_links_are_restored(defanged: str, link: str) -> None:
    assert refang(defanged) == link
