"""A name's writing system, from its letters."""

from __future__ import annotations

import pytest

from scamgrid.screening.scripts import script_of


@pytest.mark.parametrize(
    ("name", "script"),
    [
        ("Zhang Wei", "latin"),
        ("Nguyễn Văn Hùng", "latin"),
        ("张伟", "han"),
        ("สมชาย ใจดี", "thai"),
        ("အောင်ကျော်", "burmese"),
        ("ສົມສັກ", "lao"),
        ("សុខ", "khmer"),
        ("Иван", "other"),
        ("123 -", "latin"),
    ],
)
def test_the_script_of_most_letters_wins(name: str, script: str) -> None:
    assert script_of(name) == script


def test_digits_and_punctuation_do_not_count() -> None:
    assert script_of("张伟 (1990)") == "han"
