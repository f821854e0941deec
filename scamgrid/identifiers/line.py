"""LINE IDs: `line.me/ti/p/~name` links and `@` official accounts, 4-20 characters of letters,
digits, `.`, `-` and `_` (official-account IDs keep no `@` here either)."""

from __future__ import annotations

import re

from scamgrid.identifiers.handle import Handle
from scamgrid.model.vocabulary import IdentifierType


class Line(Handle):
    type = IdentifierType.LINE
    prefix = re.compile(r"^(?:line(?:\s*id)?|ไลน์|ไอดีไลน์)\s*[:：]\s*", re.I)
    link = re.compile(r"^(?:https?://)?(?:page\.)?line\.me/(?:R/)?(?:ti/p/|ti/g2/)?", re.I)
    shape = re.compile(r"^[a-z0-9._-]{4,20}$")
    rule = "4-20 letters, digits, ., - or _"

    def from_link(self, rest: str) -> str:
        return re.split(r"[/?#]", rest.lstrip("~"), maxsplit=1)[0]


KIND = Line()
