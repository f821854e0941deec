"""Chinese characters against pinyin, with and without spaces and tones, and older spellings."""

from __future__ import annotations

import pytest

from scamgrid.screening.chinese import romanisations, split_surname, wade_giles
from tests.screening.helpers import DIFFERENT, SAME, score, why


@pytest.mark.parametrize(
    "latin",
    ["Zhang Wei", "ZHANG WEI", "zhangwei", "ZhangWei", "Zhāng Wěi", "Zhang1 Wei3", "Wei Zhang"],
)
def test_characters_match_pinyin_however_spaced_toned_or_ordered(latin: str) -> None:
    assert score("张伟", latin) >= SAME


def test_a_given_name_of_two_syllables_matches_joined_or_split() -> None:
    assert score("张伟国", "ZHANG WEIGUO") == 1.0
    assert score("张伟国", "Zhang Wei Guo") == 1.0


def test_traditional_characters_match_wade_giles() -> None:
    assert score("張偉國", "Chang Wei-kuo") >= SAME
    assert "older spelling" in why("張偉國", "Chang Wei-kuo")


def test_wade_giles_by_rule() -> None:
    assert [wade_giles(s) for s in ("zhang", "xu", "qiang", "zi", "guo", "rong")] == [
        "chang",
        "hsu",
        "chiang",
        "tzu",
        "kuo",
        "jung",
    ]


def test_u_umlaut_is_spelled_as_passports_do() -> None:
    forms = romanisations("吕明")
    assert ("lyu", "ming") in forms and ("lu", "ming") in forms
    assert score("吕明", "LYU MING") == 1.0


def test_surname_reading_differs_from_the_common_reading() -> None:
    assert romanisations("单伟")[0] == ("shan", "wei")
    assert score("曾伟", "Zeng Wei") == 1.0


def test_compound_surnames_stay_together() -> None:
    assert split_surname("欧阳娜") == ("欧阳", "娜")
    assert score("欧阳娜", "Ouyang Na") == 1.0


def test_hong_kong_and_hokkien_surname_spellings() -> None:
    assert score("陈伟", "Chan Wei") >= SAME
    assert score("陈伟", "Tan Wei") >= SAME


def test_another_given_name_is_not_the_same_person() -> None:
    assert score("罗华辉", "LUO HAI") < DIFFERENT
    assert score("徐敏", "ZHU MIN") < DIFFERENT
    assert score("张伟", "Li Na") < 0.5
