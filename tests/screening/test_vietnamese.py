"""Vietnamese names with and without diacritics."""

from __future__ import annotations

from tests.screening.helpers import DIFFERENT, score


def test_diacritics_and_d_with_stroke_fold_away() -> None:
    assert score("Nguyễn Văn Hùng", "NGUYEN VAN HUNG") == 1.0
    assert score("Đặng Thị Hương", "DANG THI HUONG") == 1.0


def test_another_family_name_is_another_person() -> None:
    assert score("Trần Thanh An", "HOANG THANH AN") < DIFFERENT


def test_another_given_name_is_another_person() -> None:
    assert score("Phạm Ngọc Trang", "PHAM MINH TRANG") < DIFFERENT
