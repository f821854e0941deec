"""Personal data of trapped, wanted and returning persons: sealed at rest, blind-indexed for search.

A person's names, date of birth and document numbers are stored only as AES-GCM ciphertext
(`store.crypto.KeyRing`), bound to the row's reference. Screening needs to find a passport
number or a date of birth without opening every row: those are kept as keyed HMAC digests
("blind indexes") with a node key under $SCAMGRID_HOME/keys, which reveal nothing without it.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import unicodedata
from dataclasses import asdict, dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import orjson

from scamgrid import settings
from scamgrid.errors import InvalidInput
from scamgrid.store.crypto import KeyRing


@dataclass
class Person:
    """What casework knows about one person; every field is optional but the names."""

    names: list[str]
    dob: str | None = None  # ISO date, or a year ("1990") when only that is known
    documents: list[str] = field(default_factory=list)  # passport / national ID numbers
    nationality: str | None = None
    phone: str | None = None
    notes: str = ""

    def to_json(self) -> bytes:
        return orjson.dumps(asdict(self))

    @classmethod
    def from_json(cls, data: bytes) -> Person:
        return cls(**orjson.loads(data))


def seal(ring: KeyRing, person: Person, bound_to: str) -> bytes:
    return ring.seal(person.to_json(), bound_to.encode())


def unseal(ring: KeyRing, blob: bytes, bound_to: str) -> Person:
    return Person.from_json(ring.open(blob, bound_to.encode()))


def parse_dob(text: str | None, where: str = "dob") -> str | None:
    """An ISO date (YYYY-MM-DD), a year alone, or nothing; anything else is refused."""
    if text is None or not str(text).strip():
        return None
    value = str(text).strip()
    if len(value) == 4 and value.isdigit():
        return value
    try:
        return date.fromisoformat(value[:10]).isoformat()
    except ValueError:
        raise InvalidInput(f"{where}: {value!r} is not a date (YYYY-MM-DD or YYYY)") from None


def clean_document(number: str) -> str:
    """Passport and ID numbers compared without separators, case or full-width forms."""
    text = unicodedata.normalize("NFKC", number).upper()
    return "".join(ch for ch in text if ch.isalnum())


def _key_path(home: Path | None = None) -> Path:
    return (home or settings.home()) / "keys" / "blind-index.key"


@cache
def _index_key(path: Path) -> bytes:
    if path.exists():
        return path.read_bytes()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_bytes(32)
    tmp = path.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(key)
    tmp.replace(path)
    return key


def blind_index(kind: str, value: str) -> str:
    """Keyed digest of a document number or date of birth (128 bits, hex)."""
    key = _index_key(_key_path())
    return hmac.new(key, f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()[:32]


def document_digests(person: Person) -> list[str]:
    return sorted(
        {blind_index("doc", c) for c in map(clean_document, person.documents) if len(c) >= 4}
    )


def dob_digest(person: Person) -> str | None:
    return blind_index("dob", person.dob) if person.dob else None


def public_view(person: Person, *, full: bool) -> dict[str, Any]:
    """What a reader sees: everything for the owner agency, only the nationality otherwise."""
    if full:
        return asdict(person)
    return {"nationality": person.nationality}
