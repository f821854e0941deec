from __future__ import annotations

from scamgrid.identifiers import extract


def found(text: str, country: str | None = None) -> list[tuple[str, str]]:
    return [(i.type.value, i.value) for i in extract(text, country)]


def test_chinese_police_impersonation_message() -> None:
    text = (
        "【国家反诈中心】您好，我是公安局的，您涉嫌洗钱，请拨打13812345678或加飞机 @safe_kf88，"
        "访问 hxxps://gov-check[.]vip/case 转账到 TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t"
    )
    assert found(text, "CN") == [
        ("phone", "+8613812345678"),
        ("telegram", "safe_kf88"),
        ("url", "https://gov-check.vip/case"),
        ("crypto_wallet", "tron:TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t"),
    ]


def test_chinese_task_scam_with_wechat_and_bank_card() -> None:
    text = (
        "兼职刷单日结，加微信kf_8888a，或TG: @job_cn169，咨询电话：+86 138-1234-5679，"
        "邮箱 hr@job-cn[.]xyz，押金转到工商银行卡号 6222 0212 3456 7890"
    )
    assert found(text, "CN") == [
        ("wechat", "kf_8888a"),
        ("telegram", "job_cn169"),
        ("phone", "+8613812345679"),
        ("email", "hr@job-cn.xyz"),
        ("bank_account", "CN:ICBC:6222021234567890"),
    ]


def test_thai_prize_message_with_thai_digits_and_a_line_id() -> None:
    text = "คุณได้รับรางวัล โทร ๐๘๑-๒๓๔-๕๖๗๘ หรือแอดไลน์ ID: @lucky_th99 ที่ https://bit.ly/3xYz"
    assert found(text, "TH") == [
        ("phone", "+66812345678"),
        ("line", "lucky_th99"),
        ("url", "https://bit.ly/3xYz"),
    ]


def test_thai_parcel_scam_with_numbers_glued_to_thai_words() -> None:
    text = (
        "พัสดุของคุณถูกกักไว้ ชำระค่าธรรมเนียมที่ thaipost-th.cc/pay หรือโทร0812345678ด่วน "
        "โอนเข้าบัญชี 123-4-56789-0 กสิกร"
    )
    assert found(text, "TH") == [
        ("url", "http://thaipost-th.cc/pay"),
        ("phone", "+66812345678"),
        ("bank_account", "TH:KBANK:1234567890"),
    ]


def test_burmese_job_lure_with_burmese_digits() -> None:
    text = "ထိုင်းမှာ အလုပ်ရှိတယ် လစာကောင်း ဆက်သွယ်ရန် ၀၉ ၇၉၇ ၁၂၃ ၄၅၆ သို့မဟုတ် Telegram @hr_thai_job t.me/hr_thai_job"
    assert found(text, "MM") == [("phone", "+959797123456"), ("telegram", "hr_thai_job")]


def test_english_phishing_with_wallets_whatsapp_and_iban() -> None:
    text = (
        "Dear customer, your account is locked. Verify at hxxps://secure-verify[.]top/login. "
        "WhatsApp: +66 81 234 5678. Send 0.1 BTC to bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4 "
        "or ETH 0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed. Wire to GB82 WEST 1234 5698 7654 32."
    )
    assert found(text) == [
        ("url", "https://secure-verify.top/login"),
        ("phone", "+66812345678"),
        ("whatsapp", "+66812345678"),
        ("crypto_wallet", "btc:bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4"),
        ("crypto_wallet", "eth:0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed"),
        ("iban", "GB82WEST12345698765432"),
    ]


def test_vietnamese_message_with_bare_domain_and_imei() -> None:
    text = "Liên hệ 0912345678 hoặc truy cập vietcombank-vn.net. Máy IMEI: 490154203237518"
    assert found(text, "VN") == [
        ("phone", "+84912345678"),
        ("domain", "vietcombank-vn.net"),
        ("imei", "490154203237518"),
    ]


def test_duplicates_come_out_once_in_order_of_first_appearance() -> None:
    text = "Pay at parcel-fee.top or PARCEL-FEE.TOP now, t.me/kefu_88 @kefu_88 parcel-fee.top"
    assert found(text) == [("domain", "parcel-fee.top"), ("telegram", "kefu_88")]


def test_ordinary_words_are_not_identifiers() -> None:
    text = (
        "Please stay on the line please. Mr.Wang said main.py is broken. Meet at 10.30, "
        "version 1.2.3 e.g. tomorrow; call me at extension 1234."
    )
    assert found(text, "TH") == []


def test_invalid_candidates_are_left_out() -> None:
    text = "wallet TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6x, number 081 234"
    assert found(text, "TH") == []


def test_raw_is_the_text_found() -> None:
    (identifier,) = extract("โทร ๐๘๑-๒๓๔-๕๖๗๘", "TH")
    assert (identifier.raw, identifier.country) == ("081-234-5678", "TH")


def test_polkadot_airdrop_with_an_ss58_wallet_and_a_long_token_that_is_not_one() -> None:
    text = (
        "Claim your DOT airdrop: send 5 DOT to 15oF4uVJwmo4TdGW7VfQxNLavjCXviqxT9S1MgbjMNHr6Sp5 "
        "and quote ref AbCdEfGhJkLmNpQrStUvWxYz23456789AbCdEfGhJkLmNp."
    )
    assert found(text) == [
        ("crypto_wallet", "dot:15oF4uVJwmo4TdGW7VfQxNLavjCXviqxT9S1MgbjMNHr6Sp5")
    ]
