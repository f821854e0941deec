"""What the messaging handles (Telegram, WeChat, LINE, Facebook) share: a platform prefix
(`telegram:x`, as in the reports CSV), a link form to strip, `@`, and a shape to check. The
canonical handle is lower case, without `@` or link (platforms match handles case-insensitively).
"""

from __future__ import annotations

import re
from typing import ClassVar
from urllib.parse import unquote

from scamgrid.identifiers.base import Kind
from scamgrid.identifiers.text import fold


class Handle(Kind):
    prefix: ClassVar[re.Pattern[str]]  # `telegram:`, `tg:` ...
    link: ClassVar[re.Pattern[str]]  # the platform's profile links, up to the handle
    shape: ClassVar[re.Pattern[str]]  # a canonical handle
    rule: ClassVar[str]  # the shape in words, for the rejection

    def canonical(self, raw: str, country: str | None, bank: str | None) -> tuple[str, str | None]:
        text = self.prefix.sub("", fold(raw), count=1)
        linked = self.link.match(text)
        if linked:
            text = unquote(self.from_link(text[linked.end() :]))
        handle = self.normal(text.strip().removeprefix("@").rstrip("/"))
        if not self.shape.match(handle):
            raise ValueError(f"not a {self.type.value} handle ({self.rule})")
        return handle, None

    def normal(self, handle: str) -> str:
        """Handles are matched case-insensitively by the platforms: lower case."""
        return handle.lower()

    def from_link(self, rest: str) -> str:
        """The handle in what follows a profile link's prefix (query and sub-paths dropped)."""
        return re.split(r"[/?#]", rest, maxsplit=1)[0]

    def display(self, value: str) -> str:
        return value if value[:1] in "+0123456789" else "@" + value
