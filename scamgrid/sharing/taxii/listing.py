"""Reading a collection the TAXII 2.1 way: added_after, match[...] filters, pages, manifests."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from scamgrid.errors import InvalidInput
from scamgrid.sharing.stix import vocabulary as v
from scamgrid.sharing.stix.source import Entry, Position, Source, decode_position, encode_position

MAX_LIMIT = 10_000
DEFAULT_LIMIT = 1_000
_SCAN_PAGES = 10_000  # a filtered read scans at most this many pages before answering


@dataclass(frozen=True)
class Match:
    ids: frozenset[str] = frozenset()
    types: frozenset[str] = frozenset()
    versions: frozenset[str] = frozenset()  # "last", "first", "all" or timestamps
    spec_versions: frozenset[str] = frozenset()

    @classmethod
    def parse(
        cls, ids: str | None, types: str | None, versions: str | None, specs: str | None
    ) -> Match:
        def split(text: str | None) -> frozenset[str]:
            return frozenset(p.strip() for p in (text or "").split(",") if p.strip())

        return cls(split(ids), split(types), split(versions), split(specs))

    @property
    def active(self) -> bool:
        exact = self.versions - {"last", "first", "all"}
        return bool(self.ids or self.types or exact or self.spec_versions - {"2.1"})

    def keeps(self, obj: dict[str, Any]) -> bool:
        if self.ids and obj.get("id") not in self.ids:
            return False
        if self.types and obj.get("type") not in self.types:
            return False
        if self.spec_versions and obj.get("spec_version", "2.1") not in self.spec_versions:
            return False
        exact = self.versions - {"last", "first", "all"}
        # One version of each object is kept (the latest): first = last = all of it.
        return not exact or version(obj) in exact


def version(obj: dict[str, Any]) -> str:
    return str(obj.get("modified") or obj.get("created") or "")


@dataclass
class Listing:
    items: list[tuple[datetime, dict[str, Any]]] = field(default_factory=list)
    more: bool = False
    next: str | None = None

    @property
    def first_added(self) -> str | None:
        return v.timestamp(self.items[0][0]) if self.items else None

    @property
    def last_added(self) -> str | None:
        return v.timestamp(self.items[-1][0]) if self.items else None


def parse_time(text: str | None, name: str) -> datetime | None:
    if not text:
        return None
    try:
        return v.parse_timestamp(text)
    except ValueError:
        raise InvalidInput(f"{name}: {text!r} is not a timestamp") from None


def read(
    source: Source,
    limit: int | None,
    added_after: datetime | None,
    next_token: str | None,
    match: Match,
) -> Listing:
    """One page of objects, each with the time it was added to this node."""
    limit = min(max(limit or DEFAULT_LIMIT, 1), MAX_LIMIT)
    position: Position | None = decode_position(next_token) if next_token else None
    listing = Listing()
    for _ in range(_SCAN_PAGES):
        page = source.page(limit - len(listing.items), added_after, position)
        last: Entry | None = None
        for entry in page.entries:
            kept = [o for o in entry.objects if match.keeps(o)]
            if listing.items and len(listing.items) + len(kept) > limit:
                listing.more = True
                break
            listing.items.extend((entry.added, o) for o in kept)
            last = entry
        else:
            listing.more = page.more
        if last is not None:
            position = last.position
        if not listing.more or len(listing.items) >= limit or not match.active:
            break
    if listing.more and position is not None:
        listing.next = encode_position(position)
    return listing


def find_object(source: Source, object_id: str, match: Match) -> Listing:
    """Every stored version of one object (we keep the latest only)."""
    wanted = Match(frozenset({object_id}), match.types, match.versions, match.spec_versions)
    found = Listing()
    position: Position | None = None
    while True:
        page = source.page(MAX_LIMIT, None, position)
        for entry in page.entries:
            found.items.extend((entry.added, o) for o in entry.objects if wanted.keeps(o))
        if not page.more or not page.entries or found.items:
            return found
        position = page.entries[-1].position
