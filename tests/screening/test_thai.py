"""Thai script against passport spellings (pythainlp's RTGS romanisation, offline)."""

from __future__ import annotations

import pytest

from scamgrid.screening.names import analyse
from tests.screening.helpers import DIFFERENT, SAME, score


@pytest.mark.parametrize(
    ("thai", "passport"),
    [
        ("สมชาย ใจดี", "SOMCHAI JAIDEE"),
        ("สมชาย ใจดี", "Somchai Chaidi"),
        ("ประเสริฐ ศรีสุข", "PRASERT SRISUK"),
        ("วิชัย บุญมา", "WICHAI BOONMA"),
    ],
)
def test_thai_script_matches_the_passport_spelling(thai: str, passport: str) -> None:
    assert score(thai, passport) >= SAME


def test_romanisation_is_rtgs_and_needs_no_download() -> None:
    name = analyse("สมชาย ใจดี")
    assert name.script == "thai"
    assert name.forms[0].tokens == ("somchai", "chaidi")


def test_a_title_is_not_part_of_the_name() -> None:
    assert analyse("นายสมชาย ใจดี").forms[0].tokens == ("somchai", "chaidi")
    assert score("นายสมชาย ใจดี", "Mr Somchai Jaidee") >= SAME


def test_another_given_name_is_not_the_same_person() -> None:
    assert score("สมศักดิ์ ใจดี", "SOMCHAI JAIDEE") < DIFFERENT
    assert score("Somchai Jaidee", "Somsak Jaidee") < DIFFERENT
