"""Facebook: the username (`facebook.com/name`) or, for profiles without one, the numeric ID
(`profile.php?id=100012345678`, `facebook.com/people/Name/100012345678`), kept as digits."""

from __future__ import annotations

import re

from scamgrid.identifiers.handle import Handle
from scamgrid.model.vocabulary import IdentifierType


class Facebook(Handle):
    type = IdentifierType.FACEBOOK
    prefix = re.compile(r"^(?:facebook|fb)\s*:(?!//)\s*", re.I)
    link = re.compile(
        r"^(?:https?://)?(?:www\.|m\.|web\.|mbasic\.)?(?:facebook\.com|fb\.com|fb\.me)/", re.I
    )
    shape = re.compile(r"^[a-z0-9][a-z0-9.]{4,49}$|^[0-9]{5,20}$")
    rule = "a username of 5-50 letters, digits or dots, or a numeric profile ID"

    def from_link(self, rest: str) -> str:
        profile = re.match(r"profile\.php\?(?:.*&)?id=([0-9]+)", rest)
        if profile:
            return profile.group(1)
        people = re.match(r"people/[^/]+/([0-9]+)", rest)
        if people:
            return people.group(1)
        return re.split(r"[/?#]", rest, maxsplit=1)[0]


KIND = Facebook()
