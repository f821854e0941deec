"""Bulk bodies: the plain fast reading and pydantic's agree on every body the fast one takes."""

from __future__ import annotations

import orjson
import pytest
from fastapi.exceptions import RequestValidationError

from scamgrid.api.lookup import BULK_REQUEST, MAX_BULK, _bulk_items, _plain_items

GOOD = [
    {"items": []},
    {"items": [{"value": "+66812345678", "type": "phone"}]},
    {"items": [{"value": "0812345678", "type": "phone", "country": "th"}, {"value": "x.top"}]},
    {"items": [{"value": "a", "type": None, "country": None, "extra": 1}], "other": True},
    {"items": [{"value": "ก" * 512}]},
]
ODD = [
    {"items": [{"value": ""}]},
    {"items": [{"value": "a" * 513}]},
    {"items": [{"value": 5}]},
    {"items": [{"type": "phone"}]},
    {"items": [{"value": "a", "type": "fax"}]},
    {"items": [{"value": "a", "type": ""}]},
    {"items": [{"value": "a", "country": "THA"}]},
    {"items": [{"value": "a", "country": "TH\n"}]},
    {"items": [{"value": "a", "country": ""}]},
    {"items": ["a"]},
    {"items": {"value": "a"}},
    {"values": []},
    [],
    {"items": [{"value": "1"}] * (MAX_BULK + 1)},
]


@pytest.mark.parametrize("body", GOOD)
def test_plainly_valid_bodies_read_as_pydantic_reads_them(body: object) -> None:
    raw = orjson.dumps(body)
    checked = BULK_REQUEST.validate_json(raw)
    expected = [
        (
            item["value"],
            kind.value if (kind := item.get("type")) else None,
            country.upper() if (country := item.get("country")) else None,
        )
        for item in checked["items"]
    ]
    assert _plain_items(raw) == expected == _bulk_items(raw)


@pytest.mark.parametrize("body", ODD)
def test_anything_else_goes_to_pydantic_which_names_the_fault(body: object) -> None:
    raw = orjson.dumps(body)
    assert _plain_items(raw) is None
    with pytest.raises(RequestValidationError):
        _bulk_items(raw)


def test_malformed_json_goes_to_pydantic() -> None:
    assert _plain_items(b'{"items": [') is None
    with pytest.raises(RequestValidationError):
        _bulk_items(b'{"items": [')
