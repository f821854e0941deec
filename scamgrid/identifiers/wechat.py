"""WeChat IDs (微信号): 6-20 letters, digits, `_` or `-` starting with a letter; an account
may also be found by its phone number or QQ number, kept as digits."""

from __future__ import annotations

import re

from scamgrid.identifiers.handle import Handle
from scamgrid.model.vocabulary import IdentifierType


class WeChat(Handle):
    type = IdentifierType.WECHAT
    prefix = re.compile(r"^(?:(?:wechat|weixin|wx|vx)\s*[:：]|微信号?\s*[:：]?)\s*", re.I)
    link = re.compile(r"^(?:https?://)?(?:u\.)?wechat\.com/", re.I)
    # `wxid_...` is the internal ID every account has (also shown when no WeChat ID is set).
    shape = re.compile(r"^[a-z][a-z0-9_-]{5,19}$|^wxid_[a-z0-9]{6,24}$|^\+?[0-9]{5,15}$")
    rule = "6-20 letters, digits, _ or - starting with a letter, or a phone/QQ number"


KIND = WeChat()
