"""Which writing system a name is in, from its characters' Unicode Script property.

The property comes from rigour (ICU4X data); this module only names the scripts the six
countries' names are written in and classes a name by the script of most of its characters.
Digits, spaces and punctuation (`Common`) and combining marks (`Inherited`) do not count.
Latin with Vietnamese tone marks is `latin` (the marks fold away in romanisation).
"""

from __future__ import annotations

from collections import Counter

from rigour.text.scripts import codepoint_script

SCRIPTS = ("latin", "han", "thai", "burmese", "lao", "khmer", "other")
_NAMES = {
    "Latin": "latin",
    "Han": "han",
    "Thai": "thai",
    "Myanmar": "burmese",
    "Lao": "lao",
    "Khmer": "khmer",
}
_NOT_LETTERS = frozenset(("Common", "Inherited", "Unknown"))


def char_script(char: str) -> str | None:
    """The script of one character, or None for marks, digits, spaces and punctuation."""
    script = codepoint_script(ord(char))
    if script is None or script in _NOT_LETTERS:
        return None
    return _NAMES.get(script, "other")


def script_of(name: str) -> str:
    """The script most letters of `name` are written in; `latin` for a name without letters."""
    counts = Counter(s for s in map(char_script, name) if s is not None)
    if not counts:
        return "latin"
    return counts.most_common(1)[0][0]
