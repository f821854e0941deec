"""Telegram: usernames (`t.me/name`, `@name`, `tg://resolve?domain=name`) and invite links."""

from __future__ import annotations

import re

from scamgrid.identifiers.handle import Handle
from scamgrid.model.vocabulary import IdentifierType


class Telegram(Handle):
    type = IdentifierType.TELEGRAM
    prefix = re.compile(r"^(?:telegram|tg)\s*:(?!//)\s*", re.I)
    link = re.compile(
        r"^(?:(?:https?://)?(?:www\.)?(?:t|telegram)\.(?:me|dog)/(?:s/)?"
        r"|tg://resolve\?domain=)",
        re.I,
    )
    # Usernames: 5-32 letters, digits and underscores, starting with a letter (4 for the
    # short names sold on Fragment). Invite links: `+` or `joinchat/` and a hash, kept as `+hash`.
    shape = re.compile(r"^[a-z][a-z0-9_]{3,31}$|^\+[A-Za-z0-9_-]{8,64}$")
    rule = "4-32 letters, digits or _ starting with a letter, or an invite link"
    # Compiled once: re's own cache is shared with every other pattern of the process and
    # was seen recompiling this one on each call (0.8 ms) during ingestion.
    path_end = re.compile(r"[/?#&]")

    def normal(self, handle: str) -> str:
        # Invite hashes are case-sensitive: lower-casing one would make it open nothing.
        return handle if handle.startswith("+") else handle.lower()

    def from_link(self, rest: str) -> str:
        if rest.lower().startswith("joinchat/"):
            rest = "+" + rest[9:]
        return self.path_end.split(rest, maxsplit=1)[0]


KIND = Telegram()
