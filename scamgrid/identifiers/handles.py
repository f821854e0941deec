"""Social handles: Telegram, WeChat, LINE, Facebook (lower case, no @ or link)."""

from __future__ import annotations

import re

from scamgrid.identifiers.base import cleaner
from scamgrid.identifiers.text import fold
from scamgrid.model.vocabulary import IdentifierType

_LINKS = {
    IdentifierType.TELEGRAM: re.compile(
        r"^(?:https?://)?(?:www\.)?(?:t|telegram)\.(?:me|dog)/(?:s/)?", re.I
    ),
    IdentifierType.LINE: re.compile(r"^(?:https?://)?line\.me/(?:ti/p/|R/ti/p/)?~?", re.I),
    IdentifierType.FACEBOOK: re.compile(
        r"^(?:https?://)?(?:www\.|m\.)?(?:facebook|fb)\.com/", re.I
    ),
    IdentifierType.WECHAT: re.compile(r"^(?:weixin|wechat|wx)\s*[:：]\s*", re.I),
}
_SHAPES = {
    IdentifierType.TELEGRAM: re.compile(r"^[a-z][a-z0-9_]{3,31}$|^\+[0-9a-z_-]{6,}$"),
    IdentifierType.WECHAT: re.compile(r"^[a-z][a-z0-9_-]{5,19}$|^\+?[0-9]{6,15}$"),
    IdentifierType.LINE: re.compile(r"^[a-z0-9._-]{3,40}$"),
    IdentifierType.FACEBOOK: re.compile(r"^[a-z0-9.]{5,50}$|^profile\.php\?id=[0-9]{5,20}$"),
}


def _handle(kind: IdentifierType, raw: str) -> str:
    text = fold(raw)
    text = (
        _LINKS[kind].sub("", text).split("?")[0]
        if kind != IdentifierType.FACEBOOK
        else (_LINKS[kind].sub("", text))
    )
    text = text.strip().lstrip("@").rstrip("/").lower()
    if kind is IdentifierType.FACEBOOK and not text.startswith("profile.php"):
        text = text.split("?")[0]
    if not _SHAPES[kind].match(text):
        raise ValueError(f"not a {kind.value} handle")
    return text


def _register(kind: IdentifierType) -> None:
    @cleaner(kind)
    def clean(raw: str, _country: str | None, _bank: str | None) -> tuple[str, str | None]:
        return _handle(kind, raw), None


for _kind in _SHAPES:
    _register(_kind)
