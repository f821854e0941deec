"""Lao and Khmer script against French-era and ad hoc passport spellings."""

from __future__ import annotations

from scamgrid.screening.lao import romanise
from scamgrid.screening.names import analyse
from tests.screening.helpers import DIFFERENT, SAME, score


def test_lao_script_matches_the_passport_spelling() -> None:
    assert analyse("ສົມສັກ ພົມມະຈັນ").script == "lao"
    assert score("ສົມສັກ ພົມມະຈັນ", "SOMSAK PHOMMACHANH") >= SAME


def test_lao_title_is_stripped() -> None:
    assert score("ທ້າວສົມສັກ ພົມມະຈັນ", "SOMSAK PHOMMACHANH") >= SAME


def test_khmer_script_matches_the_passport_spelling() -> None:
    assert analyse("សុខ ចាន់ធី").script == "khmer"
    assert score("សុខ ចាន់ធី", "SOK CHANTHY") >= SAME


def test_silent_h_and_ph_spellings_agree() -> None:
    assert score("Phommachanh", "Pommachan") >= SAME


def test_other_lao_and_khmer_names_do_not_match() -> None:
    assert score("ສົມສັກ ພົມມະຈັນ", "BOUNMY SISAVATH") < DIFFERENT
    assert score("សុខ ចាន់ធី", "HENG DARA") < DIFFERENT


def test_lao_vowels_written_first_are_read_after_their_consonant() -> None:
    assert romanise("ໄຊຍະວົງ") == "saiyavong"
    assert romanise("ແກ້ວມະນີ") == "kaeomani"


def test_lao_silent_h_and_final_w_follow_passport_habits() -> None:
    assert romanise("ສີສະຫວາດ") == "sisavat"
    assert score("ນ້ອຍ ສີສະຫວາດ", "NOY SISAVATH") >= SAME
    assert score("ແກ້ວມະນີ", "KEOMANY") >= 0.8
