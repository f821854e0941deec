from __future__ import annotations

from scamgrid.identifiers import extract


def kinds(text: str, country: str | None = None) -> list[tuple[str, str]]:
    return [(i.type.value, i.value) for i in extract(text, country)]


def test_chinese_impersonation_message() -> None:
    text = (
        "您好，我是公安局的，您涉嫌洗钱，请拨打13812345678或加飞机 @safe_kf88，"
        "访问 hxxps://gov-check[.]vip/case 转账到 TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t"
    )
    assert kinds(text, "CN") == [
        ("phone", "+8613812345678"),
        ("telegram", "safe_kf88"),
        ("url", "https://gov-check.vip/case"),
        ("crypto_wallet", "tron:TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t"),
    ]


def test_thai_prize_message_with_thai_digits() -> None:
    text = "คุณได้รับรางวัล โทร ๐๘๑-๒๓๔-๕๖๗๘ หรือแอดไลน์ ID: @lucky_th99 ที่ https://bit.ly/3xYz"
    assert kinds(text, "TH") == [
        ("phone", "+66812345678"),
        ("line", "lucky_th99"),
        ("url", "https://bit.ly/3xYz"),
    ]


def test_burmese_job_lure() -> None:
    text = "ထိုင်းမှာ အလုပ်ရှိတယ် လစာကောင်း ဆက်သွယ်ရန် +66 81 234 5678 t.me/hr_thai_job"
    assert kinds(text) == [("phone", "+66812345678"), ("telegram", "hr_thai_job")]


def test_english_smishing_with_bare_domain_and_duplicates() -> None:
    text = "Your parcel is held. Pay at parcel-fee.top or parcel-fee.top now, ref 12"
    assert kinds(text) == [("domain", "parcel-fee.top")]
