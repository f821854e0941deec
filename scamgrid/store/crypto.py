"""Encryption at rest of personal data: AES-256-GCM with a per-node key ring.

A sealed value is `b"\x01" + key id (4 bytes) + nonce (12 bytes) + ciphertext+tag`. The key id
lets `keys rotate` add a new active key while older values stay readable until re-encrypted.
The associated data binds a ciphertext to its row (e.g. the report id), so a sealed blob copied
onto another row does not open.
"""

from __future__ import annotations

import base64
import json
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from scamgrid import settings
from scamgrid.errors import ScamgridError

FORMAT_VERSION = 1
_HEADER = 1 + 4 + 12


class DecryptionError(ScamgridError):
    title = "Cannot decrypt personal data"


@dataclass
class KeyRing:
    path: Path
    keys: dict[int, bytes] = field(default_factory=dict)
    active: int = 0

    @classmethod
    def load(cls, home: Path | None = None) -> KeyRing:
        """The node's key ring, created with a fresh key on first use."""
        path = (home or settings.home()) / "keys" / "keyring.json"
        if not path.exists():
            ring = cls(path=path)
            ring.add_key()
            return ring
        data = json.loads(path.read_text())
        keys = {int(k): base64.b64decode(v) for k, v in data["keys"].items()}
        return cls(path=path, keys=keys, active=int(data["active"]))

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        payload = {
            "active": self.active,
            "keys": {str(k): base64.b64encode(v).decode() for k, v in self.keys.items()},
        }
        tmp = self.path.with_suffix(".tmp")
        # Written 0600 and renamed into place, so a crash never leaves half a key ring.
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as handle:
            json.dump(payload, handle)
        tmp.replace(self.path)

    def add_key(self) -> int:
        """Add a new random key, make it the active one and save the ring."""
        key_id = max(self.keys, default=0) + 1
        self.keys[key_id] = AESGCM.generate_key(bit_length=256)
        self.active = key_id
        self.save()
        return key_id

    def seal(self, plaintext: bytes, associated: bytes) -> bytes:
        nonce = secrets.token_bytes(12)
        sealed = AESGCM(self.keys[self.active]).encrypt(nonce, plaintext, associated)
        return bytes([FORMAT_VERSION]) + self.active.to_bytes(4, "big") + nonce + sealed

    def open(self, blob: bytes, associated: bytes) -> bytes:
        if len(blob) < _HEADER or blob[0] != FORMAT_VERSION:
            raise DecryptionError("not a sealed value of this format")
        key_id = int.from_bytes(blob[1:5], "big")
        key = self.keys.get(key_id)
        if key is None:
            raise DecryptionError(f"key {key_id} is not in this node's key ring")
        try:
            return AESGCM(key).decrypt(blob[5:17], blob[17:], associated)
        except InvalidTag:
            raise DecryptionError("ciphertext was altered or belongs to another record") from None

    @staticmethod
    def key_id_of(blob: bytes) -> int:
        return int.from_bytes(blob[1:5], "big")
