from __future__ import annotations

import pytest

from scamgrid.detect.text.language import _latin, detect


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("您的包裹已到达，请点击链接领取", "zh"),
        ("ยินดีด้วย คุณได้รับเครดิตฟรี", "th"),
        ("ငွေလွှဲပေးပါ", "my"),
        ("ທ່ານໄດ້ຮັບລາງວັນ", "lo"),
        ("អ្នកបានឈ្នះរង្វាន់", "km"),
        ("Bạn đã trúng thưởng, vui lòng chuyển khoản", "vi"),
        ("Mama minta tolong kirim pulsa ke nomor ini ya", "id"),
        ("You have won a prize, call now", "en"),
        ("1234 5678", "en"),
    ],
)
def test_language_comes_from_script_and_cues(text: str, expected: str) -> None:
    assert detect(text) == expected


def test_a_latin_brand_in_a_thai_message_stays_thai() -> None:
    assert detect("รหัส OTP ของ Shopee คือ 123456 ห้ามบอกใคร") == "th"


@pytest.mark.parametrize(
    "text", ["You have won a prize, call now", "Mama minta tolong kirim pulsa ya", "", "12 34"]
)
def test_ascii_text_answers_as_the_latin_rules_do(text: str) -> None:
    assert detect(text) == _latin(text) == detect(text + " \u00e9")  # é: not Vietnamese-only
