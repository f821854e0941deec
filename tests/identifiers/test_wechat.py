from __future__ import annotations

import pytest

from scamgrid.errors import InvalidIdentifier
from scamgrid.identifiers import clean


@pytest.mark.parametrize(
    "written", ["KF_8888a", "微信：kf_8888a", "wx: kf_8888a", "wechat:@kf_8888a"]
)
def test_wechat_ids_are_lower_case_without_prefix(written: str) -> None:
    assert clean("wechat", written).value == "kf_8888a"


def test_internal_ids_and_phone_numbers_are_wechat_accounts_too() -> None:
    assert clean("wechat", "wxid_ab12cd34ef56gh").value == "wxid_ab12cd34ef56gh"
    assert clean("wechat", "13812345678").value == "13812345678"


@pytest.mark.parametrize("bad", ["kf88", "8kf_8888", "kf 8888 8"])
def test_too_short_or_badly_started_ids_are_rejected(bad: str) -> None:
    with pytest.raises(InvalidIdentifier, match="wechat handle"):
        clean("wechat", bad)
