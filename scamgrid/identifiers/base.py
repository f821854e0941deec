"""The shared interface of identifier types (`Kind`) and the value they produce."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from scamgrid.errors import InvalidIdentifier
from scamgrid.model.vocabulary import IdentifierType

MAX_LENGTH = 2048


@dataclass(frozen=True, slots=True)
class Identifier:
    type: IdentifierType
    value: str  # canonical
    raw: str  # the text as given
    country: str | None = None  # ISO alpha-2 where known (phone region, IBAN/bank country)


class Kind:
    """One identifier type: how to canonicalise it, show it and place it in a country.

    Subclasses implement `canonical`; it raises ValueError with a reason a person can act on.
    One instance per type lives in `registry.KINDS`.
    """

    type: ClassVar[IdentifierType]

    def canonical(self, raw: str, country: str | None, bank: str | None) -> tuple[str, str | None]:
        """(canonical value, country or None) of `raw`; ValueError(reason) if it is invalid."""
        raise NotImplementedError

    def clean(self, raw: str, country: str | None = None, bank: str | None = None) -> Identifier:
        """The Identifier for `raw`; InvalidIdentifier carrying the reason if it is invalid."""
        if not isinstance(raw, str):
            raise InvalidIdentifier(self.type.value, repr(raw), "must be text")
        if not raw.strip():
            raise InvalidIdentifier(self.type.value, raw, "empty value")
        if "\x00" in raw:
            raise InvalidIdentifier(self.type.value, raw.replace("\x00", "\\0"), "contains NUL")
        if len(raw) > MAX_LENGTH:
            raise InvalidIdentifier(self.type.value, raw[:40] + "...", "longer than 2,048 chars")
        try:
            value, found = self.canonical(raw, country, bank)
        except ValueError as reason:
            raise InvalidIdentifier(self.type.value, raw, str(reason)) from None
        return Identifier(self.type, value, raw, found)

    def validate(self, raw: str, country: str | None = None, bank: str | None = None) -> str | None:
        """Why `raw` is not a valid identifier of this type, or None if it is."""
        try:
            self.clean(raw, country, bank)
        except InvalidIdentifier as bad:
            return bad.reason
        return None

    def display(self, value: str) -> str:
        """A canonical value as people read it (grouped digits, defanged links)."""
        return value

    def country_hint(self, value: str) -> str | None:
        """The country a canonical value belongs to, where the value itself says so."""
        return None
