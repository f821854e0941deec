"""Text clean-up shared by identifier types: digits of the region's scripts, defanging."""

from __future__ import annotations

import re
import unicodedata

# Thai, Burmese, Lao, Khmer and full-width digits -> ASCII (unicodedata knows them all).
_DIGITS = {
    chr(c): str(unicodedata.digit(chr(c)))
    for start in (0x0E50, 0x1040, 0x0ED0, 0x17E0, 0xFF10, 0x0660, 0x06F0, 0x0966)
    for c in range(start, start + 10)
}
_DIGIT_TABLE = str.maketrans(_DIGITS)
_DEFANG = [
    (re.compile(r"^hxxp", re.I), "http"),
    (re.compile(r"^hXXp", re.I), "http"),
    (re.compile(r"\[\s*\.\s*\]|\(\s*\.\s*\)|\{\s*\.\s*\}"), "."),
    (re.compile(r"\[\s*dot\s*\]|\(\s*dot\s*\)|\s+dot\s+", re.I), "."),
    (re.compile(r"\[\s*:\s*\]"), ":"),
    (re.compile(r"\[\s*@\s*\]|\(\s*at\s*\)|\[\s*at\s*\]", re.I), "@"),
    (re.compile(r"\[/\]"), "/"),
]


def ascii_digits(text: str) -> str:
    """Thai ๐-๙, Burmese ၀-၉, Lao, Khmer and full-width digits as ASCII digits."""
    return text.translate(_DIGIT_TABLE)


def fold(text: str) -> str:
    """NFKC (full-width letters and punctuation to ASCII forms), then ASCII digits."""
    return ascii_digits(unicodedata.normalize("NFKC", text)).strip()


def refang(text: str) -> str:
    """Undo the defanging analysts apply to links: hxxp, [.], (dot), [:], [at]."""
    value = fold(text)
    for pattern, replacement in _DEFANG:
        value = pattern.sub(replacement, value)
    return value
