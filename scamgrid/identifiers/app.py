"""Apps: an Android package name (reverse DNS, `com.example.app`, lower case) or the SHA-256 of
an APK file (64 hex digits, lower case). Play Store links are read as their package name."""

from __future__ import annotations

import re

from scamgrid.identifiers.base import Kind
from scamgrid.identifiers.text import fold
from scamgrid.model.vocabulary import IdentifierType

_PACKAGE = re.compile(r"^[a-z_][a-z0-9_]*(?:\.[a-z_][a-z0-9_]*)+$")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_PLAY = re.compile(r"[?&]id=([A-Za-z0-9_.]+)")


class App(Kind):
    type = IdentifierType.APP

    def canonical(self, raw: str, country: str | None, bank: str | None) -> tuple[str, str | None]:
        text = fold(raw)
        play = _PLAY.search(text) if "play.google" in text or "market://" in text else None
        value = (play.group(1) if play else text.removeprefix("sha256:")).lower()
        if _SHA256.match(value):
            return value, None
        if len(value) <= 255 and _PACKAGE.match(value):
            return value, None
        raise ValueError("an app is an Android package name (com.example.app) or an APK SHA-256")


KIND = App()
