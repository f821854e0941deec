"""Blocking keys: forms of one name share a key, unrelated names do not."""

from __future__ import annotations

import pytest

from scamgrid.screening import blocking_keys


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("张伟", "ZHANG WEI"),
        ("张伟", "zhangwei"),
        ("張偉國", "Chang Wei-kuo"),
        ("สมชาย ใจดี", "SOMCHAI JAIDEE"),
        ("ဦးအောင်ကျော်", "AUNG KYAW"),
        ("Nguyễn Văn Hùng", "NGUYEN VAN HUNG"),
        ("ສົມສັກ ພົມມະຈັນ", "SOMSAK PHOMMACHANH"),
        ("Somchai Jaidee", "Somchai Jaidei"),
    ],
)
def test_forms_of_one_name_share_a_key(a: str, b: str) -> None:
    assert blocking_keys([a]) & blocking_keys([b])


def test_unrelated_names_share_no_key() -> None:
    assert not blocking_keys(["张伟"]) & blocking_keys(["Somchai Jaidee"])
    assert not blocking_keys(["Aung Kyaw"]) & blocking_keys(["Nguyen Van Hung"])


def test_keys_of_several_names_are_their_union() -> None:
    both = blocking_keys(["张伟", "Aung Kyaw"])
    assert blocking_keys(["张伟"]) | blocking_keys(["Aung Kyaw"]) == both
