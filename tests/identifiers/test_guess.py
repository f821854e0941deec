from __future__ import annotations

import pytest

from scamgrid.errors import InvalidIdentifier
from scamgrid.identifiers import guess


@pytest.mark.parametrize(
    ("raw", "kind", "value"),
    [
        ("TH:KBANK:1234567890", "bank_account", "TH:KBANK:1234567890"),
        ("GB82 WEST 1234 5698 7654 32", "iban", "GB82WEST12345698765432"),
        (
            "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t",
            "crypto_wallet",
            "tron:TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t",
        ),
        (
            "usdt-trc20:TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t",
            "crypto_wallet",
            "tron:TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t",
        ),
        (
            "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4",
            "crypto_wallet",
            "btc:bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4",
        ),
        ("hxxps://bad[.]top/x", "url", "https://bad.top/x"),
        ("bit.ly/3xYz", "url", "http://bit.ly/3xYz"),
        ("kefu@Bad.top", "email", "kefu@bad.top"),
        ("@kefu_88", "telegram", "kefu_88"),
        ("t.me/kefu_88", "telegram", "kefu_88"),
        ("line.me/ti/p/~lucky.th", "line", "lucky.th"),
        ("line:lucky.th", "line", "lucky.th"),
        ("wechat:kf_8888a", "wechat", "kf_8888a"),
        ("wa.me/66812345678", "whatsapp", "+66812345678"),
        ("facebook.com/john.doe.123", "facebook", "john.doe.123"),
        ("490154203237518", "imei", "490154203237518"),
        ("520031234567890", "imsi", "520031234567890"),
        ("081 234 5678", "phone", "+66812345678"),
        ("+86 138 1234 5678", "phone", "+8613812345678"),
        ("8.8.8.8", "ip", "8.8.8.8"),
        ("com.fake.bank", "app", "com.fake.bank"),
        ("login.secure-verify.co.th", "domain", "secure-verify.co.th"),
        ("bad-site.top", "domain", "bad-site.top"),
    ],
)
def test_guess_recognises_surface_forms(raw: str, kind: str, value: str) -> None:
    identifier = guess(raw, country="TH")
    assert (identifier.type.value, identifier.value, identifier.raw) == (kind, value, raw)


@pytest.mark.parametrize("raw", ["hello world", "", "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6x"])
def test_nothing_that_fits_is_an_invalid_identifier(raw: str) -> None:
    with pytest.raises(InvalidIdentifier):
        guess(raw, country="TH")


def test_a_failed_guess_says_what_was_tried() -> None:
    with pytest.raises(InvalidIdentifier, match="crypto_wallet: base58check checksum"):
        guess("TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6x")
