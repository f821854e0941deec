"""Burmese names: script against passport spellings, honorifics stripped, token sets."""

from __future__ import annotations

import pytest

from scamgrid.screening.burmese import romanise, strip_honorifics, syllables
from tests.screening.helpers import DIFFERENT, SAME, score


@pytest.mark.parametrize("honorific", ["U", "Daw", "Ko", "Ma", "Maung", "Mg"])
def test_latin_honorifics_are_stripped(honorific: str) -> None:
    assert score(f"{honorific} Aung Kyaw", "AUNG KYAW") == 1.0


def test_honorifics_in_burmese_script_are_stripped() -> None:
    assert romanise("ဦးအောင်ကျော်") == (("u", "aung", "kyaw"), ("aung", "kyaw"))
    assert score("ဦးအောင်ကျော်", "AUNG KYAW") == 1.0
    assert score("ဒေါ်ခင်မြ", "Khin Mya") == 1.0


def test_script_is_cut_into_syllables() -> None:
    assert syllables("မင်းထွန်းမြင့်") == ["မင်း", "ထွန်း", "မြင့်"]


def test_script_matches_the_passport_spelling() -> None:
    assert score("မင်းထွန်းမြင့်", "MIN TUN MYINT") == 1.0
    assert score("ထွန်းလွင်", "HTUN LWIN") >= SAME


def test_a_name_that_is_only_an_honorific_keeps_it() -> None:
    assert strip_honorifics(("ko",)) == ("ko",)


def test_an_extra_syllable_is_another_person() -> None:
    assert score("NAING HTET", "U Tun Htet Naing") < DIFFERENT
    assert score("MIN TUN MYINT", "U Myint Min") < DIFFERENT


def test_the_written_order_beats_the_same_syllables_reordered() -> None:
    assert score("ဒေါ်အောင်မင်း", "AUNG MIN") > score("ဒေါ်အောင်မင်း", "MIN AUNG")
