"""The shared interface of identifier types and their registry."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from scamgrid.errors import InvalidIdentifier
from scamgrid.model.vocabulary import IdentifierType


@dataclass(frozen=True, slots=True)
class Identifier:
    type: IdentifierType
    value: str  # canonical
    raw: str  # as given
    country: str | None = None  # ISO alpha-2 where known


Cleaner = Callable[[str, str | None, str | None], tuple[str, str | None]]
"""(raw, country hint, bank) -> (canonical value, country); raises ValueError with a reason."""

CLEANERS: dict[IdentifierType, Cleaner] = {}


def cleaner(kind: IdentifierType) -> Callable[[Cleaner], Cleaner]:
    def register(function: Cleaner) -> Cleaner:
        CLEANERS[kind] = function
        return function

    return register


def make(kind: IdentifierType, raw: str, country: str | None, bank: str | None) -> Identifier:
    if not raw or not raw.strip():
        raise InvalidIdentifier(kind.value, raw, "empty value")
    if "\x00" in raw:
        raise InvalidIdentifier(kind.value, raw.replace("\x00", "\\0"), "contains a NUL character")
    if len(raw) > 2048:
        raise InvalidIdentifier(kind.value, raw[:40] + "...", "longer than 2,048 characters")
    try:
        value, found_country = CLEANERS[kind](raw, country, bank)
    except ValueError as reason:
        raise InvalidIdentifier(kind.value, raw, str(reason)) from None
    return Identifier(kind, value, raw, found_country)
