"""Text clean-up shared by identifier types: the region's digits, invisible characters and
defanged links."""

from __future__ import annotations

import re
import unicodedata

# Decimal digits of the region's scripts -> ASCII. NFKC already folds full-width digits; Thai,
# Burmese (and Shan), Lao and Khmer digits survive NFKC, so they are translated here (plus the
# Arabic-Indic and Devanagari digits migrant workers' phones also produce).
_DIGIT_BLOCKS = (0x0E50, 0x1040, 0x1090, 0x0ED0, 0x17E0, 0xFF10, 0x0660, 0x06F0, 0x0966)
_DIGITS = {
    chr(c): str(unicodedata.digit(chr(c)))
    for start in _DIGIT_BLOCKS
    for c in range(start, start + 10)
}
# Invisible characters scammers put inside numbers and links to slip past filters.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e"), None)
_TABLE = str.maketrans(_DIGITS) | _INVISIBLE
# In numbers only: the Burmese letter wa (ဝ) is written for the digit zero (၀); they look alike.
_NUMBER_TABLE = _TABLE | str.maketrans({"\u101d": "0"})

_DEFANG = [
    (re.compile(r"^h[x*]{2}p", re.I), "http"),
    (re.compile(r"^f[x*]p", re.I), "ftp"),
    (re.compile(r"\[\s*\.\s*\]|\(\s*\.\s*\)|\{\s*\.\s*\}|\\\."), "."),
    (re.compile(r"\[\s*dot\s*\]|\(\s*dot\s*\)|\{\s*dot\s*\}|\s+dot\s+", re.I), "."),
    (re.compile(r"\[\s*:\s*\]"), ":"),
    (re.compile(r"\[://\]"), "://"),
    (re.compile(r"\[\s*@\s*\]|\(\s*@\s*\)|\[\s*at\s*\]|\(\s*at\s*\)|\s+at\s+", re.I), "@"),
    (re.compile(r"\[/\]"), "/"),
]


def ascii_digits(text: str) -> str:
    """Thai ๐-๙, Burmese ၀-၉, Lao, Khmer and full-width digits as ASCII; invisibles removed."""
    return text.translate(_TABLE)


def fold(text: str) -> str:
    """NFKC (full-width letters and punctuation to ASCII forms), ASCII digits, trimmed."""
    return unicodedata.normalize("NFKC", text).translate(_TABLE).strip()


def fold_number(text: str) -> str:
    """`fold` for values made of digits: also reads the Burmese letter wa (ဝ) as a zero."""
    return unicodedata.normalize("NFKC", text).translate(_NUMBER_TABLE).strip()


def refang(text: str) -> str:
    """Undo the defanging analysts apply to links: hxxp, [.], (.), (dot), [dot], [:], [at]."""
    value = fold(text)
    if "x" in value[:4].lower() or "*" in value[:4] or any(c in value for c in "[({\\ "):
        for pattern, replacement in _DEFANG:
            value = pattern.sub(replacement, value)
    return value
