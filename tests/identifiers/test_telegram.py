from __future__ import annotations

import pytest

from scamgrid.errors import InvalidIdentifier
from scamgrid.identifiers import KINDS, clean
from scamgrid.model.vocabulary import IdentifierType


@pytest.mark.parametrize(
    "written",
    [
        "@Kefu_88",
        "kefu_88",
        "t.me/kefu_88",
        "https://t.me/Kefu_88",
        "http://telegram.me/kefu_88/",
        "t.me/s/kefu_88",
        "tg://resolve?domain=kefu_88",
        "telegram: @kefu_88",
        "https://t.me/kefu_88?start=ref",
    ],
)
def test_handles_lose_links_and_at_signs(written: str) -> None:
    assert clean("telegram", written).value == "kefu_88"


def test_invite_links_keep_their_case_sensitive_hash() -> None:
    assert clean("telegram", "https://t.me/+AbCdEf123456").value == "+AbCdEf123456"
    assert clean("telegram", "t.me/joinchat/AbCdEf123456").value == "+AbCdEf123456"


@pytest.mark.parametrize("bad", ["1abc", "ab", "kefu 88", "kefu-88", "a" * 40])
def test_what_telegram_would_not_allow_is_rejected(bad: str) -> None:
    with pytest.raises(InvalidIdentifier, match="telegram handle"):
        clean("telegram", bad)


def test_telegram_display_has_the_at_sign() -> None:
    assert KINDS[IdentifierType.TELEGRAM].display("kefu_88") == "@kefu_88"
